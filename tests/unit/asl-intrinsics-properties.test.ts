import fc from 'fast-check';
import { evaluateIntrinsic, type IntrinsicEnvironment } from '../../src/asl/intrinsics';

/**
 * Laws the functions keep for any input, where a list of examples would only test the cases already
 * thought of: fast-check generates the values and shrinks a failure to a small one.
 */
const withInput = (input: Record<string, unknown>): IntrinsicEnvironment => ({
  readPath: (path) => input[path.slice(2)],
});

/** Text written as a string literal: the four reserved characters escaped. */
const literal = (text: string): string => `'${text.replace(/[\\'{}]/g, (ch) => `\\${ch}`)}'`;

const text = fc.string({ unit: 'binary', maxLength: 60 });

describe('intrinsic function laws', () => {
  it('a string literal with its reserved characters escaped reads back as the text, no placeholder in it', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(evaluateIntrinsic(`States.Format(${literal(value)})`, withInput({}))).toBe(value);
        expect(evaluateIntrinsic(`States.Array(${literal(value)})`, withInput({}))).toEqual([value]);
      }),
    );
  });

  it('States.Format puts each value where its {} is', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), (pairs) => {
        const template = pairs.map(([before]) => literal(before).slice(1, -1)).join('{}');
        const values = pairs.slice(1).map(([, value]) => value);
        const expression = `States.Format('${template}'${values.map((value) => `, ${literal(value)}`).join('')})`;
        const expected = pairs.map(([before], i) => (i === 0 ? before : `${values[i - 1]}${before}`)).join('');
        expect(evaluateIntrinsic(expression, withInput({}))).toBe(expected);
      }),
    );
  });

  it('States.ArrayPartition cuts the array in order into chunks of the size, the last one shorter', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 50 }), fc.integer({ min: 1, max: 12 }), (items, size) => {
        const chunks = evaluateIntrinsic(
          'States.ArrayPartition($.items, $.size)',
          withInput({ items, size }),
        ) as unknown[][];
        expect(chunks.flat()).toEqual(items);
        expect(chunks.slice(0, -1).every((chunk) => chunk.length === size)).toBe(true);
        expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= size)).toBe(true);
      }),
    );
  });

  it('States.ArrayRange goes from the first value by the step, never past the last', () => {
    const bound = fc.integer({ min: -300, max: 300 });
    const step = fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0);
    fc.assert(
      fc.property(bound, bound, step, (first, last, by) => {
        const range = evaluateIntrinsic(
          'States.ArrayRange($.first, $.last, $.by)',
          withInput({ first, last, by }),
        ) as number[];
        range.forEach((value, i) => expect(value).toBe(first + i * by));
        const inside = (value: number) => (by > 0 ? value <= last : value >= last);
        expect(range.every(inside)).toBe(true);
        expect(inside((range.at(-1) ?? first - by) + by)).toBe(false);
      }),
    );
  });

  it('States.ArrayUnique keeps each value once, first come first kept; States.ArrayContains finds every item', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom('a', 'b'),
      fc.constant(null),
      fc.constant([1]),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), (items) => {
        const unique = evaluateIntrinsic('States.ArrayUnique($.items)', withInput({ items })) as unknown[];
        const keys = items.map((item) => JSON.stringify(item));
        expect(unique.map((item) => JSON.stringify(item))).toEqual([...new Set(keys)]);
        for (const item of items) {
          expect(evaluateIntrinsic('States.ArrayContains($.items, $.item)', withInput({ items, item }))).toBe(true);
        }
      }),
    );
  });

  it('States.Base64Decode undoes States.Base64Encode', () => {
    fc.assert(
      fc.property(text, (value) => {
        const encoded = evaluateIntrinsic('States.Base64Encode($.value)', withInput({ value }));
        expect(evaluateIntrinsic('States.Base64Decode($.encoded)', withInput({ encoded }))).toBe(value);
      }),
    );
  });

  it('States.StringToJson undoes States.JsonToString', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const written = evaluateIntrinsic('States.JsonToString($.value)', withInput({ value }));
        const read = evaluateIntrinsic('States.StringToJson($.written)', withInput({ written }));
        expect(read).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('States.StringSplit gives the non-empty runs between delimiters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', ' '), maxLength: 40 }), (value) => {
        const pieces = evaluateIntrinsic("States.StringSplit($.value, ',;')", withInput({ value })) as string[];
        expect(pieces).toEqual(value.split(/[,;]/).filter((piece) => piece !== ''));
      }),
    );
  });

  it('States.MathRandom stays in [start, end) whatever the seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer(),
        (start, width, seed) => {
          const value = evaluateIntrinsic(
            'States.MathRandom($.start, $.end, $.seed)',
            withInput({ start, end: start + width, seed }),
          );
          expect(value).toBeGreaterThanOrEqual(start);
          expect(value).toBeLessThan(start + width);
          expect(Number.isInteger(value)).toBe(true);
        },
      ),
    );
  });
});
