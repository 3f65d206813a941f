import type { ErrorDetail } from '../../domain/errors';
import { formatPath } from '../../domain/problems/issue-paths';
import { didYouMean } from '../../domain/problems/suggestions';
import {
  CHOICE_CONNECTIVES,
  CHOICE_OPERATORS,
  COMPARISONS,
  isChoiceConnective,
  isChoiceOperator,
  type ChoiceConnective,
  type ChoiceOperator,
} from './choice-operators';
import { isChoiceTimestamp } from './choice-timestamps';
import { isReferencePath } from './reference-path-syntax';
import { parseWildcardPattern } from './wildcard-pattern';

type Segment = string | number;
type AslObject = Record<string, unknown>;
type Problem = (message: string, ...path: Segment[]) => void;

const isObject = (value: unknown): value is AslObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RULE_FIELDS = ['Variable', 'Next', ...CHOICE_OPERATORS, ...CHOICE_CONNECTIVES];

export const CHOICE_RULE_MESSAGES = {
  choices: 'must be an array of at least one choice rule',
  notAnObject: 'must be a JSON object',
  noComparison:
    'must have one comparison (Variable with StringEquals, NumericLessThan, IsPresent, …) or one of And, Or, Not',
  severalComparisons: (names: string[]) =>
    `has ${names.length} comparisons (${names.join(', ')}): give exactly one per rule, and combine rules with And or Or`,
  nextRequired: 'is required on a rule in Choices: the state to go to when the rule matches',
  nextNested: 'is only allowed on a rule directly in Choices, not on one inside And, Or or Not',
  nameState: 'must name a state',
  noState: (name: string) => `names no state '${name}'`,
  unknownField: (field: string) => `'${field}' is not supported on a choice rule${didYouMean(field, RULE_FIELDS)}`,
  variableRequired: 'is required: the path of the value to compare',
  variableOnConnective: (connective: ChoiceConnective) =>
    `is not used with ${connective}: give each rule inside it a Variable of its own`,
  path: 'must be a path such as $.field ($$.field for the context object, $name.field for a variable), naming one value',
  rules: 'must be an array of at least one rule',
  oneRule: 'must be one rule (a JSON object)',
  string: 'must be a string',
  number: 'must be a number',
  boolean: 'must be true or false',
  timestamp: 'must be a timestamp such as 2016-03-14T01:59:00Z (RFC 3339, with an uppercase T, and Z or an offset)',
} as const;

/**
 * Every problem with a JSONPath-mode Choice state's `Choices` and `Default`, each by its path
 * (`Choices[0].And[1].NumericEquals`: must be a number), all at once: the rules' shape, and each
 * operand's type, as the States Language requires them. `prefix` puts the state in its definition
 * (`['asl', 'States', 'Pick']` gives `asl.States.Pick.Choices[0]…`); with `stateNames`, each `Next`
 * and the `Default` must name one of them. The state's other fields are the import's to check.
 *
 * Rules nest to any depth: the recursion is bounded by the JSON depth guard the import runs first.
 */
export function choiceStateProblems(
  state: AslObject,
  prefix: readonly Segment[] = [],
  stateNames?: ReadonlySet<string>,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const problem: Problem = (message, ...path) => details.push({ path: formatPath([...prefix, ...path]), message });
  const target = (value: unknown, path: Segment[]) => {
    if (typeof value !== 'string') problem(CHOICE_RULE_MESSAGES.nameState, ...path);
    else if (stateNames && !stateNames.has(value)) problem(CHOICE_RULE_MESSAGES.noState(value), ...path);
  };
  const choices = state.Choices;
  if (!Array.isArray(choices) || choices.length === 0) problem(CHOICE_RULE_MESSAGES.choices, 'Choices');
  else choices.forEach((rule: unknown, i) => ruleProblems(rule, ['Choices', i], true, problem, target));
  if (state.Default !== undefined) target(state.Default, ['Default']);
  return details;
}

