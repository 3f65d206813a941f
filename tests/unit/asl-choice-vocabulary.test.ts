import fc from 'fast-check';
import {
  ChoiceConnective,
  ChoiceOperator,
  COMPARISONS,
  isChoiceConnective,
  isChoiceOperator,
} from '../../src/asl/choice-rules/choice-operators';
import { compareInstants, parseChoiceTimestamp } from '../../src/asl/choice-rules/choice-timestamps';
import { isReferencePath } from '../../src/asl/choice-rules/reference-path-syntax';
import { matchesPieces, parseWildcardPattern } from '../../src/asl/choice-rules/wildcard-pattern';

/**
 * The States Language spec, "Data-test expression": "The following comparison operators are
 * supported:" (numbered 1 to 23 there).
 */
const SPEC_OPERATORS = `
StringEquals, StringEqualsPath
StringLessThan, StringLessThanPath
StringGreaterThan, StringGreaterThanPath
StringLessThanEquals, StringLessThanEqualsPath
StringGreaterThanEquals, StringGreaterThanEqualsPath
StringMatches
NumericEquals, NumericEqualsPath
NumericLessThan, NumericLessThanPath
NumericGreaterThan, NumericGreaterThanPath
NumericLessThanEquals, NumericLessThanEqualsPath
NumericGreaterThanEquals, NumericGreaterThanEqualsPath
BooleanEquals, BooleanEqualsPath
TimestampEquals, TimestampEqualsPath
TimestampLessThan, TimestampLessThanPath
TimestampGreaterThan, TimestampGreaterThanPath
TimestampLessThanEquals, TimestampLessThanEqualsPath
TimestampGreaterThanEquals, TimestampGreaterThanEqualsPath
IsNull
IsPresent
IsNumeric
IsString
IsBoolean
IsTimestamp`
  .split(/[\n,]/)
  .map((name) => name.trim())
  .filter((name) => name !== '');

describe('choice operators: the vocabulary', () => {
  it("holds exactly the spec's comparison operators, each with its Path form where the spec has one", () => {
    expect(SPEC_OPERATORS).toHaveLength(39);
    expect(Object.values(ChoiceOperator).sort()).toEqual([...SPEC_OPERATORS].sort());
    for (const name of SPEC_OPERATORS) expect(isChoiceOperator(name)).toBe(true);
    expect(isChoiceOperator('StringMatchesPath')).toBe(false);
    expect(isChoiceOperator('IsNullPath')).toBe(false);
    expect(isChoiceOperator('And')).toBe(false);
  });

  it('keeps And, Or and Not apart, as the rules that combine rules', () => {
    expect(Object.values(ChoiceConnective)).toEqual(['And', 'Or', 'Not']);
    expect(isChoiceConnective('Not')).toBe(true);
    expect(isChoiceConnective('NumericEquals')).toBe(false);
  });

  it.each([
    ['StringEquals', { kind: 'string', relation: 'equals', byPath: false }],
    ['StringLessThanPath', { kind: 'string', relation: 'lessThan', byPath: true }],
    ['StringMatches', { kind: 'pattern', byPath: false }],
    ['NumericGreaterThan', { kind: 'number', relation: 'greaterThan', byPath: false }],
    ['NumericLessThanEqualsPath', { kind: 'number', relation: 'lessThanEquals', byPath: true }],
    ['BooleanEqualsPath', { kind: 'boolean', relation: 'equals', byPath: true }],
    ['TimestampGreaterThanEquals', { kind: 'timestamp', relation: 'greaterThanEquals', byPath: false }],
    ['TimestampLessThanPath', { kind: 'timestamp', relation: 'lessThan', byPath: true }],
    ['IsPresent', { kind: 'test', byPath: false }],
    ['IsTimestamp', { kind: 'test', byPath: false }],
  ])('%s means %j', (operator, meaning) => {
    expect(COMPARISONS[operator as ChoiceOperator]).toEqual(meaning);
  });

  it('gives every comparison (not the type tests or StringMatches) a relation', () => {
    for (const operator of Object.values(ChoiceOperator)) {
      const { kind, relation } = COMPARISONS[operator];
      expect(relation === undefined).toBe(kind === 'test' || kind === 'pattern');
    }
  });
});

