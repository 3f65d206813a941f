import { createStepHandler } from '../../handlers/workers/step';
import type { StepMessage } from '../../src/domain/execution/step-message';
import type { StepCommit } from '../../src/ports/execution-store';
import { createExecution } from '../../src/service/execution-lifecycle';
import { recoverStalled } from '../../src/service/recover-stalled';
import { isolatedTable, loadRecord, testDeps } from '../support/local-services';
import { TestClock } from '../support/test-clock';

let tableName: string;
beforeAll(async () => {
  // Recovery looks at every running execution of its table: this file's own table keeps other tests' out.
  tableName = await isolatedTable();
});

function setup(options: { pageSize?: number } = {}) {
  const t = testDeps({ tableName });
  const clock = new TestClock();
  t.deps.clock = clock;
  const handler = createStepHandler(() => t.deps);
  const start = async (tasks: unknown[], conditions: unknown[] = []) => {
    const body = { id: 'lease', name: 'lease', start_task: (tasks[0] as { name: string }).name, tasks, conditions };
    const { execution } = await createExecution(body, { start: true }, t.deps);
    return { id: execution.execution_id, first: t.dispatcher.take()[0]! };
  };
  const recover = (budgetMs = 60_000) =>
    recoverStalled(t.deps, { graceSeconds: 5, timeBudgetMs: budgetMs, pageSize: options.pageSize });
  const mine = (id: string) => t.dispatcher.take().filter((m) => m.execution_id === id);
  return { ...t, clock, handler, start, recover, mine };
}

const counted = (name: string, timeout = 1, parameters: Record<string, unknown> = {}) => ({
  name,
  task_type: 'counted',
  timeout_seconds: timeout,
  parameters,
});

describe('step leases', () => {
  it('re-runs a step whose invocation died after claiming it, as the next attempt, once its lease expired', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')]);
    // An invocation that claimed step 1 and died: the head holds its claim and lease.
    const now = Date.now();
    const dead = {
      executionId: id,
      seq: 1,
      task: 'a',
      claimToken: 'dead',
      claimedAt: new Date(now).toISOString(),
      leaseExpiresAt: now + 16_000,
    };
    expect(await s.deps.store.claimStep(dead)).toMatchObject({ claimed: true });
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'already_claimed' });
    s.clock.offsetMs = 17_000;
    const [x, y] = await Promise.all([s.handler(first), s.handler(first)]);
    expect([x, y].filter((r) => r.outcome === 'ran')).toEqual([
      expect.objectContaining({ attempt: 2, status: 'success' }),
    ]);
    expect(s.counter.count(id, 1)).toBe(1);
    // Its commit travels with the hand-on of step 2.
    await s.handler(s.mine(id)[0]!);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.steps[0]).toMatchObject({ seq: 1, status: 'SUCCEEDED', attempt: 2 });
    expect(record.execution.progress.get('a')).toMatchObject({ attempts: 2, last_attempt: 2 });
  });

  it('fails a task that exceeds timeout_seconds with error code timeout', async () => {
    const s = setup();
    const body = {
      id: 't',
      name: 't',
      start_task: 'slow',
      conditions: [],
      tasks: [{ name: 'slow', task_type: 'fetch_data', parameters: { delay_ms: 5000 }, timeout_seconds: 0.2 }],
    };
    const { execution } = await createExecution(body, { start: true }, s.deps);
    const report = await s.handler(s.dispatcher.take()[0]!);
    expect(report).toMatchObject({ outcome: 'ran', status: 'failure' });
    const record = (await loadRecord(s.deps.store, execution.execution_id))!;
    expect(record.steps[0]).toMatchObject({
      status: 'FAILED',
      error_code: 'timeout',
      error: 'task timed out after 0.2 s',
    });
    expect(record.execution).toMatchObject({ status: 'FAILED', failed_task: 'slow', reason: 'timeout' });
  });
});

