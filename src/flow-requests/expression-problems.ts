import { compileTemplate, isExpression, type JsonValue, variableNameProblem } from '../expressions';
import { pathProblem } from '../asl/jsonpath';
import type { ErrorDetail } from '../domain/errors';
import type { RawCondition, RawTask } from '../domain/flow/flow-schema';
import { aslChoiceRuleProblems } from './asl-choice-rule-problems';

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
  });
  for (const [name, value] of Object.entries(task.assign ?? {})) {
    const problem = variableNameProblem(name);
    if (problem) problems.push({ path: at('assign', name), message: `variable name ${problem}` });
    else compile(value, 'assign', name);
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
  condition.choices?.forEach((rule, r) => {
    if (rule.rule !== undefined) {
      problems.push(...aslChoiceRuleProblems(rule.rule, at('choices', r, 'rule')));
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
    for (const [name, value] of Object.entries(rule.assign ?? {})) {
      const problem = variableNameProblem(name);
      if (problem) problems.push({ path: at('choices', r, 'assign', name), message: `variable name ${problem}` });
      const compiled = compileTemplate(value as JsonValue, at('choices', r, 'assign', name));
      if (!compiled.ok) problems.push(...compiled.problems);
    }
  });
  return problems;
}
