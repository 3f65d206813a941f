import { createStepHandler } from '../../handlers/workers/step';
import { createExecution } from '../../src/service/execution-lifecycle';
import { getHistory } from '../../src/service/execution-history';
import { fireDueTimers } from '../../src/service/fire-timers';
import { isolatedTable, loadRecord, testDeps } from '../support/local-services';

let tableName: string;
beforeAll(async () => {
  // Timers read every due execution of their table: this file's own table keeps others' out.
  tableName = await isolatedTable();
});

/** Runs an execution to its end in-process: every dispatched step, and the timers for steps that wait. */
function setup(timeScale = 1000) {
  const t = testDeps({ tableName });
  t.deps.timeScale = timeScale;
  const handler = createStepHandler(() => t.deps);
  const run = async (flow: Record<string, unknown>, input: Record<string, unknown> = {}) => {
    const { execution } = await createExecution({ flow, input }, { start: true }, t.deps);
    const id = execution.execution_id;
    for (let round = 0; round < 200; round++) {
      const pending = t.dispatcher.take();
      if (pending.length > 0) {
        for (const m of pending) await handler(m);
        continue;
      }
      const head = await t.deps.store.loadExecution(id);
      if (head && head.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
      await fireDueTimers(t.deps, { forMs: 0, pollIntervalMs: 0 });
    }
    return (await loadRecord(t.deps.store, id))!;
  };
  return { ...t, run };
}

const flow = (tasks: unknown[], conditions: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  id: 'lang',
  name: 'lang',
  start_task: (tasks[0] as { name: string }).name,
  tasks,
  conditions,
  ...extra,
});
const path = (steps: Array<{ task_name: string; status: string }>) => steps.map((s) => `${s.task_name}:${s.status}`);

describe('retry', () => {
  it('recovers a flaky task by retries, each attempt its own step and invocation', async () => {
    const s = setup();
    const record = await s.run(
      flow([
        {
          name: 'charge',
          task_type: 'flaky',
          parameters: { fail_attempts: 2, error_code: 'ConnectionTimeout' },
          retry: [{ error_equals: ['ConnectionTimeout'], interval_seconds: 2 }],
        },
      ]),
    );
    expect(path(record.steps)).toEqual(['charge:FAILED', 'charge:FAILED', 'charge:SUCCEEDED']);
    expect(record.steps.map((st) => st.next)).toEqual([
      expect.objectContaining({ type: 'run', via: 'retry', retries: [1], delay_seconds: 2 }),
      expect.objectContaining({ type: 'run', via: 'retry', retries: [2], delay_seconds: 4 }),
      expect.objectContaining({ type: 'finish', status: 'SUCCEEDED' }),
    ]);
    expect(record.execution.status).toBe('SUCCEEDED');
  });

  it('gives up after max_attempts and fails with the task error code', async () => {
    const s = setup();
    const record = await s.run(
      flow([
        {
          name: 'charge',
          task_type: 'flaky',
          parameters: { fail_attempts: 5, error_code: 'ConnectionTimeout' },
          retry: [{ error_equals: ['States.ALL'], max_attempts: 2 }],
        },
      ]),
    );
    expect(path(record.steps)).toEqual(['charge:FAILED', 'charge:FAILED', 'charge:FAILED']);
    expect(record.execution).toMatchObject({ status: 'FAILED', reason: 'ConnectionTimeout', failed_task: 'charge' });
  });

  it('holds no invocation during a backoff: the step waits in the head until a timer hands it on', async () => {
    const s = setup(1);
    const { execution } = await createExecution(
      {
        flow: flow([
          {
            name: 'charge',
            task_type: 'flaky',
            parameters: { fail_attempts: 1 },
            retry: [{ error_equals: ['States.TaskFailed'], interval_seconds: 3600 }],
          },
        ]),
      },
      { start: true },
      s.deps,
    );
    const handler = createStepHandler(() => s.deps);
    await handler(s.dispatcher.take()[0]!);
    expect(s.dispatcher.take()).toEqual([]);
    const head = (await s.deps.store.loadExecution(execution.execution_id))!;
    expect(head.cursor).toMatchObject({ seq: 2, task: 'charge', retries: [1] });
    expect(Date.parse(head.cursor!.due_at!) - Date.now()).toBeGreaterThan(3_500_000);
    expect((await fireDueTimers(s.deps, { forMs: 0, pollIntervalMs: 0 })).fired).toBe(0);
  });
});

