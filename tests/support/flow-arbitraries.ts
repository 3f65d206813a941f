import fc from 'fast-check';

/**
 * Flow request bodies of our format, valid by construction: every routing feature (conditions on
 * outcome, choices with and without default, retry, catch, `end`, `fail`, list order), templates,
 * waits, and names that collide with the helper states an export adds or with `end`/`fail`.
 */
const taskName = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom('end', 'fail', 'Succeeded', 'Failed', 'Failed 2', 'c0 fail', 'route', 'x'.repeat(90)),
  },
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}( [A-Z0-9]{1,3})?$/) },
);

const errorName = fc.constantFrom(
  'States.TaskFailed',
  'States.Timeout',
  'ConnectionTimeout',
  'PaymentDeclined',
  'TaskFailed',
);
const errorEquals = fc.uniqueArray(errorName, { minLength: 1, maxLength: 3 });

const retrier = fc.record(
  {
    error_equals: errorEquals,
    interval_seconds: fc.integer({ min: 1, max: 3600 }),
    max_attempts: fc.integer({ min: 0, max: 5 }),
    backoff_rate: fc.constantFrom(1, 1.5, 2),
    max_delay_seconds: fc.integer({ min: 1, max: 600 }),
    jitter: fc.constantFrom('FULL', 'NONE'),
  },
  { requiredKeys: ['error_equals'] },
);

/** The last rule of a list may be `States.ALL` alone, as our validation (and ASL) require. */
const rules = <T extends { error_equals: string[] }>(rule: fc.Arbitrary<T>) =>
  fc
    .tuple(
      fc.array(rule, { maxLength: 2 }),
      fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      rule,
    )
    .map(([list, lastAll, last]) => (lastAll ? [...list, { ...last, error_equals: ['States.ALL'] }] : list));

const template = fc.constantFrom(
  '{% $states.input %}',
  '{%$states.result%}',
  "{% { 'ok': true, 'n': $count } %}",
  { copied: '{% $states.result %}', fixed: 'text' },
  '{% $states.input.items[0] %}',
);

const taskBody = fc.oneof(
  fc.constant({ task_type: 'noop' }),
  fc.record({
    task_type: fc.constant('print'),
    parameters: fc.record({ message: fc.constantFrom('', 'hello', 'two\nlines', '{% not an expression') }),
  }),
  fc.record({ task_type: fc.constant('print'), arguments: fc.constant({ message: "{% 'n = ' & $string($count) %}" }) }),
  fc.record({
    task_type: fc.constant('flaky'),
    parameters: fc.record({
      fail_attempts: fc.integer({ min: 0, max: 3 }),
      error_code: fc.constantFrom('ConnectionTimeout', 'PaymentDeclined'),
    }),
  }),
  fc.record({
    task_type: fc.constant('wait'),
    parameters: fc.oneof(
      fc.record({ seconds: fc.integer({ min: 0, max: 600 }) }),
      fc.constant({ seconds: '{% 2 * 3 %}' }),
      fc.constant({ timestamp: '2030-01-01T00:00:00Z' }),
    ),
  }),
  fc.record({ task_type: fc.constant('wait'), parameters: fc.constant({ seconds: 5, failure_rate: 0.5 }) }),
);

interface Options {
  names: string[];
}

const task = ({ names }: Options, name: string) => {
  const target = fc.constantFrom(...names, 'end', 'fail');
  return fc
    .record(
      {
        body: taskBody,
        description: fc.constantFrom('does a thing', ''),
        timeout_seconds: fc.constantFrom(1, 10, 2.5, 100),
        retry: rules(retrier),
        catch: rules(fc.record({ error_equals: errorEquals, next: target })),
        output: template,
        assign: fc.constant({ count: '{% $states.result.runs ? $states.result.runs : 1 %}' }),
      },
      { requiredKeys: ['body'] },
    )
    .map(({ body, ...rest }) => ({ name, ...body, ...rest }));
};

const condition = ({ names }: Options, source: string, index: number) => {
  const target = fc.constantFrom(...names, 'end', 'fail');
  const failure = fc.record(
    { error: fc.constantFrom('Report.NotReady', 'States.Fail'), cause: fc.constantFrom('it was not ready', '') },
    { requiredKeys: [] },
  );
  const outcome = fc.record({
    outcome: fc.constantFrom('success', 'failure'),
    target_task_success: target,
    target_task_failure: target,
  });
  const choices = fc.record(
    {
      choices: fc.array(
        fc.record({
          condition: fc.constantFrom('{% $states.input.n > 1 %}', '{%$count = 2%}', '{% true %}'),
          next: target,
        }),
        { minLength: 1, maxLength: 3 },
      ),
      default: target,
    },
    { requiredKeys: ['choices'] },
  );
  return fc
    .tuple(fc.oneof(outcome, choices), failure)
    .map(([routing, fail]) => ({ name: `c${index}`, source_task: source, ...routing, ...fail }));
};

/** A flow request body `{ flow, input }`. */
export const flowRequest = fc
  .uniqueArray(taskName, { minLength: 1, maxLength: 7 })
  .chain((names) =>
    fc.record({
      tasks: fc.tuple(...names.map((name) => task({ names }, name))),
      conditions: fc.tuple(...names.map((name, i) => fc.option(condition({ names }, name, i), { nil: undefined }))),
      start_task: fc.constantFrom(...names),
      timeout_seconds: fc.option(fc.integer({ min: 1, max: 86_400 }), { nil: undefined }),
      max_steps: fc.option(fc.constantFrom(10, 100, 500), { nil: undefined }),
    }),
  )
  .map(({ tasks, conditions, start_task, timeout_seconds, max_steps }) => ({
    flow: {
      id: 'generated',
      name: 'Generated flow',
      start_task,
      ...(timeout_seconds !== undefined && { timeout_seconds }),
      ...(max_steps !== undefined && { max_steps }),
      tasks,
      conditions: conditions.filter((c) => c !== undefined),
    },
    input: { n: 2 },
  }));
