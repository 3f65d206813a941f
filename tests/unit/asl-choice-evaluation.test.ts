import { ChoiceOperator, COMPARISONS } from '../../src/asl/choice-rules/choice-operators';
import { ErrorCode } from '../../src/domain/error-codes';
import { choose, dispatchEvent, matches, thrown } from '../support/choice-rule-harness';

describe('chooseNext: the examples of the spec and of the AWS guide', () => {
  it('"suppose the machine is started with an input value of { type: Private, value: 22 }: ValueInTwenties"', () => {
    expect(choose(dispatchEvent, { type: 'Private', value: 22 })).toBe('ValueInTwenties');
  });

  it('takes the first rule that matches, then the Path comparison, then the Default', () => {
    expect(choose(dispatchEvent, { type: 'Public', value: 22 })).toBe('Public');
    // IsNumeric false stops the And before the numeric comparisons; the rating is read next.
    expect(choose(dispatchEvent, { type: 'Private', value: '22', rating: 5, auditThreshold: 3 })).toBe('StartAudit');
    expect(choose(dispatchEvent, { type: 'Private', value: 40, rating: 1, auditThreshold: 3 })).toBe('RecordEvent');
  });

  // The AWS guide's "ChoiceStateX".
  const choiceStateX = {
    Type: 'Choice',
    Choices: [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ],
    Default: 'DefaultState',
  };

  it('"Step Functions transitions to the ValueInTwenties state, based on the value field"', () => {
    expect(choose(choiceStateX, { type: 'Private', value: 22 })).toBe('ValueInTwenties');
    expect(choose(choiceStateX, { type: 'Private', value: 0 })).toBe('ValueIsZero');
    expect(choose(choiceStateX, { type: 'Private', value: 5 })).toBe('DefaultState');
  });

  it('"If the state input doesn\'t contain the $.type field, the execution fails": States.Runtime', () => {
    const error = thrown(() => choose(choiceStateX, { value: 22 }));
    expect(error.errorName).toBe(ErrorCode.Runtime);
    expect(error.path).toBe('Choices[0].Not.Variable');
    expect(error.message).toContain("'$.type' matches nothing");
  });

  it('"If no Choices evaluate to true … and no Default is provided": States.NoChoiceMatched', () => {
    const { Default: _default, ...noDefault } = choiceStateX;
    const error = thrown(() => choose(noDefault, { type: 'Private', value: 5 }));
    expect(error.errorName).toBe(ErrorCode.NoChoiceMatched);
    expect(error.path).toBe('Choices');
  });

  it("the guide's rule examples: IsNull, IsPresent before StringEquals, StringMatches, TimestampEquals, StringEqualsPath", () => {
    expect(matches({ Variable: '$.possiblyNullValue', IsNull: true }, { possiblyNullValue: null })).toBe(true);
    expect(matches({ Variable: '$.possiblyNullValue', IsNull: true }, { possiblyNullValue: 0 })).toBe(false);
    // "the StringEquals rule is only evaluated when $.keyThatMightNotExist exists because of the preceding IsPresent"
    const guarded = {
      And: [
        { Variable: '$.keyThatMightNotExist', IsPresent: true },
        { Variable: '$.keyThatMightNotExist', StringEquals: 'foo' },
      ],
    };
    expect(matches(guarded, {})).toBe(false);
    expect(matches(guarded, { keyThatMightNotExist: 'foo' })).toBe(true);
    expect(matches({ Variable: '$.foo', StringMatches: 'log-*.txt' }, { foo: 'log-1.txt' })).toBe(true);
    expect(
      matches({ Variable: '$.foo', TimestampEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T12:00:00Z' }),
    ).toBe(true);
    expect(matches({ Variable: '$.foo', StringEqualsPath: '$.bar' }, { foo: 'x', bar: 'x' })).toBe(true);
    expect(matches({ Variable: '$.foo', StringEqualsPath: '$.bar' }, { foo: 'x', bar: 'y' })).toBe(false);
  });
});

/**
 * Every operator with a literal operand: [operator, operand, a value it holds for, one it does not,
 * one of another type]. The `…Path` forms are checked from the same rows, the operand read from the input.
 */
const LITERAL_CASES: Array<[ChoiceOperator, unknown, unknown, unknown, unknown]> = [
  ['StringEquals', 'abc', 'abc', 'abd', 5],
  ['StringLessThan', 'b', 'a', 'b', 1],
  ['StringGreaterThan', 'b', 'c', 'b', true],
  ['StringLessThanEquals', 'b', 'b', 'c', null],
  ['StringGreaterThanEquals', 'b', 'b', 'B', ['b']],
  ['StringMatches', 'log-*.txt', 'log-2024.txt', 'log-2024.csv', 7],
  ['NumericEquals', 1, 1.0, 1.0000001, '1'],
  ['NumericLessThan', 10, 9.5, 10, '9'],
  ['NumericGreaterThan', 10, 10.5, 10, '11'],
  ['NumericLessThanEquals', 10, 10, 10.001, false],
  ['NumericGreaterThanEquals', 10, 10, 9.99, null],
  ['BooleanEquals', true, true, false, 'true'],
  ['TimestampEquals', '2001-01-01T12:00:00Z', '2001-01-01T14:00:00+02:00', '2001-01-01T12:00:01Z', '2001-01-01 12:00'],
  ['TimestampLessThan', '2016-03-14T01:59:00Z', '2016-03-14T01:58:59.999Z', '2016-03-14T01:59:00.000Z', 1457920740],
  ['TimestampGreaterThan', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00.0001Z', '2016-03-14T02:59:00+01:00', 'x'],
  ['TimestampLessThanEquals', '2016-03-14T01:59:00Z', '2016-03-14T02:59:00+01:00', '2016-03-14T01:59:00.5Z', null],
  ['TimestampGreaterThanEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00Z', '2016-03-13T23:59:59-00:00', '2016'],
];

/** The type tests: [operator, a value `operator: true` holds for, one it does not]. */
const TYPE_TESTS: Array<[ChoiceOperator, unknown, unknown]> = [
  ['IsNull', null, 0],
  ['IsNumeric', 1.5, '1.5'],
  ['IsString', '', 0],
  ['IsBoolean', false, 'false'],
  ['IsTimestamp', '2016-03-14T01:59:00Z', '2016-03-14'],
];

describe('every comparison: true, false, and false for a value of another type', () => {
  it('covers every operator of the vocabulary', () => {
    const covered = new Set<string>(['IsPresent', ...TYPE_TESTS.map(([op]) => op)]);
    for (const [operator] of LITERAL_CASES) {
      covered.add(operator);
      if (`${operator}Path` in COMPARISONS) covered.add(`${operator}Path`);
    }
    expect(Object.values(ChoiceOperator).filter((op) => !covered.has(op))).toEqual([]);
  });

  describe.each(LITERAL_CASES)('%s %j', (operator, operand, yes, no, otherType) => {
    const rule = { Variable: '$.v', [operator]: operand };
    it(`holds for ${JSON.stringify(yes)}, not for ${JSON.stringify(no)} nor ${JSON.stringify(otherType)}`, () => {
      expect(matches(rule, { v: yes })).toBe(true);
      expect(matches(rule, { v: no })).toBe(false);
      expect(matches(rule, { v: otherType })).toBe(false);
    });

    if (!COMPARISONS[`${operator}Path` as ChoiceOperator]) return;
    it(`${operator}Path compares with the value at its path, and is false when that is of another type`, () => {
      const byPath = { Variable: '$.v', [`${operator}Path`]: '$.other' };
      expect(matches(byPath, { v: yes, other: operand })).toBe(true);
      expect(matches(byPath, { v: no, other: operand })).toBe(false);
      expect(matches(byPath, { v: yes, other: otherType })).toBe(false);
    });
  });

  describe.each(TYPE_TESTS)('%s', (operator, yes, no) => {
    it(`true holds for ${JSON.stringify(yes)} only; false the other way round`, () => {
      expect(matches({ Variable: '$.v', [operator]: true }, { v: yes })).toBe(true);
      expect(matches({ Variable: '$.v', [operator]: true }, { v: no })).toBe(false);
      expect(matches({ Variable: '$.v', [operator]: false }, { v: yes })).toBe(false);
      expect(matches({ Variable: '$.v', [operator]: false }, { v: no })).toBe(true);
    });
  });

  it('compares ints and floats as numbers: 2 equals JSON 2.0, 1 is less than 1.5', () => {
    const input = JSON.parse('{ "v": 2.0, "w": 1 }') as unknown;
    expect(matches({ Variable: '$.v', NumericEquals: 2 }, input)).toBe(true);
    expect(matches({ Variable: '$.w', NumericLessThan: 1.5 }, input)).toBe(true);
    expect(matches({ Variable: '$.w', NumericGreaterThanPath: '$.v' }, input)).toBe(false);
  });

  it('compares strings character by character, with no case folding', () => {
    expect(matches({ Variable: '$.v', StringLessThan: 'a' }, { v: 'Z' })).toBe(true);
    expect(matches({ Variable: '$.v', StringEquals: 'straße' }, { v: 'STRASSE' })).toBe(false);
    expect(matches({ Variable: '$.v', StringLessThan: 'ab' }, { v: 'a' })).toBe(true);
  });

  it('matches a timestamp with a String comparator too, as its text ("a field which is thought of as a timestamp")', () => {
    expect(matches({ Variable: '$.v', StringEquals: '2016-03-14T01:59:00Z' }, { v: '2016-03-14T01:59:00Z' })).toBe(
      true,
    );
    expect(matches({ Variable: '$.v', StringEquals: '2016-03-14T01:59:00Z' }, { v: '2016-03-14T03:59:00+02:00' })).toBe(
      false,
    );
  });

  it('reads the context object through $$', () => {
    expect(matches({ Variable: '$$.x', NumericEquals: 42 }, {})).toBe(true);
    expect(matches({ Variable: '$.n', NumericEqualsPath: '$$.x' }, { n: 42 })).toBe(true);
    expect(matches({ Variable: '$$.Execution.Id', StringMatches: 'exec-*' }, {})).toBe(true);
  });
});
