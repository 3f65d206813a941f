import { ChoiceOperator, COMPARISONS } from '../../src/asl/choice-rules/choice-operators';
import { ErrorCode } from '../../src/domain/error-codes';
import { choose, matches, thrown } from '../support/choice-rule-harness';

describe('StringMatches escapes, as a definition in JSON writes them', () => {
  const rule = (patternJson: string) => ({ Variable: '$.v', StringMatches: JSON.parse(patternJson) as string });

  it('"The escaped string \\\\* represents *. The escaped string \\\\\\\\ represents \\."', () => {
    expect(matches(rule(String.raw`"a\\*"`), { v: 'a*' })).toBe(true);
    expect(matches(rule(String.raw`"a\\*"`), { v: 'abc' })).toBe(false);
    expect(matches(rule(String.raw`"a\\\\*"`), { v: 'a\\bc' })).toBe(true);
  });

  it('"If an open escape backslash \\ is found in the StringMatches string, the interpreter will throw a runtime error"', () => {
    const state = { Choices: [{ ...rule(String.raw`"foo\\"`), Next: 'A' }], Default: 'B' };
    const error = thrown(() => choose(state, { v: 'foo' }));
    expect(error.errorName).toBe(ErrorCode.Runtime);
    expect(error.path).toBe('Choices[0].StringMatches');
  });
});

describe('missing paths', () => {
  const everyOperatorButIsPresent = Object.values(ChoiceOperator).filter((op) => op !== 'IsPresent');

  it.each(everyOperatorButIsPresent)('%s on a Variable that matches nothing: States.Runtime', (operator) => {
    const meaning = COMPARISONS[operator];
    const operand = meaning.byPath ? '$.other' : meaning.kind === 'test' || meaning.kind === 'boolean' ? true : 'x';
    const state = { Choices: [{ Variable: '$.missing', [operator]: operand, Next: 'A' }], Default: 'B' };
    const error = thrown(() => choose(state, { other: 'x' }));
    expect(error.errorName).toBe(ErrorCode.Runtime);
    expect(error.path).toBe('Choices[0].Variable');
  });

  it('IsPresent never raises: true for a present field (even null), false for a missing one; IsPresent false the reverse', () => {
    expect(matches({ Variable: '$.a.b', IsPresent: true }, { a: { b: null } })).toBe(true);
    expect(matches({ Variable: '$.a.b', IsPresent: true }, { a: {} })).toBe(false);
    expect(matches({ Variable: '$.a.b', IsPresent: true }, { a: 'not an object' })).toBe(false);
    expect(matches({ Variable: '$.a.b', IsPresent: false }, {})).toBe(true);
    expect(matches({ Variable: '$.a.b', IsPresent: false }, { a: { b: 1 } })).toBe(false);
  });

  it('a …Path operand that matches nothing: States.Runtime at that operator', () => {
    const state = { Choices: [{ Variable: '$.a', NumericEqualsPath: '$.b', Next: 'A' }] };
    const error = thrown(() => choose(state, { a: 1 }));
    expect(error.errorName).toBe(ErrorCode.Runtime);
    expect(error.path).toBe('Choices[0].NumericEqualsPath');
  });

  it('a null value is present, and of no comparison type: the comparison is false, not an error', () => {
    expect(matches({ Variable: '$.a', StringEquals: 'null' }, { a: null })).toBe(false);
    expect(matches({ Variable: '$.a', IsNull: false }, { a: 'x' })).toBe(true);
  });

  it('And and Or stop once decided, so a missing path after that is never read', () => {
    const missing = { Variable: '$.missing', NumericEquals: 1 };
    expect(matches({ And: [{ Variable: '$.a', IsNull: true }, missing] }, { a: 1 })).toBe(false);
    expect(matches({ Or: [{ Variable: '$.a', IsNumeric: true }, missing] }, { a: 1 })).toBe(true);
    expect(thrown(() => matches({ Or: [{ Variable: '$.a', IsNull: true }, missing] }, { a: 1 })).path).toBe(
      'Or[1].Variable',
    );
  });
});

describe('And, Or and Not nested', () => {
  // not (a > 1 and (b = "x" or not (c and (d < 0 or e is null))))
  const nested = {
    Not: {
      And: [
        { Variable: '$.a', NumericGreaterThan: 1 },
        {
          Or: [
            { Variable: '$.b', StringEquals: 'x' },
            {
              Not: {
                And: [
                  { Variable: '$.c', BooleanEquals: true },
                  {
                    Or: [
                      { Variable: '$.d', NumericLessThan: 0 },
                      { Variable: '$.e', IsNull: true },
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  };
  const formula = (i: { a: number; b: string; c: boolean; d: number; e: unknown }) =>
    !(i.a > 1 && (i.b === 'x' || !(i.c && (i.d < 0 || i.e === null))));

  it('evaluates six levels deep as the formula they spell, for every combination', () => {
    let checked = 0;
    for (const a of [0, 2])
      for (const b of ['x', 'y'])
        for (const c of [true, false])
          for (const d of [-1, 1])
            for (const e of [null, 'e']) {
              const input = { a, b, c, d, e };
              expect(matches(nested, input)).toBe(formula(input));
              checked++;
            }
    expect(checked).toBe(32);
  });

  it('negates through any number of Nots', () => {
    let rule: object = { Variable: '$.a', IsPresent: true };
    for (let depth = 1; depth <= 25; depth++) {
      rule = { Not: rule };
      expect(matches(rule, { a: 1 })).toBe(depth % 2 === 0);
    }
  });

  it('names the nested rule at fault', () => {
    const state = { Choices: [{ Or: [{ Not: { And: [{ Variable: '$.zz', IsNull: true }] } }], Next: 'A' }] };
    expect(thrown(() => choose(state, {})).path).toBe('Choices[0].Or[0].Not.And[0].Variable');
  });
});