describe('a step that crashes its invocation every time', () => {
  /** Kills every invocation of `crasher` between running its body and recording it, as a poison task would. */
  function poison(s: ReturnType<typeof setup>) {
    const commit = s.deps.store.commitStep.bind(s.deps.store);
    const record = s.deps.store.recordStep.bind(s.deps.store);
    const dies = (c: StepCommit) => c.step.task_name === 'crasher' && c.step.error_code !== 'step_crashed';
    s.deps.store.commitStep = async (c) => {
      if (dies(c)) throw new Error('invocation died');
      return commit(c);
    };
    s.deps.store.recordStep = async (c) => {
      if (dies(c)) throw new Error('invocation died');
      return record(c);
    };
  }

  /** Delivers the step, lets its lease run out and the sweep re-dispatch it, until it is no longer re-dispatched. */
  async function crashUntilSettled(s: ReturnType<typeof setup>, id: string, first: StepMessage) {
    let pending: StepMessage[] = [first];
    for (let round = 0; round < 10 && pending.length > 0; round++) {
      for (const message of pending) await s.handler(message).catch(() => undefined);
      s.clock.offsetMs += 20_000;
      await s.recover();
      pending = s.mine(id);
    }
  }

  it('fails it with step_crashed after MAX_STEP_TAKEOVERS takeovers, routed like any task failure', async () => {
    const s = setup();
    poison(s);
    const { id, first } = await s.start(
      [counted('crasher'), counted('never'), counted('handler')],
      [
        {
          name: 'c',
          source_task: 'crasher',
          outcome: 'success',
          target_task_success: 'never',
          target_task_failure: 'handler',
        },
      ],
    );
    await crashUntilSettled(s, id, first);
    // The body ran once per attempt that died (3); the attempt after the third takeover did not run it.
    expect(s.counter.count(id, 1)).toBe(3);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.steps.map((st) => [st.task_name, st.status, st.error_code ?? null, st.attempt])).toEqual([
      ['crasher', 'FAILED', 'step_crashed', 4],
      ['handler', 'SUCCEEDED', null, 1],
    ]);
    expect(record.execution.status).toBe('SUCCEEDED');
  });

  it('fails the execution with error code step_crashed when nothing handles it', async () => {
    const s = setup();
    poison(s);
    const { id, first } = await s.start([counted('crasher'), counted('after')]);
    await crashUntilSettled(s, id, first);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.execution).toMatchObject({ status: 'FAILED', failed_task: 'crasher', reason: 'step_crashed' });
    expect(s.counter.total(id)).toBe(3);
  });
});

