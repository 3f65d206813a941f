import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import {
  buildStatesContext,
  compileTemplate,
  evaluateTemplate,
  ExpressionEvaluationError,
  MAX_RANGE_ITEMS,
  type JsonValue,
} from '../../src/expressions';
import { registerExtraFunctions } from '../../src/expressions/extra-functions';

const states = {
  input: { text: 'abc', json: '{"order": {"id": 7, "lines": [1, 2]}, "ok": true, "none": null}', seed: 42 },
  context: buildStatesContext({
    executionId: 'e',
    executionStartTime: new Date(0),
    stateName: 's',
    stateEnteredTime: new Date(0),
    retryCount: 0,
  }),
};

async function evaluate(expression: string): Promise<JsonValue> {
  const outcome = compileTemplate(expression, 'flow.tasks[0].output');
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return evaluateTemplate(outcome.template, { states });
}

async function failure(expression: string): Promise<ExpressionEvaluationError> {
  const error: unknown = await evaluate(expression).then(
    (result) => {
      throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
    },
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ExpressionEvaluationError);
  expect((error as ExpressionEvaluationError).errorName).toBe('States.QueryEvaluationError');
  return error as ExpressionEvaluationError;
}

describe('$hash', () => {
  // The FIPS 180 / RFC 1321 test vectors for "abc".
  it.each([
    ['MD5', '900150983cd24fb0d6963f7d28e17f72'],
    ['SHA-1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['SHA-256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['SHA-384', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    [
      'SHA-512',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ])('%s of "abc" is the known digest', async (algorithm, digest) => {
    expect(await evaluate(`{% $hash($states.input.text, '${algorithm}') %}`)).toBe(digest);
  });

  it('uses SHA-256 when no algorithm is named', async () => {
    expect(await evaluate('{% $hash("abc") %}')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the UTF-8 bytes of the text', async () => {
    const utf8Bytes = Buffer.from([0xc3, 0xa9]); // "é"
    expect(await evaluate('{% $hash("é") %}')).toBe(createHash('sha256').update(utf8Bytes).digest('hex'));
  });

  it('refuses an algorithm it does not know, naming the ones it does', async () => {
    const error = await failure('{% $hash("abc", "SHA-3") %}');
    expect(error.message).toContain(
      "$hash: unknown algorithm 'SHA-3'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512",
    );
  });

  it('refuses the names every object inherits as algorithms too', async () => {
    for (const inherited of ['constructor', 'toString', '__proto__'])
      expect((await failure(`{% $hash("abc", "${inherited}") %}`)).message).toContain(
        `$hash: unknown algorithm '${inherited}'`,
      );
  });

  it('hashes text only, as Step Functions does', async () => {
    expect((await failure('{% $hash(42) %}')).code).toBe('T0410');
  });
});

describe('$uuid', () => {
  it('returns a fresh version 4 UUID each time', async () => {
    const [a, b] = (await evaluate('{% [$uuid(), $uuid()] %}')) as [string, string];
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(a).toMatch(v4);
    expect(b).toMatch(v4);
    expect(a).not.toBe(b);
  });
});

describe('$parse', () => {
  it('turns JSON text into the value it describes', async () => {
    expect(await evaluate('{% $parse($states.input.json) %}')).toEqual({
      order: { id: 7, lines: [1, 2] },
      ok: true,
      none: null,
    });
    expect(await evaluate('{% $parse($states.input.json).order.lines[1] %}')).toBe(2);
  });

  it('round-trips with $string', async () => {
    expect(await evaluate('{% $parse($string($parse($states.input.json))) %}')).toEqual(JSON.parse(states.input.json));
  });

  it('fails on text that is not JSON, saying so', async () => {
    const error = await failure('{% $parse("{not json") %}');
    expect(error.failure).toBe('expression-error');
    expect(error.message).toContain('$parse: the text is not valid JSON');
  });
});

describe('$partition', () => {
  it('cuts an array into chunks of the given size, the last one shorter', async () => {
    expect(await evaluate('{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}')).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(await evaluate('{% $partition([1, 2, 3, 4, 5], 2) %}')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await evaluate('{% $partition([], 2) %}')).toEqual([]);
  });

  it('refuses a size that is not a positive integer', async () => {
    expect((await failure('{% $partition([1, 2], 0) %}')).message).toContain(
      '$partition: the size must be a positive integer',
    );
    expect((await failure('{% $partition([1, 2], 1.5) %}')).message).toContain(
      '$partition: the size must be a positive integer',
    );
  });
});

describe('$range', () => {
  it('counts from start to end inclusive, step apart, up or down', async () => {
    expect(await evaluate('{% $range(0, 10, 2) %}')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await evaluate('{% $range(1, 10, 4) %}')).toEqual([1, 5, 9]);
    expect(await evaluate('{% $range(5, 1, -2) %}')).toEqual([5, 3, 1]);
    expect(await evaluate('{% $range(1, 5, -1) %}')).toEqual([]);
  });

  it('refuses a zero step, non-integers, and ranges longer than States.ArrayRange allows', async () => {
    expect((await failure('{% $range(0, 10, 0) %}')).message).toContain('$range: step must not be 0');
    expect((await failure('{% $range(0, 1.5, 1) %}')).message).toContain('$range: end must be an integer');
    expect(await evaluate(`{% $count($range(1, ${MAX_RANGE_ITEMS}, 1)) %}`)).toBe(MAX_RANGE_ITEMS);
    expect((await failure(`{% $range(0, ${MAX_RANGE_ITEMS}, 1) %}`)).message).toContain(
      `at most ${MAX_RANGE_ITEMS} are allowed`,
    );
  });
});

describe('$random', () => {
  it('returns a number in [0, 1)', async () => {
    const values = (await evaluate('{% [$random(), $random(), $random()] %}')) as number[];
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('returns the same number for the same seed, and different numbers for different seeds', async () => {
    const [a, b, c] = (await evaluate('{% [$random($states.input.seed), $random(42), $random(43)] %}')) as number[];
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
  });
});

describe('$eval is refused', () => {
  it('at compile time, however it is mentioned', () => {
    for (const expression of ['{% $eval("1 + 1") %}', '{% ( $e := $eval; $e("1") ) %}', '{% $map(["1"], $eval) %}']) {
      const outcome = compileTemplate({ value: expression }, 'flow.tasks[3].output');
      expect(outcome).toEqual({
        ok: false,
        problems: [
          {
            path: 'flow.tasks[3].output.value',
            message: expect.stringMatching(/^\$eval is not allowed \(at position \d+\): .*use \$parse/),
          },
        ],
      });
    }
  });

  it('at run time too, should an expression reach it unchecked', async () => {
    const program = jsonata('$eval("1 + 1")');
    await expect(program.evaluate(undefined)).resolves.toBe(2);
    registerExtraFunctions(program);
    await expect(program.evaluate(undefined)).rejects.toThrow('$eval is not allowed: use $parse to read JSON text');
  });

  it('does not refuse the word eval where it is not the function', async () => {
    expect(await evaluate('{% $parse(\'{"eval": 1}\').eval %}')).toBe(1);
    expect(await evaluate("{% 'eval' %}")).toBe('eval');
  });
});
