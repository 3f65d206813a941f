import { createStepHandler } from '../../handlers/workers/step';
import { createExecution } from '../../src/service/execution-lifecycle';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { recoverStalled } from '../../src/service/recover-stalled';
import { keys } from '../../src/storage/table-schema';
import { isolatedTable, loadRecord, testDeps } from '../support/local-services';
import { TestClock } from '../support/test-clock';

let tableName: string;
beforeAll(async () => {
  // The sweep looks at every running execution of its table: this file keeps its own.
  tableName = await isolatedTable();
});

function setup() {
  const t = testDeps({ tableName });
  const clock = new TestClock();
  t.deps.clock = clock;
  const handler = createStepHandler(() => t.deps);
  const start = async (tasks: unknown[], conditions: unknown[] = [], extra: Record<string, unknown> = {}) => {
    const body = {
      id: 'ops',
      name: 'ops',
      start_task: (tasks[0] as { name: string }).name,
      tasks,
      conditions,
      ...extra,
    };
    const { execution } = await createExecution(body, { start: true }, t.deps);
    return { id: execution.execution_id, first: t.dispatcher.take()[0]! };
  };
  const record = async (id: string) => (await loadRecord(t.deps.store, id))!;
  const events = async (id: string) => (await getHistory(id, { limit: 1000 }, t.deps)).events;
  return { ...t, clock, handler, start, record, events };
}

const counted = (name: string, parameters: Record<string, unknown> = {}) => ({
  name,
  task_type: 'counted',
  timeout_seconds: 5,
  parameters,
});
const chain = (from: string, to: string) => ({
  name: `${from}-${to}`,
  source_task: from,
  outcome: 'success',
  target_task_success: to,
  target_task_failure: 'end',
});
const until = async (check: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('stop', () => {
  it('stops an execution while a step runs: the result is recorded, changes nothing, and nothing else runs', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a', { delay_ms: 600 }), counted('b')], [chain('a', 'b')]);
    const running = s.handler(first);
    await until(() => s.counter.count(id, 1) === 1);
    const stopped = await stopExecution(id, { error: 'Operator', cause: 'maintenance window' }, s.deps);
    expect(stopped).toMatchObject({ status: 'ABORTED', reason: 'Operator', error: 'maintenance window' });
    // The step hands b on with its commit; b's claim finds the execution stopped, counts the
    // result as late and runs nothing.
    expect(await running).toMatchObject({ outcome: 'ran', status: 'success' });
    const handedOn = s.dispatcher.take();
    expect(handedOn).toEqual([
      expect.objectContaining({ seq: 2, task: 'b', commit: expect.objectContaining({ seq: 1 }) }),
    ]);
    expect(await s.handler(handedOn[0]!)).toEqual({ outcome: 'skipped', reason: 'execution_aborted' });
    const { execution, steps } = await s.record(id);
    expect(execution).toMatchObject({ status: 'ABORTED', steps_recorded: 1, reason: 'Operator' });
    expect(execution.claim).toBeUndefined();
    expect(steps).toEqual([expect.objectContaining({ seq: 1, task_name: 'a', status: 'SUCCEEDED' })]);
    // The stopped execution's state did not move: b never ran and was never handed on.
    expect(execution.state.results.has('a')).toBe(false);
    expect(s.dispatcher.take()).toEqual([]);
    expect(s.counter.total(id)).toBe(1);
    expect((await s.events(id)).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskSucceeded',
      'ExecutionAborted',
    ]);
  });

  it('stops an execution during a durable wait: the wait never fires', async () => {
    const s = setup();
    const { id, first } = await s.start(
      [{ name: 'pause', task_type: 'wait', parameters: { seconds: 3600 } }, counted('after')],
      [chain('pause', 'after')],
    );
    expect(await s.handler(first)).toEqual({ outcome: 'waiting' });
    const dueBefore = await s.deps.store.duePage(keys.shardOf(id), new Date(Date.now() + 7200_000).toISOString(), 1000);
    expect(dueBefore).toContain(id);
    await stopExecution(id, {}, s.deps);
    const dueAfter = await s.deps.store.duePage(keys.shardOf(id), new Date(Date.now() + 7200_000).toISOString(), 1000);
    expect(dueAfter).not.toContain(id);
    // Even if the wait's step is delivered once it is due, it is refused.
    s.clock.offsetMs = 3601_000;
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'execution_aborted' });
    expect((await s.record(id)).execution).toMatchObject({
      status: 'ABORTED',
      reason: 'States.Aborted',
      steps_recorded: 0,
    });
    expect(s.counter.total(id)).toBe(0);
  });

  it('refuses to stop an execution that already ended (409) or does not exist (404), writing nothing', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('only')]);
    await s.handler(first);
    const before = await s.record(id);
    await expect(stopExecution(id, {}, s.deps)).rejects.toMatchObject({ status: 409, code: 'ExecutionNotStoppable' });
    expect(await s.record(id)).toEqual(before);
    await expect(stopExecution('no-such-execution', {}, s.deps)).rejects.toMatchObject({ status: 404 });
  });
});