describe('catch', () => {
  it('routes a caught error by its code, with { error, cause } as the next task input', async () => {
    const s = setup();
    const record = await s.run(
      flow(
        [
          {
            name: 'charge',
            task_type: 'flaky',
            parameters: { fail_attempts: 9, error_code: 'PaymentDeclined' },
            catch: [
              { error_equals: ['ConnectionTimeout'], next: 'never' },
              { error_equals: ['PaymentDeclined'], next: 'notify' },
            ],
          },
          { name: 'never', task_type: 'noop' },
          {
            name: 'notify',
            task_type: 'print',
            arguments: { message: '{% $states.input.error & ": " & $states.input.cause %}' },
            output: '{% $states.input %}',
          },
        ],
        [
          {
            name: 'after_notify',
            source_task: 'notify',
            outcome: 'success',
            target_task_success: 'end',
            target_task_failure: 'end',
          },
        ],
      ),
    );
    expect(path(record.steps)).toEqual(['charge:FAILED', 'notify:SUCCEEDED']);
    expect(record.steps[1]!.output).toEqual({ message: 'PaymentDeclined: flaky: run 1 of 9 failing run(s)' });
    expect(record.steps[0]!.next).toMatchObject({ via: 'catch', rule: 1 });
    expect(record.execution.status).toBe('SUCCEEDED');
  });

  it('ends FAILED on purpose through a fail target, with its error and cause', async () => {
    const s = setup();
    const record = await s.run(
      flow(
        [{ name: 'check', task_type: 'print', parameters: { message: 'x' } }],
        [
          {
            name: 'stop',
            source_task: 'check',
            outcome: 'success',
            target_task_success: 'fail',
            target_task_failure: 'end',
            error: 'Order.Invalid',
            cause: 'the order has no items',
          },
        ],
      ),
    );
    expect(record.execution).toMatchObject({
      status: 'FAILED',
      reason: 'Order.Invalid',
      error: 'the order has no items',
    });
  });
});

describe('choices and data', () => {
  const order = (_amount: number) =>
    flow(
      [
        {
          name: 'price',
          task_type: 'print',
          arguments: { message: '{% $string($states.input.amount) %}' },
          output: '{% { "amount": $number($states.result.message) } %}',
          assign: { order_id: '{% $states.context.Execution.Id %}' },
        },
        { name: 'big', task_type: 'print', arguments: { message: '{% "big order " & $order_id %}' } },
        { name: 'small', task_type: 'noop' },
      ],
      [
        {
          name: 'by_amount',
          source_task: 'price',
          choices: [{ condition: '{% $states.input.amount > 100 %}', next: 'big' }],
          default: 'small',
        },
        {
          name: 'after_big',
          source_task: 'big',
          outcome: 'success',
          target_task_success: 'end',
          target_task_failure: 'fail',
        },
      ],
    );

  it('chooses on output values: the first rule that holds, else the default', async () => {
    const s = setup();
    const big = await s.run(order(250), { amount: 250 });
    expect(path(big.steps)).toEqual(['price:SUCCEEDED', 'big:SUCCEEDED']);
    expect(big.steps[1]!.output).toEqual({ message: `big order ${big.execution.execution_id}` });
    expect(big.steps[0]!.next).toMatchObject({ via: 'choice', rule: 0 });
    const small = await s.run(order(5), { amount: 5 });
    expect(path(small.steps)).toEqual(['price:SUCCEEDED', 'small:SUCCEEDED']);
    expect(small.steps[0]!.next).toMatchObject({ via: 'default' });
  });

  it('fails with States.NoChoiceMatched when no rule holds and there is no default', async () => {
    const s = setup();
    const record = await s.run(
      flow(
        [
          { name: 'a', task_type: 'noop' },
          { name: 'b', task_type: 'noop' },
        ],
        [{ name: 'c', source_task: 'a', choices: [{ condition: '{% false %}', next: 'b' }] }],
      ),
    );
    expect(record.execution).toMatchObject({ status: 'FAILED', reason: 'States.NoChoiceMatched' });
  });

  it('turns an expression that fails at run time into a catchable States.QueryEvaluationError', async () => {
    const s = setup();
    const record = await s.run(
      flow([
        {
          name: 'a',
          task_type: 'print',
          arguments: { message: '{% $states.input.missing %}' },
          catch: [{ error_equals: ['States.QueryEvaluationError'], next: 'b' }],
        },
        { name: 'b', task_type: 'noop' },
      ]),
    );
    expect(record.steps[0]).toMatchObject({ status: 'FAILED', error_code: 'States.QueryEvaluationError' });
    expect(path(record.steps)).toEqual(['a:FAILED', 'b:SUCCEEDED']);
  });
});

describe('durable wait', () => {
  it('waits an hour under the time scale, holding no invocation, and hands its input on', async () => {
    const s = setup(3600 * 20);
    const record = await s.run(
      flow([
        { name: 'first', task_type: 'print', parameters: { message: 'm' }, output: '{% { "order": 42 } %}' },
        { name: 'settle', task_type: 'wait', parameters: { seconds: '{% 1800 * 2 %}' } },
        { name: 'after', task_type: 'print', arguments: { message: '{% $string($states.input.order) %}' } },
      ]),
    );
    expect(path(record.steps)).toEqual(['first:SUCCEEDED', 'settle:SUCCEEDED', 'after:SUCCEEDED']);
    expect((record.steps[1]!.output as { waited_seconds: number }).waited_seconds).toBeGreaterThanOrEqual(3600);
    expect(record.steps[2]!.output).toEqual({ message: '42' });
  });
});

