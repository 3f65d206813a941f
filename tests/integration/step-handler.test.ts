import { createStepHandler } from '../../handlers/workers/step';
import type { StepMessage } from '../../src/domain/execution/step-message';
import { createExecution } from '../../src/service/execution-lifecycle';
import { loadRecord, testDeps } from '../support/local-services';

const counted = (name: string, parameters: Record<string, unknown> = {}) => ({
  name,
  task_type: 'counted',
  parameters,
});

function setup(logLevel?: 'INFO' | 'SILENT') {
  const t = testDeps({ logLevel });
  const handler = createStepHandler(() => t.deps);
  const start = async (body: Record<string, unknown>) => {
    const { execution } = await createExecution(body, { start: true }, t.deps);
    const [first] = t.dispatcher.take();
    return { id: execution.execution_id, first: first! };
  };
  /** Delivers every dispatched step `copies` times at once until nothing is left to deliver. */
  const drain = async (first: StepMessage, copies: number) => {
    let pending = [first];
    while (pending.length > 0) {
      await Promise.all(pending.flatMap((m) => Array.from({ length: copies }, () => handler({ ...m }))));
      pending = t.dispatcher.take();
    }
  };
  return { ...t, handler, start, drain };
}

const flowOf = (id: string, tasks: unknown[], conditions: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  flow: { id, name: id, start_task: (tasks[0] as { name: string }).name, tasks, conditions, ...extra },
});

describe('step handler against DynamoDB Local', () => {
  it('runs a step invoked twice in a row once, and advances once', async () => {
    const s = setup();
    const { id, first } = await s.start(flowOf('twice', [counted('a'), counted('b')]));
    const firstRun = await s.handler(first);
    const secondRun = await s.handler(first);
    expect(firstRun).toMatchObject({
      outcome: 'ran',
      status: 'success',
      transition: { type: 'run', task: 'b', seq: 2 },
    });
    expect(secondRun).toMatchObject({ outcome: 'skipped' });
    expect(s.counter.count(id, 1)).toBe(1);
    expect(s.dispatcher.sent).toEqual([
      expect.objectContaining({ execution_id: id, seq: 2, task: 'b', timeout_seconds: 30 }),
    ]);
  });

  it('runs a step invoked by three copies at once exactly once', async () => {
    const s = setup();
    const { id, first } = await s.start(flowOf('concurrent', [counted('a', { delay_ms: 50 }), counted('b')]));
    const reports = await Promise.all([s.handler(first), s.handler(first), s.handler(first)]);
    expect(reports.filter((r) => r.outcome === 'ran')).toHaveLength(1);
    // A copy that arrives while the winner runs finds the step held; one that arrives after the
    // winner committed finds the execution waiting for the next step. Either way it is a no-op.
    for (const r of reports.filter((r) => r.outcome === 'skipped')) {
      expect(['already_claimed', 'not_the_expected_step']).toContain('reason' in r && r.reason);
    }
    expect(s.counter.count(id, 1)).toBe(1);
    expect(s.dispatcher.sent).toHaveLength(1);
  });

  it('completes a whole flow with every step delivered three times concurrently, each task body run once', async () => {
    const s = setup();
    const { id, first } = await s.start(flowOf('dup-all', [counted('a'), counted('b'), counted('c'), counted('d')]));
    await s.drain(first, 3);
    const record = await loadRecord(s.deps.store, id);
    expect(record!.execution.status).toBe('SUCCEEDED');
    expect(record!.steps.map((st) => [st.seq, st.task_name, st.status])).toEqual([
      [1, 'a', 'SUCCEEDED'],
      [2, 'b', 'SUCCEEDED'],
      [3, 'c', 'SUCCEEDED'],
      [4, 'd', 'SUCCEEDED'],
    ]);
    for (const seq of [1, 2, 3, 4]) expect(s.counter.count(id, seq)).toBe(1);
  });

  it('follows a failure branch and records the failed task and its error', async () => {
    const s = setup();
    const { id, first } = await s.start(
      flowOf(
        'branch',
        [counted('a', { fail: true }), counted('b'), counted('recover')],
        [
          { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'recover' },
          {
            name: 'r',
            source_task: 'recover',
            outcome: 'success',
            target_task_success: 'end',
            target_task_failure: 'end',
          },
        ],
      ),
    );
    await s.drain(first, 2);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.steps.map((st) => `${st.task_name}:${st.status}`)).toEqual(['a:FAILED', 'recover:SUCCEEDED']);
    expect(record.steps[0]!.error).toBe('told to fail');
    expect(record.execution.status).toBe('SUCCEEDED');
  });

  it('stops a loop at max_steps with reason max_steps_exceeded', async () => {
    const s = setup();
    const { id, first } = await s.start(
      flowOf(
        'loop',
        [counted('again', { fail: true })],
        [
          {
            name: 'l',
            source_task: 'again',
            outcome: 'success',
            target_task_success: 'end',
            target_task_failure: 'again',
          },
        ],
        {
          max_steps: 5,
        },
      ),
    );
    await s.drain(first, 1);
    const record = (await loadRecord(s.deps.store, id))!;
    expect(record.steps).toHaveLength(5);
    expect(record.execution).toMatchObject({ status: 'FAILED', reason: 'max_steps_exceeded' });
    expect(s.counter.total(id)).toBe(5);
  });

  it('does nothing for a cancelled execution', async () => {
    const s = setup();
    const { id, first } = await s.start(flowOf('cancel', [counted('a')]));
    expect(await s.deps.store.cancelExecution(id, new Date().toISOString())).toBe(true);
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'execution_cancelled' });
    expect(s.counter.total(id)).toBe(0);
    expect((await loadRecord(s.deps.store, id))!.steps).toEqual([]);
  });

  it('does nothing for a late delivery after the execution finished, or for a step it does not expect', async () => {
    const s = setup();
    const { id, first } = await s.start(flowOf('late', [counted('a'), counted('b')]));
    expect(await s.handler({ ...first, task: 'b' })).toEqual({ outcome: 'skipped', reason: 'not_the_expected_step' });
    expect(await s.handler({ ...first, seq: 2 })).toEqual({ outcome: 'skipped', reason: 'not_the_expected_step' });
    await s.drain(first, 1);
    const finished = (await loadRecord(s.deps.store, id))!;
    expect(await s.handler(first)).toEqual({ outcome: 'skipped', reason: 'execution_succeeded' });
    expect(await s.handler({ execution_id: id, seq: 2, task: 'b' })).toEqual({
      outcome: 'skipped',
      reason: 'execution_succeeded',
    });
    expect(await loadRecord(s.deps.store, id)).toEqual(finished);
    expect(await loadRecord(s.deps.store, id)).toEqual(finished);
    expect(s.counter.total(id)).toBe(2);
  });

  it('rejects malformed events and unknown executions without throwing', async () => {
    const s = setup();
    expect(await s.handler({ nope: true })).toEqual({ outcome: 'rejected', reason: 'invalid_event' });
    expect(await s.handler({ execution_id: 'no-such-execution', seq: 1, task: 'a' })).toEqual({
      outcome: 'skipped',
      reason: 'unknown_execution',
    });
  });

  it('puts execution_id, task and step on every log line of a step', async () => {
    const s = setup('INFO');
    const { id, first } = await s.start(
      flowOf('logs', [{ name: 'say', task_type: 'print', parameters: { message: 'hello' } }]),
    );
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await s.handler(first, { awsRequestId: 'req-1' } as never);
    } finally {
      spy.mockRestore();
    }
    const records = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.message)).toEqual(['print', 'step recorded', 'execution finished']);
    expect(records[1]).toMatchObject({ task_type: 'print', attempt: 1, status: 'SUCCEEDED', next: { type: 'finish' } });
    for (const record of records)
      expect(record).toMatchObject({ execution_id: id, task: 'say', seq: 1, request_id: 'req-1' });
  });
});

