import { ChoiceOperator, COMPARISONS } from '../../src/asl/choice-rules/choice-operators';
import { choiceStateProblems } from '../../src/asl/choice-rules/choice-rule-problems';
import { dispatchEvent } from '../support/choice-rule-harness';

const problems = (state: object, prefix: Array<string | number> = [], names?: string[]) =>
  choiceStateProblems(state as Record<string, unknown>, prefix, names ? new Set(names) : undefined);

/** The one rule, top level, in a state: problems are then at `Choices[0]…`. */
const withRule = (rule: object) => ({ Type: 'Choice', Choices: [{ Next: 'A', ...rule }] });

describe('choiceStateProblems: valid states', () => {
  it("finds nothing in the spec's DispatchEvent", () => {
    expect(problems(dispatchEvent, [], ['Public', 'ValueInTwenties', 'StartAudit', 'RecordEvent'])).toEqual([]);
  });

  it('finds nothing in a rule of each operator with an operand of its type', () => {
    const operand = (operator: ChoiceOperator): unknown => {
      const { kind, byPath } = COMPARISONS[operator];
      if (byPath) return '$.other';
      if (kind === 'number') return 1.5;
      if (kind === 'boolean' || kind === 'test') return false;
      if (kind === 'timestamp') return '2016-03-14T01:59:00Z';
      return 'a\\*b*';
    };
    const state = {
      Choices: Object.values(ChoiceOperator).map((operator) => ({
        Variable: '$$.Execution.Input.v',
        [operator]: operand(operator),
        Next: 'A',
      })),
    };
    expect(problems(state)).toEqual([]);
  });
});

