import { nine, run } from '../support/intrinsic-env';

/**
 * Each function with the examples of Step Functions' documentation ("Intrinsic functions for
 * JSONPath states"): the input and the answer as the documentation prints them, unless a comment
 * says otherwise; then the answers Step Functions gives for edge cases.
 */
describe("the documentation's examples", () => {
  it('States.Format', () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });

  it('States.StringToJson and States.JsonToString', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
    // Printed escaped (`{\"foo\": \"bar\"}`); Step Functions' answer is the compact text.
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe('{"foo":"bar"}');
  });

  it('States.Array', () => {
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    const input = { someJson: { random: 'abcdefg' }, zebra: 'stripe' };
    expect(run("States.Array('Foo', 2022, $.someJson, null)", input)).toEqual([
      'Foo',
      2022,
      { random: 'abcdefg' },
      null,
    ]);
  });

  it('the array functions', () => {
    expect(run('States.ArrayPartition($.inputArray,4)', nine)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', { ...nine, lookingFor: 5 })).toBe(true);
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { ...nine, index: 5 })).toBe(6);
    expect(run('States.ArrayLength($.inputArray)', nine)).toBe(9);
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });

  it('States.Base64Encode and States.Base64Decode', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    // The documentation prints "Decoded data", which is not what this Base64 text says.
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
  });

  it('States.Hash, every algorithm', () => {
    const input = (Algorithm: string) => ({ Data: 'input data', Algorithm });
    // The documentation prints the SHA-1 one digit short (…d18d7485e8…); Step Functions answers this.
    expect(run('States.Hash($.Data, $.Algorithm)', input('SHA-1'))).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run('States.Hash($.Data, $.Algorithm)', input('MD5'))).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run('States.Hash($.Data, $.Algorithm)', input('SHA-256'))).toBe(
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    );
    expect(run('States.Hash($.Data, $.Algorithm)', input('SHA-384'))).toBe(
      'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562',
    );
    expect(run('States.Hash($.Data, $.Algorithm)', input('SHA-512'))).toBe(
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    );
  });

  it('States.JsonMerge: shallow, the second object winning', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });

  it('States.MathRandom and States.MathAdd', () => {
    for (let i = 0; i < 50; i += 1) {
      const value = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 }) as number;
      expect(Number.isInteger(value) && value >= 1 && value < 999).toBe(true);
    }
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
  });

  it('States.StringSplit, one delimiter and several', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    const several = { inputString: 'This.is+a,test=string', splitter: '.+,=' };
    expect(run('States.StringSplit($.inputString, $.splitter)', several)).toEqual([
      'This',
      'is',
      'a',
      'test',
      'string',
    ]);
  });

  it('States.UUID: a version 4 UUID', () => {
    const uuid = run('States.UUID()') as string;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()')).not.toBe(uuid);
  });
});

