import {
  buildStatesContext,
  compileTemplate,
  evaluateTemplate,
  ExpressionEvaluationError,
  isExpression,
  type CompiledTemplate,
  type ExpressionBindings,
  type JsonValue,
  type StatesBinding,
} from '../../src/expressions';

const context = buildStatesContext({
  executionId: 'exec-1',
  executionName: 'nightly',
  executionStartTime: new Date('2030-01-02T03:04:05.000Z'),
  stateName: 'charge',
  stateEnteredTime: '2030-01-02T03:04:06.000Z',
  retryCount: 2,
  flowId: 'flow-9',
  flowName: 'Billing',
});

const states = (overrides: Partial<StatesBinding> = {}): StatesBinding => ({
  input: {
    orderId: 'o-1',
    amount: 40,
    items: [
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 3 },
    ],
  },
  context,
  ...overrides,
});

/** Compiles `value` at `path`, failing the test with the problems if it does not compile. */
function compiled(value: JsonValue, path = 'flow.tasks[0].arguments'): CompiledTemplate {
  const outcome = compileTemplate(value, path);
  if (!outcome.ok) throw new Error(`expected ${JSON.stringify(value)} to compile: ${JSON.stringify(outcome.problems)}`);
  return outcome.template;
}

const evaluate = (value: JsonValue, bindings: Partial<ExpressionBindings> = {}) =>
  evaluateTemplate(compiled(value), { states: states(), ...bindings });

/** The ExpressionEvaluationError that evaluating `value` rejects with. */
async function failure(
  value: JsonValue,
  bindings: Partial<ExpressionBindings> = {},
  path?: string,
): Promise<ExpressionEvaluationError> {
  const template = compiled(value, path);
  const error: unknown = await evaluateTemplate(template, { states: states(), ...bindings }).then(
    (result) => {
      throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
    },
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ExpressionEvaluationError);
  return error as ExpressionEvaluationError;
}

describe('isExpression', () => {
  it.each([
    ['{% $x %}', true],
    ['{%$x%}', true],
    ['{%\n  $x\n%}', true],
    ['{% %}', true],
    [' {% $x %}', false],
    ['{% $x %} ', false],
    ['a {% $x %}', false],
    ['{% $x', false],
    ['$x %}', false],
    ['{%}', false],
    [42, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isExpression(value)).toBe(expected);
  });
});

describe('templates', () => {
  it('passes literals through unchanged, including strings that contain {% without being one expression', async () => {
    const literal = {
      plain: 'hello',
      inside: 'total: {% $states.input.amount %}',
      unclosed: '{% $states.input.amount',
      unopened: '$states.input.amount %}',
      leadingSpace: ' {% $states.input.amount %}',
      trailingSpace: '{% $states.input.amount %} ',
      tooShort: '{%}',
      numbers: [1, 2.5, -3],
      flags: [true, false, null],
      nested: { deeper: { list: ['{%', '%}'] } },
    };
    const template = compiled(literal);
    expect(template.expressionCount).toBe(0);
    expect(await evaluateTemplate(template, { states: states() })).toEqual(literal);
  });

  it('replaces every expression in nested objects and arrays and keeps keys in order', async () => {
    const result = await evaluate({
      id: '{% $states.input.orderId %}',
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a data key, not String#fixed
      fixed: 'literal',
      lines: [
        { sku: '{% $states.input.items[0].sku %}', qty: 7 },
        '{% $count($states.input.items) %}',
        ['{% 1 + 1 %}'],
      ],
      deep: { deeper: { total: '{% $sum($states.input.items.qty) %}' } },
    });
    expect(result).toEqual({
      id: 'o-1',
      fixed: 'literal',
      lines: [{ sku: 'a', qty: 7 }, 2, [2]],
      deep: { deeper: { total: 4 } },
    });
    expect(Object.keys(result as object)).toEqual(['id', 'fixed', 'lines', 'deep']);
  });

  it('evaluates a template that is a single expression to any JSON value', async () => {
    expect(await evaluate('{% $states.input.amount * 2 %}')).toBe(80);
    expect(await evaluate('{% $states.input.amount > 10 %}')).toBe(true);
    expect(await evaluate('{% null %}')).toBeNull();
    expect(await evaluate('{% {"total": $states.input.amount, "tags": ["x"]} %}')).toEqual({ total: 40, tags: ['x'] });
  });

  it('allows whitespace and new lines inside the braces', async () => {
    expect(await evaluate('{%$states.input.amount%}')).toBe(40);
    expect(await evaluate('{%\n  $states.input.amount\n    + 2\n%}')).toBe(42);
  });

  it('hands out copies: changing a result changes neither the template nor the bindings', async () => {
    const template = compiled({ literal: { list: [1] }, input: '{% $states.input %}' });
    const bindings = { states: states() };
    const first = (await evaluateTemplate(template, bindings)) as {
      literal: { list: number[] };
      input: { amount: number };
    };
    first.literal.list.push(2);
    first.input.amount = 0;
    expect(await evaluateTemplate(template, bindings)).toEqual({ literal: { list: [1] }, input: states().input });
    expect(bindings.states.input).toEqual(states().input);
  });

  it('does not let a transform change the bindings it reads', async () => {
    const bindings = { states: states() };
    const result = await evaluateTemplate(compiled('{% $states.input ~> |items|{"qty": 0}| %}'), bindings);
    expect(result).toMatchObject({
      items: [
        { sku: 'a', qty: 0 },
        { sku: 'b', qty: 0 },
      ],
    });
    expect(bindings.states.input).toEqual(states().input);
  });
});