describe('claim and read in one write', () => {
  it('leaves nothing behind for a cancelled or deleted execution', async () => {
    const t = testDeps();
    const handler = createStepHandler(() => t.deps);
    const body = {
      id: 'release',
      name: 'release',
      start_task: 'a',
      conditions: [],
      tasks: [{ name: 'a', task_type: 'counted' }],
    };
    const cancelled = await createExecution(body, { start: true }, t.deps);
    const first = t.dispatcher.take()[0]!;
    await t.deps.store.cancelExecution(cancelled.execution.execution_id, new Date().toISOString());
    expect(await handler(first)).toEqual({ outcome: 'skipped', reason: 'execution_cancelled' });
    expect((await loadRecord(t.deps.store, cancelled.execution.execution_id))!.steps).toEqual([]);

    const deleted = await createExecution(body, { start: true }, t.deps);
    const message = t.dispatcher.take()[0]!;
    await t.deps.store.deleteExecution(deleted.execution.execution_id);
    expect(await handler(message)).toEqual({ outcome: 'skipped', reason: 'unknown_execution' });
    // The refused claim did not create a head out of nothing.
    expect(await t.deps.store.loadExecution(deleted.execution.execution_id)).toBeUndefined();
    expect(t.counter.total(cancelled.execution.execution_id) + t.counter.total(deleted.execution.execution_id)).toBe(0);
  });

  it('takes back the record of a step whose execution was cancelled or deleted while it ran', async () => {
    const t = testDeps();
    const handler = createStepHandler(() => t.deps);
    const body = {
      id: 'mid-run',
      name: 'mid-run',
      start_task: 'a',
      conditions: [],
      tasks: [
        { name: 'a', task_type: 'counted', parameters: { delay_ms: 300 } },
        { name: 'b', task_type: 'counted' },
      ],
    };
    for (const stop of ['cancel', 'delete'] as const) {
      const { execution } = await createExecution(body, { start: true }, t.deps);
      const id = execution.execution_id;
      const running = handler(t.dispatcher.take()[0]!);
      // Stop it once its step is claimed, i.e. while the task body runs (it takes 300 ms).
      while (!(await t.deps.store.loadExecution(id))?.claim) await new Promise((r) => setImmediate(r));
      if (stop === 'cancel') await t.deps.store.cancelExecution(id, new Date().toISOString());
      else await t.deps.store.deleteExecution(id);
      expect(await running).toMatchObject({ outcome: 'ran' });
      // The hand-on's claim finds the execution gone and takes the record back.
      const handedOn = t.dispatcher.take();
      expect(handedOn).toHaveLength(1);
      expect(await handler(handedOn[0]!)).toMatchObject({
        outcome: 'skipped',
        reason: stop === 'cancel' ? 'execution_cancelled' : 'unknown_execution',
      });
      expect(t.counter.count(id, 1)).toBe(1);
      expect((await t.deps.store.stepPage(id, { fromSeq: 1, toSeq: 10, limit: 10, maxBytes: 1e6 })).steps).toEqual([]);
      expect(t.dispatcher.take()).toEqual([]);
    }
  });
});
