import { createStepHandler } from '../../handlers/step';
import { createExecution } from '../../src/service/execution-lifecycle';
import { recoverStalled } from '../../src/service/recover-stalled';
import type { Clock } from '../../src/service/step-deps';
import { testDeps } from '../support/local-services';

/** A clock the test moves forward, so leases and grace periods pass without waiting. */
class TestClock implements Clock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
}

function setup() {
  const t = testDeps();
  const clock = new TestClock();
  t.deps.clock = clock;
  const handler = createStepHandler(() => t.deps);
  const start = async (tasks: unknown[]) => {
    const body = { id: 'lease', name: 'lease', start_task: (tasks[0] as { name: string }).name, tasks, conditions: [] };
    const { execution } = await createExecution(body, { start: true }, t.deps);
    return { id: execution.execution_id, first: t.dispatcher.take()[0]! };
  };
  const recover = () => recoverStalled(t.deps, { graceSeconds: 5 });
  return { ...t, clock, handler, start, recover };
}

const counted = (name: string, timeout = 1) => ({ name, task_type: 'counted', timeout_seconds: timeout });

describe('step leases', () => {
  it('re-runs a step whose invocation died after claiming it, as the next attempt, once its lease expired', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')]);
    // An invocation that claimed step 1 and died: the item is RUNNING with attempt 1 and a lease.
    const now = Date.now();
    expect(
      await s.deps.store.claimStep({
        executionId: id, seq: 1, taskName: 'a', attempt: 1, claimToken: 'dead',
        startedAt: new Date(now).toISOString(), leaseExpiresAt: now + 16_000,
      }),
    ).toBe(true);
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'not_the_expected_step' });
    s.clock.offsetMs = 17_000;
    const [x, y] = await Promise.all([s.handler(first), s.handler(first)]);
    expect([x, y].filter((r) => r.outcome === 'ran')).toEqual([expect.objectContaining({ attempt: 2, status: 'success' })]);
    expect(s.counter.count(id, 1)).toBe(1);
    const record = (await s.deps.store.load(id))!;
    expect(record.steps[0]).toMatchObject({ seq: 1, status: 'SUCCEEDED', attempt: 2 });
    // The dead invocation's result can no longer be recorded over it.
    const late = await s.deps.store.recordStepResult({
      executionId: id, seq: 1, taskType: 'counted', claimToken: 'dead', status: 'FAILED', completedAt: new Date().toISOString(), durationMs: 1,
      next: { type: 'finish', status: 'FAILED' },
    });
    expect(late).toBe(false);
  });

  it('fails a task that exceeds timeout_seconds with error code timeout', async () => {
    const s = setup();
    const body = { id: 't', name: 't', start_task: 'slow', conditions: [], tasks: [{ name: 'slow', task_type: 'wait', parameters: { seconds: 5 }, timeout_seconds: 0.2 }] };
    const { execution } = await createExecution(body, { start: true }, s.deps);
    const report = await s.handler(s.dispatcher.take()[0]!);
    expect(report).toMatchObject({ outcome: 'ran', status: 'failure' });
    const record = (await s.deps.store.load(execution.execution_id))!;
    expect(record.steps[0]).toMatchObject({ status: 'FAILED', error_code: 'timeout', error: 'task timed out after 0.2 s' });
    expect(record.execution).toMatchObject({ status: 'FAILED', failed_task: 'slow' });
  });
});

describe('recovery sweep', () => {
  it('re-dispatches a start step whose invoke was lost', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a')]);
    await s.recover();
    expect(s.dispatcher.take().filter((m) => m.execution_id === id)).toEqual([]); // within the grace period
    s.clock.offsetMs = 6_000;
    await s.recover();
    const mine = s.dispatcher.take().filter((m) => m.execution_id === id);
    expect(mine).toEqual([first]);
    await s.handler(mine[0]!);
    expect((await s.deps.store.load(id))!.execution.status).toBe('SUCCEEDED');
  });

  it('re-dispatches a next step whose invoke was lost, and the flow completes with each body run once', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')]);
    await s.handler(first);
    s.dispatcher.take(); // the invoke of step 2 is "lost"
    s.clock.offsetMs = 6_000;
    await s.recover();
    const mine = s.dispatcher.take().filter((m) => m.execution_id === id);
    expect(mine).toEqual([{ execution_id: id, seq: 2, task: 'b', timeout_seconds: 1 }]);
    await Promise.all([s.handler(mine[0]!), s.handler(mine[0]!)]);
    expect((await s.deps.store.load(id))!.execution.status).toBe('SUCCEEDED');
    expect([s.counter.count(id, 1), s.counter.count(id, 2)]).toEqual([1, 1]);
  });

  it('re-dispatches a step whose lease expired, and writes a final status that was never written', async () => {
    const s = setup();
    const { id } = await s.start([counted('a')]);
    const now = Date.now();
    await s.deps.store.claimStep({
      executionId: id, seq: 1, taskName: 'a', attempt: 1, claimToken: 'dead',
      startedAt: new Date(now).toISOString(), leaseExpiresAt: now + 16_000,
    });
    s.clock.offsetMs = 17_000;
    await s.recover();
    const mine = s.dispatcher.take().filter((m) => m.execution_id === id);
    expect(mine).toEqual([{ execution_id: id, seq: 1, task: 'a', timeout_seconds: 1 }]);

    // The re-run records its decision to finish, then "dies" before writing the execution's status.
    const store = s.deps.store;
    const finish = store.finishExecution.bind(store);
    store.finishExecution = async () => false;
    await s.handler(mine[0]!);
    store.finishExecution = finish;
    expect((await store.load(id))!.execution.status).toBe('RUNNING');
    s.clock.offsetMs = 30_000;
    const [r1, r2] = await Promise.all([s.recover(), s.recover()]);
    expect(r1.finished + r2.finished).toBeGreaterThanOrEqual(1);
    expect((await store.load(id))!.execution.status).toBe('SUCCEEDED');
    expect(s.counter.count(id, 1)).toBe(1);
  });
});