describe('the commit that travels with the hand-on', () => {
  it('is made by the step itself when the hand-on invoke fails, and the next step is handed on without it', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')]);
    const dispatch = s.dispatcher.dispatch.bind(s.dispatcher);
    s.dispatcher.dispatch = async (m) => {
      if (m.commit) throw Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException' });
      return dispatch(m);
    };
    expect(await s.handler(first)).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(await s.deps.store.loadExecution(id)).toMatchObject({ steps_recorded: 1, cursor: { seq: 2, task: 'b' } });
    const next = s.mine(id);
    expect(next).toEqual([expect.objectContaining({ seq: 2, task: 'b' })]);
    expect(next[0]!.commit).toBeUndefined();
    await s.handler(next[0]!);
    expect((await loadRecord(s.deps.store, id))!.execution.status).toBe('SUCCEEDED');
    expect([s.counter.count(id, 1), s.counter.count(id, 2)]).toEqual([1, 1]);
  });

  it('is made by the step itself once the packed state is too large to travel with the invoke', async () => {
    const s = setup();
    const noisy = (name: string) => ({ ...counted(name), parameters: { random_bytes: 60_000 } });
    const { id, first } = await s.start(
      [noisy('a'), noisy('b'), counted('c')],
      [
        { name: 'ab', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'end' },
        { name: 'bc', source_task: 'b', outcome: 'success', target_task_success: 'c', target_task_failure: 'end' },
      ],
    );
    await s.handler(first);
    // After a, about 60 KB as the message carries it (packed, then base64): it travels with the invoke of b.
    const toB = s.mine(id);
    expect(toB).toEqual([expect.objectContaining({ seq: 2, commit: expect.objectContaining({ seq: 1 }) })]);
    await s.handler(toB[0]!);
    // After b, about 120 KB: past the hand-on budget (96 KB), so b commits it itself.
    const toC = s.mine(id);
    expect(toC).toEqual([expect.objectContaining({ seq: 3, task: 'c' })]);
    expect(toC[0]!.commit).toBeUndefined();
    const head = (await s.deps.store.loadExecution(id))!;
    expect(head).toMatchObject({ steps_recorded: 2, cursor: { seq: 3 } });
    expect([...head.state.results.keys()]).toEqual(['a', 'b']);
    expect((head.state.results.get('b') as { noise: string }).noise).toHaveLength(60_000);
    await s.handler(toC[0]!);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.execution.status).toBe('SUCCEEDED');
    expect(record.steps.map((st) => st.task_name)).toEqual(['a', 'b', 'c']);
  });

  it('reuses the result of a finished wait whose hand-on was lost, instead of waiting again', async () => {
    const s = setup();
    const { id, first } = await s.start(
      [{ name: 'pause', task_type: 'wait', timeout_seconds: 1, parameters: { seconds: '{% 0 %}' } }, counted('after')],
      [
        {
          name: 'c',
          source_task: 'pause',
          outcome: 'success',
          target_task_success: 'after',
          target_task_failure: 'end',
        },
      ],
    );
    expect(await s.handler(first)).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(s.mine(id)).toHaveLength(1); // lost
    s.clock.offsetMs = 60_000;
    await s.recover();
    const takeover = s.mine(id);
    expect(takeover).toEqual([expect.objectContaining({ seq: 1, task: 'pause' })]);
    expect(await s.handler(takeover[0]!)).toMatchObject({ outcome: 'ran', attempt: 2 });
    await s.handler(s.mine(id)[0]!);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.execution.status).toBe('SUCCEEDED');
    expect(record.steps.map((st) => [st.task_name, st.attempt, st.message ?? null])).toEqual([
      ['pause', 2, 'Waited 0 second(s)'],
      ['after', 1, null],
    ]);
    expect(s.counter.count(id, 2)).toBe(1);
  });
});