describe('what Step Functions answers beyond the examples', () => {
  it('States.Format writes values as Step Functions does: objects and arrays Java-style', () => {
    const input = {
      s: 'HelloWorld',
      n: null,
      i: 1,
      f: 1.1,
      b: true,
      o: { Arg1: 1, Arg2: [] },
      a: [1, 'x', { k: 'v' }],
    };
    expect(run("States.Format('{} {} {} {} {}', $.s, $.n, $.i, $.f, $.b)", input)).toBe('HelloWorld null 1 1.1 true');
    expect(run("States.Format('fst={}', $.o)", input)).toBe('fst={Arg1=1, Arg2=[]}');
    expect(run("States.Format('{}', $.a)", input)).toBe('[1, x, {k=v}]');
    expect(run("States.Format('{}', $$.Execution.Name)")).toBe('run-1');
  });

  it('States.Format: an escaped brace is text, a {} from a path is a placeholder', () => {
    expect(run("States.Format('\\{} is {}', 'x')")).toBe('{} is x');
    expect(run("States.Format('\\{\\}')")).toBe('{}');
    expect(run("States.Format('{\\}{}', 1)")).toBe('{}1');
    expect(run("States.Format(States.Format('\\{}\\{}'), 1, 2)")).toBe('12');
  });

  it('States.StringSplit leaves empty pieces out', () => {
    const split = (text: string, by: string) => run('States.StringSplit($.t, $.d)', { t: text, d: by });
    expect(split(' , ', ',')).toEqual([' ', ' ']);
    expect(split(', , ,', ',')).toEqual([' ', ' ']);
    expect(split(',,,,', ',')).toEqual([]);
    expect(split('split on T and \nnew line', 'T\n')).toEqual(['split on ', ' and ', 'new line']);
    expect(split('abc', '')).toEqual(['abc']);
  });

  it('States.StringToJson gives null for blank text; States.JsonToString writes compact JSON', () => {
    expect(run("States.StringToJson('')")).toBeNull();
    expect(run("States.StringToJson(' ')")).toBeNull();
    expect(run('States.StringToJson(\'[1, 2, "HelloWorld"]\')')).toEqual([1, 2, 'HelloWorld']);
    expect(run('States.JsonToString($.v)', { v: [1, 2, 'HelloWorld'] })).toBe('[1,2,"HelloWorld"]');
    expect(run('States.JsonToString($.v)', { v: null })).toBe('null');
    expect(run('States.JsonMerge(States.StringToJson(\'{"k": "v"}\'), $.o, false)', { o: { j: 1 } })).toEqual({
      k: 'v',
      j: 1,
    });
  });

  it("rounds non-integers to the nearest integer, halves up (Java's Math.round)", () => {
    const add = (a: number, b: number) => run('States.MathAdd($.a, $.b)', { a, b });
    const answers: Array<[number, number, number]> = [
      [1.49, 1.5, 3],
      [1.5, 1.51, 4],
      [-1.49, -1.5, -2],
      [-1.5, -1.51, -3],
      [0.5, 0, 1],
      [2.5, 0, 3],
      [-0.5, 0, 0],
      [-2.5, 0, -2],
      [-3.5, 0, -3],
    ];
    for (const [a, b, sum] of answers) expect([a, b, add(a, b)]).toEqual([a, b, sum]);
    expect(Object.is(add(-0.5, 0), 0)).toBe(true);
    expect(run('States.ArrayPartition($.a, 1.5)', { a: [1, 2, 3] })).toEqual([[1, 2], [3]]);
    expect(run('States.ArrayRange(0.5, 2.4, 1)')).toEqual([1, 2]);
  });

  it('States.ArrayRange stops at the last value it reaches, and counts down with a negative step', () => {
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(1, 9, 9)')).toEqual([1]);
    expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(run('States.ArrayRange(5, 1, 1)')).toEqual([]);
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
  });

  it('States.ArrayContains and States.ArrayUnique compare JSON values, objects in any key order', () => {
    expect(run('States.ArrayContains($.a, $.v)', { a: [[1, 2, 3], 2], v: [1, 2, 3] })).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [{ 1: 2, 2: [] }], v: { 2: [], 1: 2 } })).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [{ 1: 2, 2: [] }], v: [] })).toBe(false);
    expect(run('States.ArrayContains($.a, null)', { a: [] })).toBe(false);
    const many = [
      null,
      null,
      true,
      true,
      false,
      1,
      1,
      1.1,
      0,
      'a',
      'a',
      [],
      [],
      [null],
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ];
    expect(run('States.ArrayUnique($.a)', { a: many })).toEqual([
      null,
      true,
      false,
      1,
      1.1,
      0,
      'a',
      [],
      [null],
      { a: 1, b: 2 },
    ]);
  });

  it("States.MathRandom: with a seed always the same number, without one the environment's", () => {
    const seeded = run('States.MathRandom(0, 999, 3)') as number;
    expect(Number.isInteger(seeded) && seeded >= 0 && seeded < 999).toBe(true);
    for (let i = 0; i < 5; i += 1) expect(run('States.MathRandom(0, 999, 3)')).toBe(seeded);
    const others = new Set([1, 2, 4, 5, 6, 7].map((seed) => run(`States.MathRandom(0, 1000000, ${seed})`)));
    expect(others.size).toBeGreaterThan(1);
    expect(run('States.MathRandom(10, 20)', {}, { random: () => 0 })).toBe(10);
    expect(run('States.MathRandom(10, 20)', {}, { random: () => 0.5 })).toBe(15);
    expect(run('States.MathRandom(10, 20)', {}, { random: () => 0.999999 })).toBe(19);
    expect(run('States.MathRandom(10, 20, 1)', {}, { random: () => 0.5 })).toBe(run('States.MathRandom(10, 20, 1)'));
  });

  it("States.UUID takes the environment's", () => {
    expect(run('States.UUID()', {}, { uuid: () => 'ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8' })).toBe(
      'ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8',
    );
  });

  it('Base64 and Hash read and write text as UTF-8', () => {
    expect(run("States.Base64Encode('caf\u00e9')")).toBe('Y2Fmw6k=');
    expect(run("States.Base64Decode('Y2Fmw6k=')")).toBe('caf\u00e9');
    expect(run("States.Base64Decode('Y2Fm\r\nw6k=')")).toBe('caf\u00e9');
    expect(run("States.Base64Decode('Y2Fmw6k')")).toBe('caf\u00e9');
    expect(run("States.Base64Encode('')")).toBe('');
    expect(run("States.Hash('caf\u00e9', 'MD5')")).toBe('07117fe4a1ebd544965dc19573183da2');
  });
});