describe('choice timestamps: the RFC 3339 profile, compared as instants', () => {
  it.each([
    '2016-03-14T01:59:00Z', // the spec's example
    '2001-01-01T12:00:00Z', // AWS's TimestampEquals example
    '2016-08-18T17:33:00Z',
    '2016-03-14T01:59:00.123456789Z',
    '2016-03-14T03:59:00+02:00',
    '2016-03-13T20:59:00-05:00',
    '2024-02-29T00:00:00Z',
    '0050-06-01T00:00:00Z',
  ])('reads %s', (text) => {
    expect(parseChoiceTimestamp(text)).toBeDefined();
  });

  it.each([
    ['2016-03-14t01:59:00Z', 'a lowercase t'],
    ['2016-03-14T01:59:00z', 'a lowercase z'],
    ['2016-03-14 01:59:00Z', 'a space for the T'],
    ['2016-03-14T01:59:00', 'no zone'],
    ['2016-03-14T01:59Z', 'no seconds'],
    ['2016-03-14', 'a date alone'],
    ['2016-03-14T01:59:00+0200', 'an offset without its colon'],
    ['2023-02-29T00:00:00Z', 'no such day'],
    ['2016-13-01T00:00:00Z', 'no such month'],
    ['2016-03-14T24:00:00Z', 'no such hour'],
    ['2016-03-14T01:59:60Z', 'a leap second we cannot tell from a wrong one'],
    ['2016-03-14T01:59:00.Z', 'an empty fraction'],
    ['1457920740', 'a number in a string'],
  ])('refuses %s (%s)', (text) => {
    expect(parseChoiceTimestamp(text)).toBeUndefined();
  });

  const order = (a: string, b: string) => compareInstants(parseChoiceTimestamp(a)!, parseChoiceTimestamp(b)!);

  it('compares the instants, whatever the offset', () => {
    expect(order('2016-03-14T03:59:00+02:00', '2016-03-14T01:59:00Z')).toBe(0);
    expect(order('2016-03-13T20:59:00-05:00', '2016-03-14T01:59:00Z')).toBe(0);
    expect(order('2016-03-14T01:59:00+00:01', '2016-03-14T01:59:00Z')).toBeLessThan(0);
    expect(order('2017-01-01T00:00:00Z', '2016-12-31T23:59:59Z')).toBeGreaterThan(0);
  });

  it('compares fractions to every digit given, trailing zeros aside', () => {
    expect(order('2016-03-14T01:59:00.5Z', '2016-03-14T01:59:00.500000Z')).toBe(0);
    expect(order('2016-03-14T01:59:00.0000001Z', '2016-03-14T01:59:00Z')).toBeGreaterThan(0);
    expect(order('2016-03-14T01:59:00.4999999Z', '2016-03-14T01:59:00.5Z')).toBeLessThan(0);
    expect(order('2016-03-14T01:58:59.999Z', '2016-03-14T01:59:00Z')).toBeLessThan(0);
  });
});

