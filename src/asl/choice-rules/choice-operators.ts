/**
 * Every comparison operator of a JSONPath-mode Choice rule (Amazon States Language, "Choice
 * State": data-test expressions), and how each compares. A rule with one of these has a
 * `Variable` (the path of the value under test) and the operator's operand; `And`, `Or` and `Not`
 * (ChoiceConnective) combine rules instead.
 *
 * Plain constants, no imports, as the error-code vocabulary (src/domain/error-codes.ts).
 */
export const ChoiceOperator = {
  StringEquals: 'StringEquals',
  StringEqualsPath: 'StringEqualsPath',
  StringLessThan: 'StringLessThan',
  StringLessThanPath: 'StringLessThanPath',
  StringGreaterThan: 'StringGreaterThan',
  StringGreaterThanPath: 'StringGreaterThanPath',
  StringLessThanEquals: 'StringLessThanEquals',
  StringLessThanEqualsPath: 'StringLessThanEqualsPath',
  StringGreaterThanEquals: 'StringGreaterThanEquals',
  StringGreaterThanEqualsPath: 'StringGreaterThanEqualsPath',
  /** A pattern where `*` matches any run of characters; `\*` and `\\` stand for `*` and `\`. No Path form. */
  StringMatches: 'StringMatches',

  NumericEquals: 'NumericEquals',
  NumericEqualsPath: 'NumericEqualsPath',
  NumericLessThan: 'NumericLessThan',
  NumericLessThanPath: 'NumericLessThanPath',
  NumericGreaterThan: 'NumericGreaterThan',
  NumericGreaterThanPath: 'NumericGreaterThanPath',
  NumericLessThanEquals: 'NumericLessThanEquals',
  NumericLessThanEqualsPath: 'NumericLessThanEqualsPath',
  NumericGreaterThanEquals: 'NumericGreaterThanEquals',
  NumericGreaterThanEqualsPath: 'NumericGreaterThanEqualsPath',

  BooleanEquals: 'BooleanEquals',
  BooleanEqualsPath: 'BooleanEqualsPath',

  /** Timestamps compare as the instants they name (RFC 3339, uppercase `T` and `Z`), not as text. */
  TimestampEquals: 'TimestampEquals',
  TimestampEqualsPath: 'TimestampEqualsPath',
  TimestampLessThan: 'TimestampLessThan',
  TimestampLessThanPath: 'TimestampLessThanPath',
  TimestampGreaterThan: 'TimestampGreaterThan',
  TimestampGreaterThanPath: 'TimestampGreaterThanPath',
  TimestampLessThanEquals: 'TimestampLessThanEquals',
  TimestampLessThanEqualsPath: 'TimestampLessThanEqualsPath',
  TimestampGreaterThanEquals: 'TimestampGreaterThanEquals',
  TimestampGreaterThanEqualsPath: 'TimestampGreaterThanEqualsPath',

  /** The value is JSON `null` (`IsNull: false`: it is anything else). */
  IsNull: 'IsNull',
  /** The Variable's path matches something: the one operator for which a missing path is no error. */
  IsPresent: 'IsPresent',
  IsNumeric: 'IsNumeric',
  IsString: 'IsString',
  IsBoolean: 'IsBoolean',
  /** A string that is a timestamp of the RFC 3339 profile the Timestamp comparisons read. */
  IsTimestamp: 'IsTimestamp',
} as const;

export type ChoiceOperator = (typeof ChoiceOperator)[keyof typeof ChoiceOperator];

/** The rules that combine rules: `And` and `Or` take a non-empty array of them, `Not` one. */
export const ChoiceConnective = { And: 'And', Or: 'Or', Not: 'Not' } as const;

export type ChoiceConnective = (typeof ChoiceConnective)[keyof typeof ChoiceConnective];

/** What a comparison compares: the type both sides must have, or the test a type test makes. */
export type OperandKind = 'string' | 'pattern' | 'number' | 'boolean' | 'timestamp' | 'test';

/** How a comparison orders the Variable's value against the operand. */
export type Relation = 'equals' | 'lessThan' | 'greaterThan' | 'lessThanEquals' | 'greaterThanEquals';

export interface ComparisonMeaning {
  kind: OperandKind;
  /** For comparisons (not type tests): how the two values must stand. */
  relation?: Relation;
  /** The operand is a path to the value to compare with (the `…Path` forms), not the value itself. */
  byPath: boolean;
}

const RELATIONS: ReadonlyArray<[suffix: string, relation: Relation]> = [
  ['Equals', 'equals'],
  ['LessThan', 'lessThan'],
  ['GreaterThan', 'greaterThan'],
  ['LessThanEquals', 'lessThanEquals'],
  ['GreaterThanEquals', 'greaterThanEquals'],
];
const KINDS: ReadonlyArray<[prefix: string, kind: OperandKind]> = [
  ['String', 'string'],
  ['Numeric', 'number'],
  ['Boolean', 'boolean'],
  ['Timestamp', 'timestamp'],
];

/** Each operator's meaning, read from its name the way the spec names them (`<Type><Relation>[Path]`). */
function meaningOf(operator: ChoiceOperator): ComparisonMeaning {
  if (operator === ChoiceOperator.StringMatches) return { kind: 'pattern', byPath: false };
  if (operator.startsWith('Is')) return { kind: 'test', byPath: false };
  const byPath = operator.endsWith('Path');
  const name = byPath ? operator.slice(0, -'Path'.length) : operator;
  const [prefix, kind] = KINDS.find(([p]) => name.startsWith(p))!;
  const [, relation] = RELATIONS.find(([suffix]) => name === prefix + suffix)!;
  return { kind, relation, byPath };
}

export const COMPARISONS: Readonly<Record<ChoiceOperator, ComparisonMeaning>> = Object.fromEntries(
  Object.values(ChoiceOperator).map((operator) => [operator, meaningOf(operator)]),
) as Record<ChoiceOperator, ComparisonMeaning>;

export const CHOICE_OPERATORS: ReadonlySet<string> = new Set(Object.values(ChoiceOperator));
export const CHOICE_CONNECTIVES: ReadonlySet<string> = new Set(Object.values(ChoiceConnective));

export const isChoiceOperator = (name: string): name is ChoiceOperator => CHOICE_OPERATORS.has(name);
export const isChoiceConnective = (name: string): name is ChoiceConnective => CHOICE_CONNECTIVES.has(name);