describe('redrive', () => {
  const flaky = (name: string) => ({ name, task_type: 'flaky', timeout_seconds: 5, parameters: { fail_attempts: 1 } });

  it('resumes after a step that finished before the stop though its hand-on arrived after it: the step is not run again', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')], [chain('a', 'b')]);
    expect(await s.handler(first)).toMatchObject({ outcome: 'ran', status: 'success' });
    const handedOn = s.dispatcher.take(); // in flight while the stop lands
    s.clock.offsetMs += 5; // the stop lands after the step finished
    await stopExecution(id, { error: 'Operator' }, s.deps);
    expect(await s.handler(handedOn[0]!)).toEqual({ outcome: 'skipped', reason: 'execution_aborted' });
    expect((await s.record(id)).execution).toMatchObject({
      status: 'ABORTED',
      steps_recorded: 1,
      cursor: { seq: 2, task: 'b' },
    });
    expect(await redriveExecution(id, s.deps)).toMatchObject({ status: 'RUNNING', cursor: { seq: 2, task: 'b' } });
    for (let message = s.dispatcher.take()[0]; message; message = s.dispatcher.take()[0]) await s.handler(message);
    const { execution, steps } = await s.record(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(steps.map((st) => `${st.seq}:${st.task_name}:${st.status}`)).toEqual(['1:a:SUCCEEDED', '2:b:SUCCEEDED']);
    expect([s.counter.count(id, 1), s.counter.count(id, 2)]).toEqual([1, 1]);
  });

  it('reuses the result a step recorded before the stop when its hand-on was lost and no attempt held it', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')], [chain('a', 'b')]);
    expect(await s.handler(first)).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(s.dispatcher.take()).toHaveLength(1); // the hand-on is lost
    // A takeover claims step 1 once its lease expired and gives it back (it could not read the
    // definition): the step's record stays, and no attempt holds the step when the stop lands.
    const later = Date.now() + 60_000;
    const takeover = {
      executionId: id,
      seq: 1,
      task: 'a',
      claimToken: 'takeover',
      claimedAt: new Date(later).toISOString(),
      leaseExpiresAt: later + 60_000,
    };
    expect(await s.deps.store.claimStep(takeover)).toMatchObject({ claimed: true, execution: { attempts: 2 } });
    await s.deps.store.releaseClaim(id, 'takeover');
    await stopExecution(id, {}, s.deps);

    expect(await redriveExecution(id, s.deps)).toMatchObject({
      status: 'RUNNING',
      cursor: { seq: 1, task: 'a' },
      attempts: 1,
    });
    // Without waiting for any lease: the resumed step counts as attempt 2 and reuses attempt 1's result.
    for (let message = s.dispatcher.take()[0]; message; message = s.dispatcher.take()[0]) await s.handler(message);
    const { execution, steps } = await s.record(id);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 2, redrive_count: 1 });
    expect(steps.map((st) => `${st.seq}:${st.task_name}:${st.status}:${st.attempt}`)).toEqual([
      '1:a:SUCCEEDED:2',
      '2:b:SUCCEEDED:1',
    ]);
    expect([s.counter.count(id, 1), s.counter.count(id, 2)]).toEqual([1, 1]);
  });

  it('resumes a failed execution at the failed step; steps that succeeded are not run again', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), flaky('b'), counted('c')], [chain('a', 'b'), chain('b', 'c')]);
    await s.handler(first);
    const second = s.dispatcher.take()[0]!;
    expect(await s.handler(second)).toMatchObject({ outcome: 'ran', status: 'failure' });
    expect((await s.record(id)).execution).toMatchObject({ status: 'FAILED', failed_task: 'b' });

    const redriven = await redriveExecution(id, s.deps);
    expect(redriven).toMatchObject({ status: 'RUNNING', redrive_count: 1, cursor: { seq: 3, task: 'b' } });
    // A late duplicate of the failed step's invocation finds nothing to claim.
    expect(await s.handler(second)).toEqual({ outcome: 'skipped', reason: 'not_the_expected_step' });
    for (let message = s.dispatcher.take()[0]; message; message = s.dispatcher.take()[0]) await s.handler(message);

    const { execution, steps } = await s.record(id);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', redrive_count: 1, steps_recorded: 4 });
    expect(steps.map((st) => `${st.task_name}:${st.status}`)).toEqual([
      'a:SUCCEEDED',
      'b:FAILED',
      'b:SUCCEEDED',
      'c:SUCCEEDED',
    ]);
    expect(s.counter.count(id, 1)).toBe(1);
    expect(steps[2]!.redrive).toMatchObject({ count: 1, from_status: 'FAILED', seq: 3 });
    const types = (await s.events(id)).map((e) => e.type);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStarted',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
  });

  it('refuses a succeeded or open execution, and lets exactly one of two concurrent redrives through', async () => {
    const s = setup();
    const ok = await s.start([counted('only')]);
    await expect(redriveExecution(ok.id, s.deps)).rejects.toMatchObject({
      status: 409,
      code: 'ExecutionNotRedrivable',
    });
    await s.handler(ok.first);
    await expect(redriveExecution(ok.id, s.deps)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('it succeeded'),
    });

    const failed = await s.start([counted('x', { fail: true })]);
    await s.handler(failed.first);
    const results = await Promise.allSettled([
      redriveExecution(failed.id, s.deps),
      redriveExecution(failed.id, s.deps),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ status: 409 }) }),
    ]);
    expect(s.dispatcher.take().filter((m) => m.execution_id === failed.id)).toHaveLength(1);
    expect((await s.record(failed.id)).execution).toMatchObject({ status: 'RUNNING', redrive_count: 1 });
  });

  it('closes a step that a stop interrupted, so the interrupted attempt can neither replace nor move anything', async () => {
    const s = setup();
    const { id } = await s.start([counted('a'), counted('b')], [chain('a', 'b')]);
    // An attempt holds step 1 (it will answer far too late), then the execution is stopped.
    const now = Date.now();
    await s.deps.store.claimStep({
      executionId: id,
      seq: 1,
      task: 'a',
      claimToken: 'late',
      claimedAt: new Date(now).toISOString(),
      leaseExpiresAt: now + 60_000,
    });
    await stopExecution(id, {}, s.deps);
    const redriven = await redriveExecution(id, s.deps);
    expect(redriven).toMatchObject({ status: 'RUNNING', steps_recorded: 1, cursor: { seq: 2, task: 'a' } });
    const [resumed] = s.dispatcher.take();
    expect(resumed).toMatchObject({ seq: 2, task: 'a' });
    await s.handler(resumed!);
    await s.handler(s.dispatcher.take()[0]!);
    // The late attempt's result arrives now: refused, and its record does not replace the closing one.
    const head = (await s.record(id)).execution;
    const late = {
      executionId: id,
      claimToken: 'late',
      at: new Date().toISOString(),
      state: head.state,
      progress: head.progress,
      step: {
        seq: 1,
        task_name: 'a',
        task_type: 'counted',
        status: 'SUCCEEDED' as const,
        attempt: 1,
        started_at: new Date(now).toISOString(),
        completed_at: new Date().toISOString(),
        duration_ms: 1,
        next: { type: 'run' as const, task: 'b', seq: 2 },
      },
      next: { cursor: { seq: 2, task: 'b', timeout_seconds: 5 } },
    };
    expect(await s.deps.store.commitStep(late)).toBe(false);
    const { execution, steps } = await s.record(id);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 3 });
    expect(steps.map((st) => `${st.seq}:${st.task_name}:${st.status}:${st.error_code ?? ''}`)).toEqual([
      '1:a:FAILED:States.Aborted',
      '2:a:SUCCEEDED:',
      '3:b:SUCCEEDED:',
    ]);
  });
});

