import {
  buildStatesContext,
  compileTemplate,
  DEFAULT_EVALUATION_BOUNDS,
  evaluateTemplate,
  ExpressionEvaluationError,
  isValidVariableName,
  MAX_VARIABLE_NAME_LENGTH,
  variableNameProblem,
  type CompiledTemplate,
  type EvaluationBounds,
  type JsonValue,
} from '../../src/expressions';
import { MAX_RESULT_DEPTH, toPlainJson } from '../../src/expressions/plain-json';

const states = {
  input: {
    items: [
      { id: 'a', price: 3 },
      { id: 'b', price: 5 },
    ],
    n: 4000,
  },
  context: buildStatesContext({
    executionId: 'e',
    executionStartTime: new Date(0),
    stateName: 's',
    stateEnteredTime: new Date(0),
    retryCount: 0,
  }),
};

function compiled(value: JsonValue): CompiledTemplate {
  const outcome = compileTemplate(value, 'flow.tasks[0].output');
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.template;
}

const problemsOf = (expression: string): string[] => {
  const outcome = compileTemplate(expression, 'f');
  return outcome.ok ? [] : outcome.problems.map((p) => p.message);
};

describe('expressions have no input document', () => {
  it.each([
    [
      '{% orderId %}',
      "the field name 'orderId' (at position 7) reads the input document, which expressions do not have; read the state's input as $states.input.orderId",
    ],
    [
      '{% $ %}',
      "'$' (at position 1) reads the input document, which expressions do not have; read the state's input as $states.input",
    ],
    ['{% $$.orderId %}', "'$$' (at position 2) reads the input document"],
    ['{% * %}', "'*' (at position 1) reads the input document"],
    ['{% **.id %}', "'**' (at position 2) reads the input document"],
    ['{% $string(amount) %}', "the field name 'amount'"],
    ['{% $states.input.ok ? yes : 1 %}', "the field name 'yes'"],
    ['{% {"total": amount} %}', "the field name 'amount'"],
    ['{% [1, amount] %}', "the field name 'amount'"],
    ['{% -amount %}', "the field name 'amount'"],
    ['{% ( $x := amount; $x ) %}', "the field name 'amount'"],
    // A lambda reads the context it was defined in, not its arguments.
    ['{% $map([1], function($v) { amount }) %}', "the field name 'amount'"],
  ])('%s is refused when the flow is accepted', (expression, message) => {
    const problems = problemsOf(expression);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it.each([
    '{% $states.input.items[price > 3].id %}',
    '{% $states.input.items.id %}',
    '{% $states.input.items.(price * 2) %}',
    '{% $states.input.items{ id: price } %}',
    '{% $states.input.items^(>price).id %}',
    '{% $states.input ~> |items|{"cheap": price < 4}| %}',
    '{% $states.input.items@$i[$i.price > 3].($i.id) %}',
    '{% $states.input.items#$pos[$pos = 0].id %}',
    '{% $map($states.input.items, function($v) { $v.price }) %}',
    '{% $sum($states.input.items.price) %}',
    "{% $states.input.items[0] ~> $lookup('id') %}",
  ])('%s reads items where they are the context, and is accepted', async (expression) => {
    expect(problemsOf(expression)).toEqual([]);
    await expect(evaluateTemplate(compiled(expression), { states })).resolves.toBeDefined();
  });
});

describe('variable names', () => {
  it.each([
    'orderId',
    '_private',
    'x1',
    'café',
    'Ωmega',
    '変数',
    'a'.repeat(MAX_VARIABLE_NAME_LENGTH),
    '𝒜'.repeat(MAX_VARIABLE_NAME_LENGTH),
  ])('%s is a valid name', (name) => {
    expect(variableNameProblem(name)).toBeUndefined();
    expect(isValidVariableName(name)).toBe(true);
  });

  it.each([
    ['', 'must start with a letter or underscore'],
    ['1st', 'must start with a letter or underscore'],
    ['order-id', 'must start with a letter or underscore'],
    ['order id', 'must start with a letter or underscore'],
    ['$x', 'must start with a letter or underscore'],
    ['a.b', 'must start with a letter or underscore'],
    ['states', "'states' is reserved for $states"],
    ['__proto__', "'__proto__' is not allowed"],
    ['constructor', "'constructor' is not allowed"],
    ['a'.repeat(MAX_VARIABLE_NAME_LENGTH + 1), 'must be at most 80 characters'],
  ])('%j is refused: %s', (name, problem) => {
    expect(variableNameProblem(name)).toContain(problem);
    expect(isValidVariableName(name)).toBe(false);
  });

  it('a valid name is readable as $<name> in an expression', async () => {
    for (const name of ['café', '_private', '変数', '𝒜'.repeat(MAX_VARIABLE_NAME_LENGTH)]) {
      await expect(evaluateTemplate(compiled(`{% $${name} %}`), { states, variables: { [name]: 7 } })).resolves.toBe(7);
    }
  });
});

describe('references', () => {
  it('lists the flow variables and $states fields a template reads', () => {
    const template = compiled({
      a: '{% ( $local := 1; $local + $total + $sum($prices) ) %}',
      b: ['{% $map($list, function($item, $i) { $item + $i + $offset }) %}', '{% $states.result.charged %}'],
      c: '{% $states.input.items@$row.($row.id & $suffix) %}',
      d: '{% $uuid() & $hash($states.context.Execution.Id) %}',
    });
    expect(template.references).toEqual({
      variables: ['list', 'offset', 'prices', 'suffix', 'total'],
      statesFields: ['context', 'input', 'result'],
    });
  });

  it('says * when $states is used whole', () => {
    expect(compiled("{% $lookup($states, 'result') %}").references.statesFields).toEqual(['*']);
  });

  it('lists nothing for a literal template', () => {
    expect(compiled({ a: [1, 'two'] }).references).toEqual({ variables: [], statesFields: [] });
  });
});

describe('evaluation bounds', () => {
  // Deep evaluations take seconds on a busy machine; the bounds under test are what end them.
  const SLOW_TEST_MS = 30_000;

  const bounded = (
    expression: string,
    bounds: Partial<EvaluationBounds> = {},
    variables: Record<string, JsonValue> = {},
  ) => evaluateTemplate(compiled({ value: expression }), { states, variables }, bounds);

  async function stopped(
    expression: string,
    bounds: Partial<EvaluationBounds> = {},
  ): Promise<ExpressionEvaluationError> {
    const error: unknown = await bounded(expression, bounds).then(
      () => new Error('expected the evaluation to be stopped'),
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(ExpressionEvaluationError);
    expect((error as ExpressionEvaluationError).errorName).toBe('States.QueryEvaluationError');
    expect((error as ExpressionEvaluationError).field).toBe('flow.tasks[0].output.value');
    return error as ExpressionEvaluationError;
  }

  it('are 1 s and 30,000 nested evaluations unless told otherwise', () => {
    expect(DEFAULT_EVALUATION_BOUNDS).toEqual({ timeLimitMs: 1000, maxDepth: 30_000 });
  });

  it(
    'stop a recursion that never ends at the default depth bound',
    async () => {
      // Given time enough, so that the depth bound is what stops it whatever the machine's speed.
      const error = await stopped('{% ( $deeper := function($n) { 1 + $deeper($n + 1) }; $deeper(0) ) %}', {
        timeLimitMs: 20_000,
      });
      expect(error.failure).toBe('depth-bound');
      expect(error.message).toMatch(/exceeded the evaluation depth bound of 30000 nested evaluations/);
    },
    SLOW_TEST_MS,
  );

  it(
    'stop a recursion that never ends soon, under the default bounds, by one bound or the other',
    async () => {
      const started = Date.now();
      const error = await stopped('{% ( $deeper := function($n) { 1 + $deeper($n + 1) }; $deeper(0) ) %}');
      expect(['depth-bound', 'time-bound']).toContain(error.failure);
      expect(Date.now() - started).toBeLessThan(5000);
    },
    SLOW_TEST_MS,
  );

  it('stop a recursion at a depth bound of the caller’s choice', async () => {
    const error = await stopped('{% ( $deeper := function($n) { 1 + $deeper($n + 1) }; $deeper(0) ) %}', {
      maxDepth: 500,
    });
    expect(error.failure).toBe('depth-bound');
    expect(error.message).toMatch(/depth bound of 500 nested evaluations/);
  });

  it('stop a tail-recursive loop, which never grows deeper, by time', async () => {
    const started = Date.now();
    const error = await stopped('{% ( $loop := function($n) { $loop($n + 1) }; $loop(0) ) %}', { timeLimitMs: 150 });
    expect(error.failure).toBe('time-bound');
    expect(error.message).toMatch(/did not finish within the evaluation time bound of 150 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it(
    'stop a loop under the default time bound too',
    async () => {
      const started = Date.now();
      expect((await stopped('{% ( $loop := function($n) { $loop($n + 1) }; $loop(0) ) %}')).failure).toBe('time-bound');
      expect(Date.now() - started).toBeGreaterThanOrEqual(DEFAULT_EVALUATION_BOUNDS.timeLimitMs);
    },
    SLOW_TEST_MS,
  );

  it('let a recursion that ends finish under the default bounds', async () => {
    await expect(
      bounded('{% ( $sumTo := function($n) { $n = 0 ? 0 : $n + $sumTo($n - 1) }; $sumTo(500) ) %}'),
    ).resolves.toEqual({ value: 125250 });
  });

  it(
    'let a group-by over thousands of keys finish under the default depth bound, though its branches add up',
    async () => {
      const items = Array.from({ length: 5000 }, (_, i) => ({ id: `k${i}`, price: i }));
      const grouped = (await evaluateTemplate(
        compiled('{% $states.input.items{ id: $string(price * 2) } %}'),
        { states: { ...states, input: { items } } },
        { timeLimitMs: 20_000 },
      )) as Record<string, string>;
      expect(Object.keys(grouped)).toHaveLength(5000);
      expect(grouped.k4999).toBe('9998');
    },
    SLOW_TEST_MS,
  );

  it(
    'count each evaluation on its own, even when one compiled template is evaluated twice at once',
    async () => {
      // Each evaluation alone nests about 12,000 deep; a counter shared between them would pass 16,000.
      const template = compiled('{% ( $down := function($n) { $n = 0 ? 0 : 1 + $down($n - 1) }; $down($depth) ) %}');
      const run = () =>
        evaluateTemplate(template, { states, variables: { depth: 4000 } }, { maxDepth: 16_000, timeLimitMs: 20_000 });
      await expect(Promise.all([run(), run()])).resolves.toEqual([4000, 4000]);
    },
    SLOW_TEST_MS,
  );
});

describe('plain JSON', () => {
  it('refuses a value that contains itself', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(toPlainJson(loop)).toEqual({
      ok: false,
      problem: `a value nested deeper than ${MAX_RESULT_DEPTH} levels (or one that contains itself)`,
    });
  });

  it('copies shared parts, drops undefined properties and turns undefined array items into null, as JSON does', () => {
    const shared = { x: [1] };
    const outcome = toPlainJson({ a: shared, b: shared, gone: undefined, list: [1, undefined] });
    expect(outcome).toEqual({ ok: true, value: { a: { x: [1] }, b: { x: [1] }, list: [1, null] } });
    if (outcome.ok) expect((outcome.value as { a: unknown }).a).not.toBe(shared);
  });

  it('refuses values that are not JSON', () => {
    expect(toPlainJson(new Date(0))).toEqual({ ok: false, problem: 'a value of type object (not plain JSON)' });
    expect(toPlainJson(NaN)).toEqual({ ok: false, problem: 'the number NaN, which JSON cannot hold' });
    expect(toPlainJson([() => 1])).toEqual({ ok: false, problem: 'a function' });
    expect(toPlainJson(BigInt(1))).toEqual({ ok: false, problem: 'a value of type bigint' });
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = 1;
    const outcome = toPlainJson(bare);
    expect(outcome).toEqual({ ok: true, value: { a: 1 } });
    if (outcome.ok) expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
  });
});