describe('compile problems', () => {
  it('names the path of every bad expression, with jsonata’s message, code and position', () => {
    const outcome = compileTemplate(
      {
        amount: '{% $states.input.amount + %}',
        fine: '{% $states.input.amount %}',
        list: ['ok', '{% $states.input.("x" %}'],
        nested: { empty: '{% %}' },
      },
      'flow.tasks[2].arguments',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => p.path)).toEqual([
      'flow.tasks[2].arguments.amount',
      'flow.tasks[2].arguments.list[1]',
      'flow.tasks[2].arguments.nested.empty',
    ]);
    expect(outcome.problems[0]!.message).toBe(
      'not a valid JSONata expression: Unexpected end of expression (S0207, at position 22)',
    );
    expect(outcome.problems[1]!.message).toMatch(/^not a valid JSONata expression: .*\(S\d{4}, at position \d+\)$/);
    expect(outcome.problems[2]!.message).toContain('S0207');
  });

  it('names the field itself when the whole field is one bad expression', () => {
    expect(compileTemplate('{% ) %}', 'flow.tasks[0].output')).toEqual({
      ok: false,
      problems: [{ path: 'flow.tasks[0].output', message: expect.stringContaining('not a valid JSONata expression') }],
    });
  });

  it('refuses keys that are never accepted in data, and nesting past the documents’ limit', () => {
    const badKey = compileTemplate(
      JSON.parse('{"a": {"__proto__": {"x": "{% 1 %}"}}}') as JsonValue,
      'flow.tasks[0].arguments',
    );
    expect(badKey).toEqual({
      ok: false,
      problems: [{ path: 'flow.tasks[0].arguments.a.__proto__', message: "key '__proto__' is not allowed" }],
    });
    let deep: JsonValue = '{% 1 %}';
    for (let i = 0; i < 40; i++) deep = [deep];
    const tooDeep = compileTemplate(deep, 'flow.tasks[0].arguments');
    expect(tooDeep.ok).toBe(false);
    if (!tooDeep.ok) expect(tooDeep.problems[0]!.message).toMatch(/nested deeper than/);
  });
});

describe('bindings', () => {
  it('reads $states.input, $states.result, $states.errorOutput and $states.context', async () => {
    const result = await evaluate(
      {
        order: '{% $states.input.orderId %}',
        charged: '{% $states.result.charged %}',
        error: '{% $states.errorOutput.Error %}',
        execution: '{% $states.context.Execution.Id %}',
        name: '{% $states.context.Execution.Name %}',
        started: '{% $states.context.Execution.StartTime %}',
        state: '{% $states.context.State.Name %}',
        entered: '{% $states.context.State.EnteredTime %}',
        retries: '{% $states.context.State.RetryCount %}',
        flow: '{% $states.context.StateMachine.Name %}',
      },
      { states: states({ result: { charged: 40 }, errorOutput: { Error: 'card_declined', Cause: 'no funds' } }) },
    );
    expect(result).toEqual({
      order: 'o-1',
      charged: 40,
      error: 'card_declined',
      execution: 'exec-1',
      name: 'nightly',
      started: '2030-01-02T03:04:05.000Z',
      state: 'charge',
      entered: '2030-01-02T03:04:06.000Z',
      retries: 2,
      flow: 'Billing',
    });
  });

  it('builds $states.context with only the facts given', () => {
    expect(
      buildStatesContext({
        executionId: 'e',
        executionStartTime: new Date(0),
        stateName: 's',
        stateEnteredTime: new Date(1000),
        retryCount: 0,
      }),
    ).toEqual({
      Execution: { Id: 'e', StartTime: '1970-01-01T00:00:00.000Z', RedriveCount: 0 },
      State: { Name: 's', EnteredTime: '1970-01-01T00:00:01.000Z', RetryCount: 0 },
    });
  });

  it('gives a redriven execution its redrive count and time, as Step Functions does', () => {
    const built = buildStatesContext({
      executionId: 'e',
      executionStartTime: new Date(0),
      redriveCount: 2,
      redriveTime: new Date(5000),
      stateName: 's',
      stateEnteredTime: new Date(6000),
      retryCount: 0,
    });
    expect(built.Execution).toEqual({
      Id: 'e',
      StartTime: '1970-01-01T00:00:00.000Z',
      RedriveCount: 2,
      RedriveTime: '1970-01-01T00:00:05.000Z',
    });
  });

  it('reads every flow variable as $<name>', async () => {
    const result = await evaluate(
      { customer: '{% $customer.name %}', total: '{% $total * $rate %}', tags: '{% $tags[1] %}', café: '{% $café %}' },
      { variables: { customer: { name: 'Ada' }, total: 10, rate: 1.5, tags: ['a', 'b'], café: 'open' } },
    );
    expect(result).toEqual({ customer: 'Ada', total: 15, tags: 'b', café: 'open' });
  });

  it('fails an expression that reads a variable never assigned, as Step Functions does', async () => {
    const error = await failure({ a: '{% $never %}' });
    expect(error.failure).toBe('undefined-result');
    expect(error.field).toBe('flow.tasks[0].arguments.a');
  });

  it('keeps $states reserved: a variable cannot replace it', async () => {
    await expect(
      evaluateTemplate(compiled('{% $states.input.orderId %}'), {
        states: states(),
        variables: { states: { input: { orderId: 'forged' } } },
      }),
    ).rejects.toThrow("cannot bind the flow variable 'states'");
  });
});