describe('execution timeout', () => {
  it('times out an execution whose step finishes past the deadline: the result is kept, nothing more runs', async () => {
    const s = setup();
    const { id, first } = await s.start(
      [counted('slow', { delay_ms: 1500 }), counted('next')],
      [chain('slow', 'next')],
      { timeout_seconds: 1 },
    );
    expect((await s.record(id)).execution.deadline_at).toBeDefined();
    expect(await s.handler(first)).toMatchObject({ outcome: 'ran', status: 'success' });
    // The hand-on's claim, past the deadline, keeps the result and times the execution out.
    const handedOn = s.dispatcher.take();
    expect(handedOn).toHaveLength(1);
    expect(await s.handler(handedOn[0]!)).toEqual({ outcome: 'skipped', reason: 'execution_timed_out' });
    const { execution, steps } = await s.record(id);
    expect(execution).toMatchObject({ status: 'TIMED_OUT', reason: 'States.Timeout', steps_recorded: 1 });
    expect(steps).toHaveLength(1);
    expect(s.dispatcher.take()).toEqual([]);
    expect((await s.events(id)).at(-1)).toMatchObject({
      type: 'ExecutionTimedOut',
      detail: { error_code: 'States.Timeout' },
    });
  });

  it('brings a long wait forward to the deadline, then times the execution out when it fires', async () => {
    const s = setup();
    const { id, first } = await s.start(
      [{ name: 'pause', task_type: 'wait', parameters: { seconds: 3600 } }, counted('after')],
      [chain('pause', 'after')],
      { timeout_seconds: 60 },
    );
    expect(await s.handler(first)).toEqual({ outcome: 'waiting' });
    const head = (await s.record(id)).execution;
    expect(head.cursor!.due_at).toBe(head.deadline_at);
    s.clock.offsetMs = 61_000;
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'execution_timed_out' });
    expect((await s.record(id)).execution).toMatchObject({ status: 'TIMED_OUT', steps_recorded: 0 });
    expect(s.counter.total(id)).toBe(0);

    // A redrive starts the timeout again and resumes the wait, after closing the one the timeout
    // interrupted with a record (so the history keeps that wait).
    s.clock.offsetMs = 0;
    const redriven = await redriveExecution(id, s.deps);
    expect(redriven).toMatchObject({ status: 'RUNNING', cursor: { seq: 2, task: 'pause' }, steps_recorded: 1 });
    expect((await s.record(id)).steps).toEqual([
      expect.objectContaining({ seq: 1, task_name: 'pause', status: 'FAILED', error_code: 'States.Timeout' }),
    ]);
    expect(Date.parse(redriven.deadline_at!)).toBeGreaterThan(Date.now() + 50_000);
  });

  it('is enforced by the recovery sweep when the step holding the execution never answers', async () => {
    const s = setup();
    const { id } = await s.start([counted('a'), counted('b')], [chain('a', 'b')], { timeout_seconds: 5 });
    const now = Date.now();
    await s.deps.store.claimStep({
      executionId: id,
      seq: 1,
      task: 'a',
      claimToken: 'hung',
      claimedAt: new Date(now).toISOString(),
      leaseExpiresAt: now + 600_000,
    });
    s.clock.offsetMs = 6_000;
    const report = await recoverStalled(s.deps, { graceSeconds: 5, timeBudgetMs: 60_000 });
    expect(report.errors).toBe(0);
    expect((await s.record(id)).execution).toMatchObject({ status: 'TIMED_OUT', reason: 'States.Timeout' });
  });
});
