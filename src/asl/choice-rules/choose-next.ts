import { ErrorCode } from '../../domain/error-codes';
import { formatPath } from '../../domain/problems/issue-paths';
import { COMPARISONS, isChoiceOperator, type ChoiceOperator, type Relation } from './choice-operators';
import { ChoiceStateError } from './choice-state-error';
import { compareInstants, parseChoiceTimestamp } from './choice-timestamps';
import { matchesPieces, parseWildcardPattern } from './wildcard-pattern';

/** What a path reads: whether it matched anything, and if so the value (which may be `null`). */
export interface PathReading {
  found: boolean;
  value?: unknown;
  /** When nothing was found for a reason other than the data (a variable that is not set): that reason. */
  missing?: string;
}

/**
 * Reads a Reference Path (`$.a.b` from the input, `$$.x` from the context object). Injected: the
 * JSONPath reading lives elsewhere, and the caller knows the context object; a reader that closes
 * over both may ignore `input`.
 */
export type ReadPath = (path: string, input: unknown) => PathReading;

type Segment = string | number;
type AslObject = Record<string, unknown>;

const isObject = (value: unknown): value is AslObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The state a JSONPath-mode Choice state goes to for `input`: the `Next` of the first rule in
 * `Choices` that matches, else its `Default`. Throws ChoiceStateError: `States.NoChoiceMatched`
 * when nothing matched and there is no Default, `States.Runtime` when a rule reads a path that
 * matches nothing (but `IsPresent`) or has a pattern with an open escape. The state is expected to
 * have passed choiceStateProblems; what it would have refused is a `States.Runtime` here, never a guess.
 */
export function chooseNext(state: AslObject, input: unknown, readPath: ReadPath): string {
  const choices = state.Choices;
  if (!Array.isArray(choices)) throw runtime(['Choices'], 'must be an array of choice rules');
  for (const [i, rule] of choices.entries()) {
    if (!choiceRuleMatches(rule, input, readPath, ['Choices', i])) continue;
    const next = (rule as AslObject).Next;
    if (typeof next !== 'string') throw runtime(['Choices', i, 'Next'], 'must name a state');
    return next;
  }
  if (typeof state.Default === 'string') return state.Default;
  throw new ChoiceStateError(
    ErrorCode.NoChoiceMatched,
    'Choices',
    'no choice rule matched the input, and the Choice state has no Default',
  );
}

/**
 * Whether one rule (a comparison, or `And`/`Or`/`Not` over rules, to any depth) holds for `input`.
 * `And` and `Or` stop at the first rule that decides them, as the spec says, so a comparison
 * guarded by an `IsPresent` before it is not read when the path is missing.
 */
export function choiceRuleMatches(rule: unknown, input: unknown, readPath: ReadPath, path: Segment[] = []): boolean {
  if (!isObject(rule)) throw runtime(path, 'must be a JSON object');
  if ('And' in rule || 'Or' in rule) {
    const field = 'And' in rule ? 'And' : 'Or';
    const rules = rule[field];
    if (!Array.isArray(rules) || rules.length === 0) throw runtime([...path, field], 'must be an array of rules');
    const holds = (r: unknown, i: number) => choiceRuleMatches(r, input, readPath, [...path, field, i]);
    return field === 'And' ? rules.every(holds) : rules.some(holds);
  }
  if ('Not' in rule) return !choiceRuleMatches(rule.Not, input, readPath, [...path, 'Not']);
  const operator = Object.keys(rule).find(isChoiceOperator);
  if (operator === undefined) throw runtime(path, 'has no comparison');
  return comparisonHolds(rule, operator, input, readPath, path);
}

function comparisonHolds(
  rule: AslObject,
  operator: ChoiceOperator,
  input: unknown,
  readPath: ReadPath,
  path: Segment[],
): boolean {
  const variable = rule.Variable;
  if (typeof variable !== 'string') throw runtime([...path, 'Variable'], 'must be a path');
  const reading = readPath(variable, input);
  const operand = rule[operator];
  if (operator === 'IsPresent') return reading.found === booleanOperand(operand, [...path, operator]);
  if (!reading.found)
    throw runtime([...path, 'Variable'], `the path '${variable}' ${reading.missing ?? 'matches nothing in the input'}`);
  const value = reading.value;
  const meaning = COMPARISONS[operator];
  if (meaning.kind === 'test') return typeTest(operator, value) === booleanOperand(operand, [...path, operator]);
  if (meaning.kind === 'pattern') {
    const pattern = typeof operand === 'string' ? parseWildcardPattern(operand) : undefined;
    if (!pattern?.ok) throw runtime([...path, operator], pattern?.message ?? 'must be a string');
    return typeof value === 'string' && matchesPieces(value, pattern.pieces);
  }
  let other = operand;
  if (meaning.byPath) {
    if (typeof operand !== 'string') throw runtime([...path, operator], 'must be a path');
    const read = readPath(operand, input);
    if (!read.found)
      throw runtime([...path, operator], `the path '${operand}' ${read.missing ?? 'matches nothing in the input'}`);
    other = read.value;
  }
  const order = ordering(meaning.kind, value, other);
  // Values not both of the operator's type make the comparison false, not an error (the spec).
  return order !== undefined && holds(meaning.relation!, order);
}

/** Negative, zero or positive as `a` stands before, at or after `b`; undefined when either is of another type. */
function ordering(kind: 'string' | 'number' | 'boolean' | 'timestamp', a: unknown, b: unknown): number | undefined {
  switch (kind) {
    case 'string':
      // UTF-16 code units, as Java's compareTo (what AWS documents) and JavaScript's `<` both compare.
      return typeof a === 'string' && typeof b === 'string' ? (a === b ? 0 : a < b ? -1 : 1) : undefined;
    case 'number':
      return typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : undefined;
    case 'boolean':
      // Only BooleanEquals exists: any difference will do.
      return typeof a === 'boolean' && typeof b === 'boolean' ? (a === b ? 0 : 1) : undefined;
    case 'timestamp': {
      const ta = typeof a === 'string' ? parseChoiceTimestamp(a) : undefined;
      const tb = typeof b === 'string' ? parseChoiceTimestamp(b) : undefined;
      return ta && tb ? compareInstants(ta, tb) : undefined;
    }
  }
}

function holds(relation: Relation, order: number): boolean {
  switch (relation) {
    case 'equals':
      return order === 0;
    case 'lessThan':
      return order < 0;
    case 'greaterThan':
      return order > 0;
    case 'lessThanEquals':
      return order <= 0;
    case 'greaterThanEquals':
      return order >= 0;
  }
}

function typeTest(operator: ChoiceOperator, value: unknown): boolean {
  switch (operator) {
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    default:
      // IsTimestamp, the one type test left (IsPresent is answered before the value is read).
      return typeof value === 'string' && parseChoiceTimestamp(value) !== undefined;
  }
}

function booleanOperand(operand: unknown, path: Segment[]): boolean {
  if (typeof operand !== 'boolean') throw runtime(path, 'must be true or false');
  return operand;
}

function runtime(path: Segment[], message: string): ChoiceStateError {
  // A rule evaluated on its own (no path given) is named as such, not as formatPath's `body`.
  const where = path.length === 0 ? 'rule' : formatPath(path);
  return new ChoiceStateError(ErrorCode.Runtime, where, `${where}: ${message}`);
}