describe('recovery sweep', () => {
  it('re-dispatches a start step whose invoke was lost', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a')]);
    await s.recover();
    expect(s.mine(id)).toEqual([]); // within the grace period
    s.clock.offsetMs = 6_000;
    await s.recover();
    const again = s.mine(id);
    expect(again).toEqual([first]);
    await s.handler(again[0]!);
    expect((await s.deps.store.loadExecution(id))!.status).toBe('SUCCEEDED');
  });

  it('re-dispatches a next step whose invoke was lost, and the flow completes with each body run once', async () => {
    const s = setup();
    const { id, first } = await s.start([counted('a'), counted('b')]);
    await s.handler(first);
    s.dispatcher.take(); // the invoke of step 2, which carried step 1's commit, is "lost"
    s.clock.offsetMs = 6_000;
    await s.recover();
    // Step 1 still holds the head until its lease runs out; then it is taken over.
    expect(s.mine(id)).toEqual([]);
    s.clock.offsetMs = 60_000;
    await s.recover();
    const again = s.mine(id);
    expect(again).toEqual([expect.objectContaining({ execution_id: id, seq: 1, task: 'a' })]);
    // The takeover finds the result step 1's first attempt recorded and reuses it: a runs once.
    await Promise.all([s.handler(again[0]!), s.handler(again[0]!)]);
    for (let message = s.mine(id)[0]; message; message = s.mine(id)[0]) await s.handler(message);
    expect((await s.deps.store.loadExecution(id))!.status).toBe('SUCCEEDED');
    expect([s.counter.count(id, 1), s.counter.count(id, 2)]).toEqual([1, 1]);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.steps.map((st) => [st.task_name, st.attempt])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('re-dispatches a step whose lease expired', async () => {
    const s = setup();
    const { id } = await s.start([counted('a')]);
    const now = Date.now();
    await s.deps.store.claimStep({
      executionId: id,
      seq: 1,
      task: 'a',
      claimToken: 'dead',
      claimedAt: new Date(now).toISOString(),
      leaseExpiresAt: now + 16_000,
    });
    s.clock.offsetMs = 10_000;
    await s.recover();
    expect(s.mine(id)).toEqual([]); // the lease still holds
    s.clock.offsetMs = 17_000;
    await s.recover();
    const again = s.mine(id);
    expect(again).toEqual([expect.objectContaining({ execution_id: id, seq: 1, task: 'a' })]);
    await s.handler(again[0]!);
    expect((await s.deps.store.loadExecution(id))!.status).toBe('SUCCEEDED');
    expect(s.counter.count(id, 1)).toBe(1);
  });

  it('goes on where the last sweep stopped and reaches stalled executions behind more than a page of healthy ones', async () => {
    const s = setup({ pageSize: 3 });
    await drainOlderExecutions(s);
    const healthy: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { id } = await s.start([counted(`h${i}`, 100)]);
      // Claimed by a live invocation: running, not stalled.
      await s.deps.store.claimStep({
        executionId: id,
        seq: 1,
        task: `h${i}`,
        claimToken: 'alive',
        claimedAt: new Date().toISOString(),
        leaseExpiresAt: Date.now() + 3_600_000,
      });
      healthy.push(id);
    }
    const stalled: string[] = [];
    for (let i = 0; i < 5; i++) stalled.push((await s.start([counted(`s${i}`)])).id);
    s.clock.offsetMs = 6_000;
    s.dispatcher.take();
    // A zero budget: each sweep reads exactly one page, then stops and keeps its place.
    const reports = [];
    const redispatched = new Set<string>();
    for (let sweep = 0; sweep < 30 && redispatched.size < stalled.length; sweep++) {
      reports.push(await s.recover(0));
      for (const m of s.dispatcher.take()) redispatched.add(m.execution_id);
    }
    expect([...redispatched].sort()).toEqual([...stalled].sort());
    expect(reports.every((r) => r.scanned <= 3)).toBe(true);
    expect(new Set(reports.map((r) => JSON.stringify(r.position))).size).toBeGreaterThan(5);
    expect(healthy.some((id) => redispatched.has(id))).toBe(false);
  });

  it('recovers every execution on its own: one whose recovery throws is logged and retried by a later sweep', async () => {
    const s = setup();
    await drainOlderExecutions(s);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.start([counted(`x${i}`)])).id);
    const broken = ids[1]!;
    const dispatch = s.dispatcher.dispatch.bind(s.dispatcher);
    let failing = true;
    s.dispatcher.dispatch = async (m) => {
      if (failing && m.execution_id === broken) throw new Error('invoke refused');
      return dispatch(m);
    };
    s.clock.offsetMs = 6_000;
    const first = await s.recover();
    expect(first.errors).toBe(1);
    expect(
      s.dispatcher
        .take()
        .map((m) => m.execution_id)
        .sort(),
    ).toEqual(ids.filter((id) => id !== broken).sort());
    failing = false;
    await s.recover();
    expect(s.mine(broken)).toHaveLength(1);
  });
});

/** Finishes what earlier tests of this file left running, so each sweep test sees only its own. */
async function drainOlderExecutions(s: ReturnType<typeof setup>) {
  const store = s.deps.store;
  for (let shard = 0; shard < 8; shard++) {
    for (const id of (await store.activePage({ shard }, 1000)).executionIds)
      await store.cancelExecution(id, new Date().toISOString());
  }
}