function ruleProblems(
  rule: unknown,
  path: Segment[],
  topLevel: boolean,
  problem: Problem,
  target: (value: unknown, path: Segment[]) => void,
): void {
  if (!isObject(rule)) {
    problem(CHOICE_RULE_MESSAGES.notAnObject, ...path);
    return;
  }
  const fields = Object.keys(rule);
  for (const field of fields)
    // A rule in Choices may have a Comment, as the spec allows, and an Assign (variables set when
    // it is chosen); nested ones are rules alone.
    if (!RULE_FIELDS.includes(field) && !(topLevel && (field === 'Comment' || field === 'Assign')))
      problem(CHOICE_RULE_MESSAGES.unknownField(field), ...path, field);
  if (topLevel) {
    if (rule.Next === undefined) problem(CHOICE_RULE_MESSAGES.nextRequired, ...path, 'Next');
    else target(rule.Next, [...path, 'Next']);
  } else if (rule.Next !== undefined) problem(CHOICE_RULE_MESSAGES.nextNested, ...path, 'Next');

  const comparisons = fields.filter((field) => isChoiceOperator(field) || isChoiceConnective(field));
  if (comparisons.length === 0) return problem(CHOICE_RULE_MESSAGES.noComparison, ...path);
  if (comparisons.length > 1) return problem(CHOICE_RULE_MESSAGES.severalComparisons(comparisons), ...path);
  const comparison = comparisons[0]!;
  if (isChoiceConnective(comparison)) connectiveProblems(rule, comparison, path, problem, target);
  else comparisonProblems(rule, comparison, path, problem);
}

function connectiveProblems(
  rule: AslObject,
  connective: ChoiceConnective,
  path: Segment[],
  problem: Problem,
  target: (value: unknown, path: Segment[]) => void,
): void {
  if (rule.Variable !== undefined) problem(CHOICE_RULE_MESSAGES.variableOnConnective(connective), ...path, 'Variable');
  const operand = rule[connective];
  if (connective === 'Not') {
    if (!isObject(operand)) problem(CHOICE_RULE_MESSAGES.oneRule, ...path, 'Not');
    else ruleProblems(operand, [...path, 'Not'], false, problem, target);
  } else if (!Array.isArray(operand) || operand.length === 0) problem(CHOICE_RULE_MESSAGES.rules, ...path, connective);
  else operand.forEach((inner: unknown, i) => ruleProblems(inner, [...path, connective, i], false, problem, target));
}

function comparisonProblems(rule: AslObject, operator: ChoiceOperator, path: Segment[], problem: Problem): void {
  const variable = rule.Variable;
  if (variable === undefined) problem(CHOICE_RULE_MESSAGES.variableRequired, ...path, 'Variable');
  else if (typeof variable !== 'string' || !isReferencePath(variable))
    problem(CHOICE_RULE_MESSAGES.path, ...path, 'Variable');
  const operand = rule[operator];
  const at = [...path, operator];
  const meaning = COMPARISONS[operator];
  if (meaning.byPath) {
    if (typeof operand !== 'string' || !isReferencePath(operand)) problem(CHOICE_RULE_MESSAGES.path, ...at);
    return;
  }
  switch (meaning.kind) {
    case 'string':
      if (typeof operand !== 'string') problem(CHOICE_RULE_MESSAGES.string, ...at);
      break;
    case 'pattern': {
      if (typeof operand !== 'string') problem(CHOICE_RULE_MESSAGES.string, ...at);
      else {
        const parsed = parseWildcardPattern(operand);
        if (!parsed.ok) problem(parsed.message, ...at);
      }
      break;
    }
    case 'number':
      if (typeof operand !== 'number') problem(CHOICE_RULE_MESSAGES.number, ...at);
      break;
    case 'boolean':
    case 'test':
      if (typeof operand !== 'boolean') problem(CHOICE_RULE_MESSAGES.boolean, ...at);
      break;
    case 'timestamp':
      if (!isChoiceTimestamp(operand)) problem(CHOICE_RULE_MESSAGES.timestamp, ...at);
      break;
  }
}