describe('run-time failures are States.QueryEvaluationError', () => {
  it('reports an expression that matches nothing with the field and the expression, as Step Functions words it', async () => {
    const error = await failure(
      { payload: { customer: '{% $states.input.customer %}' } },
      {},
      'flow.tasks[1].arguments',
    );
    expect(error.errorName).toBe('States.QueryEvaluationError');
    expect(error.failure).toBe('undefined-result');
    expect(error.field).toBe('flow.tasks[1].arguments.payload.customer');
    expect(error.expression).toBe('$states.input.customer');
    expect(error.message).toBe(
      "The JSONata expression '$states.input.customer' specified for the field 'flow.tasks[1].arguments.payload.customer' returned nothing (undefined).",
    );
  });

  it('fails on nothing inside an array or as the whole field too', async () => {
    expect((await failure(['{% $states.input.nope %}'])).field).toBe('flow.tasks[0].arguments[0]');
    expect((await failure('{% $states.input.items[qty > 10] %}')).failure).toBe('undefined-result');
  });

  it('reports jsonata’s own error with its code and position', async () => {
    const error = await failure({ sum: '{% $states.input.orderId + 1 %}' });
    expect(error.failure).toBe('expression-error');
    expect(error.code).toBe('T2001');
    expect(error.position).toBe(23);
    expect(error.message).toMatch(
      /^The JSONata expression '\$states\.input\.orderId \+ 1' specified for the field 'flow\.tasks\[0\]\.arguments\.sum' threw an error during evaluation: The left side of the "\+" operator must evaluate to a number \(T2001, at position 23\)$/,
    );
  });

  it('reports $error and $assert raised by the expression itself', async () => {
    expect((await failure('{% $error("no customer") %}')).message).toContain('no customer');
    expect((await failure('{% $assert(false, "amount must be positive") %}')).message).toContain(
      'amount must be positive',
    );
  });

  it('refuses results that are not JSON: functions and non-finite numbers', async () => {
    const lambda = await failure('{% function($x) { $x } %}');
    expect(lambda.failure).toBe('unsupported-result');
    expect(lambda.message).toMatch(/returned an unsupported result: a function\.$/);
    expect((await failure('{% $sum %}')).failure).toBe('unsupported-result');
    expect((await failure({ n: '{% 1 / 0 %}' })).message).toMatch(/the number Infinity/);
    expect((await failure({ regex: '{% /ab+/ %}' })).failure).toBe('unsupported-result');
  });

  it('refuses a result whose JSON would be enormous though it is small in memory (shared parts)', async () => {
    const error = await failure(
      "{% ( $double := function($v) { {'left': $v, 'right': $v} }; $reduce([1..24], function($acc, $i) { $double($acc) }, $pad('', 100, 'x')) ) %}",
    );
    expect(error.failure).toBe('unsupported-result');
    expect(error.message).toMatch(/bytes as JSON/);
  });

  it('stops at the first failing expression', async () => {
    const error = await failure({ a: '{% $states.input.amount %}', b: '{% $nope1 %}', c: '{% $nope2 %}' });
    expect(error.field).toBe('flow.tasks[0].arguments.b');
  });
});

describe('results are plain JSON', () => {
  it('turns jsonata sequences into plain arrays', async () => {
    const result = await evaluate('{% $states.input.items.sku %}');
    expect(result).toEqual(['a', 'b']);
    expect(Object.getPrototypeOf(result)).toBe(Array.prototype);
    expect(Object.keys(result as object)).toEqual(['0', '1']);
    expect((result as unknown as { sequence?: boolean }).sequence).toBeUndefined();
  });

  it('returns objects with the plain prototype, whatever jsonata built them with', async () => {
    const result = await evaluate('{% $merge([{"a": 1}, {"b": [1, 2]}]) %}');
    expect(result).toEqual({ a: 1, b: [1, 2] });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('refuses an object key that the project never accepts in data', async () => {
    const error = await failure(String.raw`{% $parse('{"__proto__": {"admin": true}}') %}`);
    expect(error.failure).toBe('unsupported-result');
    expect(error.message).toContain("'__proto__'");
  });
});