describe('a wait of literal seconds', () => {
  it('starts in the commit that leads to it: nothing is handed on until it is over, and it runs once, when due', async () => {
    const s = setup(3600);
    const { execution } = await createExecution(
      {
        flow: flow([
          { name: 'first', task_type: 'noop' },
          { name: 'pause', task_type: 'wait', parameters: { seconds: 7200 } },
          { name: 'after', task_type: 'noop' },
        ]),
      },
      { start: true },
      s.deps,
    );
    const id = execution.execution_id;
    const handler = createStepHandler(() => s.deps);
    const [first] = s.dispatcher.take();
    const committedAt = Date.now();
    await handler(first!);

    expect(s.dispatcher.take()).toEqual([]);
    const head = (await s.deps.store.loadExecution(id))!;
    expect(head.cursor).toMatchObject({ seq: 2, task: 'pause' });
    expect(Date.parse(head.cursor!.wait_started_at!)).toBeGreaterThanOrEqual(committedAt - 1000);
    // 7,200 s under a time scale of 3,600: due two seconds after the wait was entered.
    expect(Date.parse(head.cursor!.due_at!) - Date.parse(head.cursor!.wait_started_at!)).toBe(2000);
    expect((await getHistory(id, { limit: 100 }, s.deps)).events.map((e) => e.type)).toContain('WaitStarted');

    let fired: Awaited<ReturnType<typeof fireDueTimers>> = { polls: 0, fired: 0, errors: 0 };
    for (let i = 0; i < 100 && fired.fired === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      fired = await fireDueTimers(s.deps, { forMs: 0, pollIntervalMs: 0 });
    }
    const [due] = s.dispatcher.take();
    expect(due).toMatchObject({ seq: 2, task: 'pause' });
    await handler(due!);
    const [last] = s.dispatcher.take();
    await handler(last!);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.execution.status).toBe('SUCCEEDED');
    expect(path(record.steps)).toEqual(['first:SUCCEEDED', 'pause:SUCCEEDED', 'after:SUCCEEDED']);
    expect((record.steps[1]!.output as { waited_seconds: number }).waited_seconds).toBeGreaterThanOrEqual(7200);
    expect(record.steps[1]!.attempt).toBe(1);
  });
});

describe('history', () => {
  it('tells every attempt, retry, catch, choice, wait and the end, oldest first, paged', async () => {
    const s = setup();
    const record = await s.run(
      flow(
        [
          {
            name: 'charge',
            task_type: 'flaky',
            parameters: { fail_attempts: 1, error_code: 'ConnectionTimeout' },
            retry: [{ error_equals: ['ConnectionTimeout'] }],
          },
          { name: 'pause', task_type: 'wait', parameters: { seconds: 60 } },
          {
            name: 'risky',
            task_type: 'flaky',
            parameters: { fail_attempts: 5, error_code: 'PaymentDeclined' },
            catch: [{ error_equals: ['PaymentDeclined'], next: 'decide' }],
          },
          { name: 'decide', task_type: 'noop' },
          { name: 'done', task_type: 'noop' },
        ],
        [
          {
            name: 'pick',
            source_task: 'decide',
            choices: [{ condition: '{% $states.input.error = "PaymentDeclined" %}', next: 'done' }],
          },
        ],
      ),
    );
    expect(record.execution.status).toBe('SUCCEEDED');
    const all = await getHistory(record.execution.execution_id, { limit: 1000 }, s.deps);
    expect(all.events.map((e) => `${e.type}${e.task ? `:${e.task}` : ''}`)).toEqual([
      'ExecutionStarted',
      'TaskStarted:charge',
      'TaskFailed:charge',
      'RetryScheduled:charge',
      'TaskStarted:charge',
      'TaskSucceeded:charge',
      'WaitStarted:pause',
      'WaitFinished:pause',
      'TaskStarted:risky',
      'TaskFailed:risky',
      'CatchTaken:risky',
      'TaskStarted:decide',
      'TaskSucceeded:decide',
      'ChoiceEvaluated:decide',
      'TaskStarted:done',
      'TaskSucceeded:done',
      'ExecutionSucceeded:done',
    ]);
    expect(all.nextToken).toBeUndefined();
    const ids = all.events.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    const paged: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await getHistory(record.execution.execution_id, { limit: 3, nextToken: token }, s.deps);
      expect(page.events.length).toBeLessThanOrEqual(3);
      paged.push(...page.events.map((e) => String(e.id)));
      token = page.nextToken;
      if (!token) break;
    }
    expect(paged).toEqual(ids.map(String));
  });
});