describe('choiceStateProblems: every problem, by path', () => {
  it.each([
    [{}, 'Choices', 'must be an array of at least one choice rule'],
    [{ Choices: [] }, 'Choices', 'must be an array of at least one choice rule'],
    [{ Choices: { Variable: '$.a' } }, 'Choices', 'must be an array of at least one choice rule'],
    [{ Choices: ['$.a'] }, 'Choices[0]', 'must be a JSON object'],
    [{ Choices: [{ Variable: '$.a', IsNull: true }] }, 'Choices[0].Next', 'is required on a rule in Choices'],
    [{ Choices: [{ Variable: '$.a', IsNull: true, Next: 3 }] }, 'Choices[0].Next', 'must name a state'],
    [{ Choices: [{ Variable: '$.a', IsNull: true, Next: 'A' }], Default: false }, 'Default', 'must name a state'],
  ])('%j: %s %s', (state, path, message) => {
    expect(problems(state)).toEqual([{ path, message: expect.stringContaining(message) as string }]);
  });

  it('says Choices[0].And[1].NumericEquals must be a number', () => {
    const state = withRule({
      And: [
        { Variable: '$.a', IsNumeric: true },
        { Variable: '$.a', NumericEquals: '5' },
      ],
    });
    expect(problems(state)).toEqual([{ path: 'Choices[0].And[1].NumericEquals', message: 'must be a number' }]);
  });

  it.each([
    [{ Variable: '$.a', StringEquals: 5 }, 'Choices[0].StringEquals', 'must be a string'],
    [{ Variable: '$.a', StringLessThanEquals: null }, 'Choices[0].StringLessThanEquals', 'must be a string'],
    [{ Variable: '$.a', StringMatches: ['*'] }, 'Choices[0].StringMatches', 'must be a string'],
    [{ Variable: '$.a', StringMatches: 'a\\b' }, 'Choices[0].StringMatches', 'has an open escape at character 2'],
    [{ Variable: '$.a', StringMatches: 'end\\' }, 'Choices[0].StringMatches', 'has an open escape at character 4'],
    [{ Variable: '$.a', NumericGreaterThan: '10' }, 'Choices[0].NumericGreaterThan', 'must be a number'],
    [{ Variable: '$.a', BooleanEquals: 'true' }, 'Choices[0].BooleanEquals', 'must be true or false'],
    [{ Variable: '$.a', IsPresent: 1 }, 'Choices[0].IsPresent', 'must be true or false'],
    [{ Variable: '$.a', IsTimestamp: 'yes' }, 'Choices[0].IsTimestamp', 'must be true or false'],
    [{ Variable: '$.a', TimestampEquals: '2016-03-14' }, 'Choices[0].TimestampEquals', 'must be a timestamp'],
    [{ Variable: '$.a', TimestampLessThan: 1457920740 }, 'Choices[0].TimestampLessThan', 'must be a timestamp'],
    [{ Variable: '$.a', TimestampGreaterThan: '2016-03-14t01:59:00z' }, 'Choices[0].TimestampGreaterThan', 'RFC 3339'],
    [{ Variable: '$.a', NumericEqualsPath: 'other' }, 'Choices[0].NumericEqualsPath', 'must be a path'],
    [{ Variable: '$.a', StringEqualsPath: 5 }, 'Choices[0].StringEqualsPath', 'must be a path'],
    [{ Variable: '$.a', TimestampEqualsPath: '$.t[*]' }, 'Choices[0].TimestampEqualsPath', 'must be a path'],
    [{ IsNull: true }, 'Choices[0].Variable', 'is required: the path of the value to compare'],
    [{ Variable: 'value', IsNull: true }, 'Choices[0].Variable', 'must be a path'],
    [{ Variable: '$1value', IsNull: true }, 'Choices[0].Variable', 'must be a path'],
    [{ Variable: '$..a', IsNull: true }, 'Choices[0].Variable', 'must be a path'],
    [{ Variable: 5, IsNull: true }, 'Choices[0].Variable', 'must be a path'],
    [{ Variable: '$.a' }, 'Choices[0]', 'must have one comparison'],
    [{ Variable: '$.a', IsNull: true, IsString: true }, 'Choices[0]', 'has 2 comparisons (IsNull, IsString)'],
    [{ And: [{ Variable: '$.a', IsNull: true }], Not: { Variable: '$.a', IsNull: true } }, 'Choices[0]', 'has 2'],
    [{ And: [] }, 'Choices[0].And', 'must be an array of at least one rule'],
    [{ Or: { Variable: '$.a', IsNull: true } }, 'Choices[0].Or', 'must be an array of at least one rule'],
    [{ Not: [{ Variable: '$.a', IsNull: true }] }, 'Choices[0].Not', 'must be one rule (a JSON object)'],
    [{ Not: { Variable: '$.a', IsNull: true }, Variable: '$.a' }, 'Choices[0].Variable', 'is not used with Not'],
    [
      { Not: { Variable: '$.a', IsNull: true, Assign: { x: 1 } } },
      'Choices[0].Not.Assign',
      "'Assign' is not supported",
    ],
  ])('%j: %s %s', (rule, path, message) => {
    expect(problems(withRule(rule))).toEqual([{ path, message: expect.stringContaining(message) as string }]);
  });

  it('refuses Next inside And, Or and Not, at any depth', () => {
    const rule = {
      Or: [
        { Variable: '$.a', IsNull: true, Next: 'B' },
        { Not: { Variable: '$.a', IsString: true, Next: 'C' } },
        { And: [{ Not: { Not: { Variable: '$.a', IsBoolean: true, Next: 'D' } } }] },
      ],
    };
    const message = 'is only allowed on a rule directly in Choices, not on one inside And, Or or Not';
    expect(problems(withRule(rule))).toEqual([
      { path: 'Choices[0].Or[0].Next', message },
      { path: 'Choices[0].Or[1].Not.Next', message },
      { path: 'Choices[0].Or[2].And[0].Not.Not.Next', message },
    ]);
  });

  it('names a misspelt operator, with the one it was probably meant to be', () => {
    expect(problems(withRule({ Variable: '$.a', NumericEqual: 1 }))).toEqual([
      {
        path: 'Choices[0].NumericEqual',
        message: "'NumericEqual' is not supported on a choice rule (did you mean 'NumericEquals'?)",
      },
      { path: 'Choices[0]', message: expect.stringContaining('must have one comparison') as string },
    ]);
  });

  it('finds a problem nested five levels down, by its full path', () => {
    const rule = {
      Not: {
        And: [
          { Variable: '$.a', IsPresent: true },
          { Or: [{ Variable: '$.b', IsNull: true }, { Not: { IsNull: true } }] },
        ],
      },
    };
    expect(problems(withRule(rule))).toEqual([
      { path: 'Choices[0].Not.And[1].Or[1].Not.Variable', message: 'is required: the path of the value to compare' },
    ]);
  });

  it('checks each Next and the Default against the state names when given', () => {
    const state = {
      Choices: [
        { Variable: '$.a', IsNull: true, Next: 'Known' },
        { Variable: '$.a', IsNull: false, Next: 'Nowhere' },
      ],
      Default: 'Elsewhere',
    };
    expect(problems(state, [], ['Known'])).toEqual([
      { path: 'Choices[1].Next', message: "names no state 'Nowhere'" },
      { path: 'Default', message: "names no state 'Elsewhere'" },
    ]);
    expect(problems(state)).toEqual([]);
  });

  it('reports every problem at once, under the prefix that places the state in its definition', () => {
    const state = {
      Type: 'Choice',
      Choices: [
        { Variable: '$.a', NumericEquals: 'one' },
        {
          And: [
            { Variable: 'a', IsNull: true },
            { Variable: '$.b', BooleanEquals: 1 },
          ],
          Next: 'A',
        },
      ],
      Default: 7,
    };
    expect(problems(state, ['asl', 'States', 'Pick'])).toEqual([
      { path: 'asl.States.Pick.Choices[0].Next', message: expect.stringContaining('is required') as string },
      { path: 'asl.States.Pick.Choices[0].NumericEquals', message: 'must be a number' },
      {
        path: 'asl.States.Pick.Choices[1].And[0].Variable',
        message: expect.stringContaining('must be a path') as string,
      },
      { path: 'asl.States.Pick.Choices[1].And[1].BooleanEquals', message: 'must be true or false' },
      { path: 'asl.States.Pick.Default', message: 'must name a state' },
    ]);
  });
});
