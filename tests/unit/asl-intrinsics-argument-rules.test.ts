import { evaluateIntrinsic, type IntrinsicEnvironment } from '../../src/asl/intrinsics';
import { expectArgumentFailure, failure, nine, run } from '../support/intrinsic-env';

/** Every argument rule of every function, each broken: a States.IntrinsicFailure that says which. */
describe('argument rules: each broken one is a States.IntrinsicFailure naming the function and argument', () => {
  it('the number of arguments', () => {
    const cases: Array<[string, RegExp]> = [
      ['States.Format()', /^States\.Format takes at least 1 argument\(s\) \(template\); it was given 0$/],
      ['States.ArrayLength()', /^States\.ArrayLength takes 1 argument\(s\) \(array\); it was given 0$/],
      ['States.ArrayPartition($.a)', /takes 2 argument\(s\) \(array, chunk size\); it was given 1/],
      ['States.JsonMerge($.a, $.a)', /takes 3 argument\(s\)/],
      ['States.MathRandom(1)', /^States\.MathRandom takes 2 to 3 arguments \(start, end, seed\); it was given 1$/],
      ['States.MathRandom(1, 2, 3, 4)', /takes 2 to 3 arguments/],
      ['States.UUID(1)', /^States\.UUID takes 0 argument\(s\); it was given 1$/],
      ['States.JsonToString($.a, $.a)', /takes 1 argument/],
    ];
    for (const [expression, message] of cases) expect(failure(expression, { a: [] }).message).toMatch(message);
  });

  it('States.Format: a string template and one value for each {}', () => {
    expectArgumentFailure('States.Format(1)', {}, 'Format', 1, /must be a string; got 1/);
    expectArgumentFailure(
      'States.Format($.t)',
      { t: { a: 1 } },
      'Format',
      1,
      /\(\$\.t\) must be a string; got an object/,
    );
    expect(failure("States.Format('{} {}', 1)").message).toBe(
      'States.Format: the template has 2 placeholder(s) {} but 1 value(s) follow it; give one value for each {}',
    );
    expect(failure("States.Format('none', 1)").message).toMatch(/0 placeholder\(s\) \{\} but 1 value/);
    expect(failure("States.Format('\\{}', 1)").message).toMatch(/0 placeholder/);
  });

  it("the array functions take arrays, within the state's size", () => {
    for (const fn of [
      'ArrayPartition($.s, 1)',
      'ArrayContains($.s, 1)',
      'ArrayGetItem($.s, 0)',
      'ArrayLength($.s)',
      'ArrayUnique($.s)',
    ]) {
      expectArgumentFailure(
        `States.${fn}`,
        { s: 'text' },
        fn.split('(')[0]!,
        1,
        /must be an array; got the string "text"/,
      );
    }
    const big = { a: Array.from({ length: 30_000 }, () => 'x'.repeat(8)) };
    expectArgumentFailure(
      'States.ArrayPartition($.a, 2)',
      big,
      'ArrayPartition',
      1,
      /must be at most 262144 bytes as JSON/,
    );
    expectArgumentFailure('States.ArrayContains($.a, 2)', big, 'ArrayContains', 1, /must be at most 262144 bytes/);
  });

  it('States.ArrayPartition: a positive chunk size', () => {
    for (const size of ['0', '-1', '0.4']) {
      expectArgumentFailure(
        `States.ArrayPartition($.a, ${size})`,
        { a: [1] },
        'ArrayPartition',
        2,
        /must be a positive integer/,
      );
    }
    expectArgumentFailure(
      "States.ArrayPartition($.a, '2')",
      { a: [1] },
      'ArrayPartition',
      2,
      /must be an integer; got the string "2"/,
    );
  });

  it('States.ArrayRange: integers, a step other than 0, at most 1000 items', () => {
    expectArgumentFailure("States.ArrayRange('1', 9, 2)", {}, 'ArrayRange', 1, /must be an integer/);
    expectArgumentFailure('States.ArrayRange(1, 9, 0)', {}, 'ArrayRange', 3, /must not be 0/);
    expectArgumentFailure('States.ArrayRange(1, 9, 0.4)', {}, 'ArrayRange', 3, /must not be 0/);
    const tooMany = failure('States.ArrayRange(1, 1001, 1)');
    expect(tooMany.message).toBe('States.ArrayRange: the range would have 1001 items; at most 1000 are allowed');
    expect(tooMany.functionName).toBe('States.ArrayRange');
    expect(failure('States.ArrayRange(-1000000, 1000000, 1)').message).toMatch(/2000001 items/);
  });

  it('States.ArrayGetItem: a whole index inside the array', () => {
    for (const index of ['9', '-1']) {
      expectArgumentFailure(
        `States.ArrayGetItem($.inputArray, ${index})`,
        nine,
        'ArrayGetItem',
        2,
        /must be an index of the array, from 0 to 8/,
      );
    }
    expectArgumentFailure(
      'States.ArrayGetItem($.inputArray, 1.5)',
      nine,
      'ArrayGetItem',
      2,
      /must be an integer; got 1.5/,
    );
    expectArgumentFailure('States.ArrayGetItem($.a, 0)', { a: [] }, 'ArrayGetItem', 2, /from 0 to -1/);
  });

  it('States.Base64Encode, States.Base64Decode and States.Hash: strings of at most 10,000 characters', () => {
    const long = { t: 'a'.repeat(10_001), ok: 'a'.repeat(10_000) };
    expect(run('States.Base64Encode($.ok)', long)).toHaveLength(13_336);
    expectArgumentFailure(
      'States.Base64Encode($.t)',
      long,
      'Base64Encode',
      1,
      /must be at most 10000 characters long; it has 10001/,
    );
    expectArgumentFailure('States.Base64Decode($.t)', long, 'Base64Decode', 1, /at most 10000 characters/);
    expectArgumentFailure("States.Hash($.t, 'MD5')", long, 'Hash', 1, /at most 10000 characters/);
    expect(run("States.Hash($.ok, 'MD5')", long)).toHaveLength(32);
    expectArgumentFailure('States.Base64Encode(1)', {}, 'Base64Encode', 1, /must be a string/);
    expectArgumentFailure("States.Hash($.o, 'MD5')", { o: { a: 1 } }, 'Hash', 1, /must be a string; got an object/);
  });

  it('States.Base64Decode: Base64 text of UTF-8', () => {
    for (const text of ['@@@@', 'abc$', 'a', 'YQ==YQ==', 'YQ=', 'YWI==']) {
      expectArgumentFailure(`States.Base64Decode('${text}')`, {}, 'Base64Decode', 1, /must be Base64 text/);
    }
    expectArgumentFailure("States.Base64Decode('/w==')", {}, 'Base64Decode', 1, /must decode to UTF-8 text/);
  });

  it('States.Hash: one of the five algorithms, spelled as Step Functions spells them', () => {
    for (const algorithm of ['SHA-3', 'sha-256', 'SHA256', 'MD4', 'constructor', 'toString']) {
      expectArgumentFailure(
        `States.Hash('x', '${algorithm}')`,
        {},
        'Hash',
        2,
        /must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512/,
      );
    }
    expectArgumentFailure("States.Hash('x', 1)", {}, 'Hash', 2, /must be a string/);
  });

  it('States.JsonMerge: two objects, and false', () => {
    const input = { o: { a: 1 }, list: [1] };
    expectArgumentFailure(
      'States.JsonMerge($.list, $.o, false)',
      input,
      'JsonMerge',
      1,
      /must be a JSON object; got an array/,
    );
    expectArgumentFailure(
      'States.JsonMerge($.o, null, false)',
      input,
      'JsonMerge',
      2,
      /must be a JSON object; got null/,
    );
    expectArgumentFailure(
      'States.JsonMerge($.o, $.o, true)',
      input,
      'JsonMerge',
      3,
      /must be false: only the shallow merge/,
    );
    expectArgumentFailure("States.JsonMerge($.o, $.o, 'false')", input, 'JsonMerge', 3, /must be true or false/);
  });

  it('States.StringToJson: JSON text', () => {
    expectArgumentFailure("States.StringToJson('{oops}')", {}, 'StringToJson', 1, /must be JSON text/);
    expectArgumentFailure('States.StringToJson($.o)', { o: {} }, 'StringToJson', 1, /must be a string/);
  });

  it('States.MathRandom: integers, the end above the start', () => {
    expectArgumentFailure(
      'States.MathRandom(5, 5)',
      {},
      'MathRandom',
      2,
      /must be greater than the start \(5\): the end is excluded/,
    );
    expectArgumentFailure('States.MathRandom(5, 1)', {}, 'MathRandom', 2, /greater than the start/);
    expectArgumentFailure("States.MathRandom('1', 5)", {}, 'MathRandom', 1, /must be an integer/);
    expectArgumentFailure("States.MathRandom(1, 5, 'seed')", {}, 'MathRandom', 3, /must be an integer/);
  });

  it('States.MathAdd: integers from -2147483648 to 2147483647', () => {
    expect(run('States.MathAdd(2147483647, -2147483648)')).toBe(-1);
    expectArgumentFailure(
      'States.MathAdd(2147483648, 0)',
      {},
      'MathAdd',
      1,
      /must be an integer from -2147483648 to 2147483647/,
    );
    expectArgumentFailure('States.MathAdd(0, -2147483649)', {}, 'MathAdd', 2, /from -2147483648/);
    expectArgumentFailure('States.MathAdd($.v, 1)', { v: true }, 'MathAdd', 1, /must be an integer; got true/);
  });

  it('States.StringSplit: two strings', () => {
    expectArgumentFailure("States.StringSplit(1, ',')", {}, 'StringSplit', 1, /must be a string/);
    expectArgumentFailure("States.StringSplit('a', $.d)", { d: [','] }, 'StringSplit', 2, /must be a string/);
  });

  it("a path that selects nothing, naming the argument; the resolver's own errors pass through", () => {
    expectArgumentFailure('States.ArrayLength($.missing)', {}, 'ArrayLength', 1, /\(\$\.missing\) selects nothing/);
    const refusal = new Error('The JsonPath argument for the field could not be found in the input');
    const throwing: IntrinsicEnvironment = {
      readPath: () => {
        throw refusal;
      },
    };
    expect(() => evaluateIntrinsic('States.Array($.x)', throwing)).toThrow(refusal);
  });

  it("an inner call's failure is the one reported", () => {
    const error = failure("States.Format('{}', States.ArrayGetItem($.a, 5))", { a: [1] });
    expect(error.functionName).toBe('States.ArrayGetItem');
  });
});
