import { compileTemplate, isExpression, type JsonValue, variableNameProblem } from '../expressions';
import { pathProblem } from '../asl/jsonpath';
import type { ErrorDetail } from '../domain/errors';
import type { RawCondition, RawTask } from '../domain/flow/flow-schema';
import { aslChoiceRuleProblems } from './asl-choice-rule-problems';
import { assignProblems } from './jsonpath-problems';

type Segment = string | number;

/**
 * Every expression of a task (`arguments`, `output`, each `assign` value) and of a condition (each
 * choice rule's `condition`; a States Language `rule` is checked instead) compiled when the flow is submitted, so a syntax error or a refused
 * function is a 400 naming its field's path, never a surprise at run time. (A map's `items` and
 * `item_selector` are compiled with its other fields, in fan-out-problems.ts.)
 */
export function taskExpressionProblems(task: Partial<RawTask>, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const compile = (value: unknown, ...path: Segment[]) => {
    const outcome = compileTemplate(value as JsonValue, at(...path));
    if (!outcome.ok) problems.push(...outcome.problems);
  };
  if (task.arguments !== undefined) compile(task.arguments, 'arguments');
  if (task.output !== undefined) compile(task.output, 'output');
  task.catch?.forEach((catcher, c) => {
    if (catcher.output !== undefined) compile(catcher.output, 'catch', c, 'output');
    // A JSONPath task's catcher assigns through a payload template, checked with its other JSONPath fields.
    if (catcher.assign !== undefined && task.jsonpath === undefined)
      problems.push(...jsonataAssignProblems(catcher.assign, at('catch', c, 'assign')));
  });
  if (task.assign !== undefined) problems.push(...jsonataAssignProblems(task.assign, at('assign')));
  return problems;
}

/** JSONata variables to set (name → template): each name a variable's, each template compiling. */
function jsonataAssignProblems(assign: Record<string, unknown>, at: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(assign)) {
    const problem = variableNameProblem(name);
    if (problem) problems.push({ path: `${at}.${name}`, message: `variable name ${problem}` });
    else {
      const outcome = compileTemplate(value as JsonValue, `${at}.${name}`);
      if (!outcome.ok) problems.push(...outcome.problems);
    }
  }
  return problems;
}

export function conditionExpressionProblems(
  condition: Partial<RawCondition>,
  at: (...segments: Segment[]) => string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const outputPathProblem = typeof condition.output_path === 'string' ? pathProblem(condition.output_path) : undefined;
  if (outputPathProblem) problems.push({ path: at('output_path'), message: outputPathProblem });
  problems.push(...defaultProblems(condition, at));
  condition.choices?.forEach((rule, r) => {
    if (rule.rule !== undefined) {
      problems.push(...aslChoiceRuleProblems(rule.rule, at('choices', r, 'rule')));
      if (rule.assign !== undefined) problems.push(...assignProblems(rule.assign, at('choices', r, 'assign')));
      return;
    }
    if (!isExpression(rule.condition)) {
      problems.push({
        path: at('choices', r, 'condition'),
        message: "condition must be an expression '{% ... %}' that yields true or false",
      });
      return;
    }
    const outcome = compileTemplate(rule.condition, at('choices', r, 'condition'));
    if (!outcome.ok) problems.push(...outcome.problems);
    if (rule.assign !== undefined) problems.push(...jsonataAssignProblems(rule.assign, at('choices', r, 'assign')));
  });
  return problems;
}

/**
 * A condition's `default_assign` is read in its rules' language, so the rules must have one:
 * all `rule`s (JSONPath: a payload template) or all `condition`s (JSONata: name → template);
 * `default_output` is a JSONata template (a JSONPath choice hands on through output_path).
 */
function defaultProblems(condition: Partial<RawCondition>, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const choices = condition.choices ?? [];
  const jsonPath = choices.length > 0 && choices.every((rule) => rule.rule !== undefined);
  const jsonata = choices.every((rule) => rule.rule === undefined);
  const problems: ErrorDetail[] = [];
  if (condition.default_assign !== undefined) {
    if (jsonPath) problems.push(...assignProblems(condition.default_assign, at('default_assign')));
    else if (jsonata) problems.push(...jsonataAssignProblems(condition.default_assign, at('default_assign')));
    else
      problems.push({
        path: at('default_assign'),
        message:
          'default_assign is read in the language of the rules: give all rules as condition (JSONata) or all as rule (JSONPath)',
      });
  }
  if (condition.default_output !== undefined) {
    if (!jsonata)
      problems.push({
        path: at('default_output'),
        message:
          'default_output is a JSONata template: it goes with condition rules (a JSONPath choice uses output_path)',
      });
    else {
      const outcome = compileTemplate(condition.default_output as JsonValue, at('default_output'));
      if (!outcome.ok) problems.push(...outcome.problems);
    }
  }
  return problems;
}