describe('StringMatches patterns', () => {
  const matches = (pattern: string, text: string) => {
    const parsed = parseWildcardPattern(pattern);
    if (!parsed.ok) throw new Error(parsed.message);
    return matchesPieces(text, parsed.pieces);
  };

  it('matches the spec\'s examples: "foo*.log matches foo23.log, *.log matches zebra.log, and foo*.* matches foobar.zebra"', () => {
    expect(matches('foo*.log', 'foo23.log')).toBe(true);
    expect(matches('*.log', 'zebra.log')).toBe(true);
    expect(matches('foo*.*', 'foobar.zebra')).toBe(true);
  });

  it.each([
    ['log-*.txt', 'log-2024.txt', true], // AWS's example
    ['log-*.txt', 'log-.txt', true],
    ['log-*.txt', 'log-2024.txt.gz', false],
    ['log-*.txt', 'xlog-1.txt', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['a**', 'a', true],
    ['*.?', 'x.?', true], // "No characters other than * have any special meaning"
    ['[a].+', '[a].+', true],
    ['[a].+', 'a.b', false],
  ])('%j on %j: %s', (pattern, text, result) => {
    expect(matches(pattern, text)).toBe(result);
  });

  // The spec: "The escaped string `\\*` represents `*`. The escaped string `\\\\` represents `\`."
  // (in JSON text), so the patterns below are read from JSON as a definition's are.
  const fromJson = (json: string) => JSON.parse(json) as string;

  it('reads \\* as a literal star and \\\\ as a literal backslash', () => {
    expect(matches(fromJson(String.raw`"\\*"`), '*')).toBe(true);
    expect(matches(fromJson(String.raw`"\\*"`), 'anything')).toBe(false);
    expect(matches(fromJson(String.raw`"a\\*b*"`), 'a*bcd')).toBe(true);
    expect(matches(fromJson(String.raw`"a\\*b*"`), 'axbcd')).toBe(false);
    expect(matches(fromJson(String.raw`"\\\\"`), '\\')).toBe(true);
    expect(matches(fromJson(String.raw`"C:\\\\*"`), 'C:\\temp')).toBe(true);
    expect(matches(fromJson(String.raw`"\\\\*"`), '\\*')).toBe(true);
    expect(matches(fromJson(String.raw`"\\\\*"`), '\\anything')).toBe(true);
    expect(matches(fromJson(String.raw`"\\\\\\*"`), '\\*')).toBe(true);
    expect(matches(fromJson(String.raw`"\\\\\\*"`), '\\x')).toBe(false);
  });

  it('agrees with a regular expression built from the same pattern, on generated patterns and texts', () => {
    // Tokens of a pattern as a definition writes them, each with what a RegExp would say for it.
    const token = fc.constantFrom(
      ['a', 'a'],
      ['b', 'b'],
      ['.', '\\.'],
      ['*', '[^]*'],
      ['\\*', '\\*'],
      ['\\\\', '\\\\'],
    );
    const text = fc.array(fc.constantFrom('a', 'b', '.', '*', '\\'), { maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), text, (tokens, candidate) => {
        const pattern = tokens.map(([written]) => written).join('');
        const oracle = new RegExp(`^${tokens.map(([, regex]) => regex).join('')}$`);
        expect(matches(pattern, candidate)).toBe(oracle.test(candidate));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an open escape: a backslash at the end, or before anything but * and \\', () => {
    expect(parseWildcardPattern('foo\\')).toEqual({ ok: false, message: expect.stringContaining('character 4') });
    expect(parseWildcardPattern('a\\b').ok).toBe(false);
    expect(parseWildcardPattern('\\\\\\').ok).toBe(false);
  });
});

describe('reference path syntax', () => {
  // The spec, "Reference Paths": "Here are some examples of acceptable Reference Path syntax".
  it.each([
    '$.store.book',
    '$.store\\.book',
    '$.\\stor\\e.boo\\k',
    '$.store.book.title',
    '$.foo.\\.bar',
    '$.foo\\@bar.baz\\[\\[.\\?pretty',
    '$.&Ж中.\\uD800\\uDF46',
    '$.ledgers.branch[0].pending.count',
    '$.ledgers.branch[0]',
    '$.ledgers[0][22][315].foo',
    "$['store']['book']",
    "$['store'][0]['book']",
    '$',
    '$$',
    '$$.Execution.Id',
    "$['a,b:c?']",
    '$foo',
    '$foo.bar[0]',
    "$foo['a b']",
  ])('takes %s', (path) => {
    expect(isReferencePath(path)).toBe(true);
  });

  it.each([
    '',
    'foo',
    'value',
    '$1foo',
    '$foo..a',
    '$..a',
    '$.a..b',
    '$.a.',
    '$.a[*]',
    '$.a.*',
    '$.a[?(@.b)]',
    '$.a[0,1]',
    '$.a[0:2]',
    "$['a",
    '$.a\\',
  ])('refuses %j', (path) => {
    expect(isReferencePath(path)).toBe(false);
  });
});
