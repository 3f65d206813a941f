import type { Execution } from '../../src/domain/execution/execution';
import type { ExecutionStore } from '../../src/ports/execution-store';
import { claim, commitOf, createIn, newExecution, now, stepRecord } from './store-fixtures';

/**
 * Part of the ExecutionStore contract: the races every conditional write exists for. Each case
 * is one write meeting another (or itself again) and must be refused, or applied once, the same
 * way by every store.
 */
export function conditionalWritesContract(makeStore: () => ExecutionStore): void {
  let store: ExecutionStore;
  beforeAll(() => {
    store = makeStore();
  });
  const running = (flowId: string) => createIn(store, flowId, now(), 'RUNNING');
  const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };
  const iso = (ms: number) => new Date(ms).toISOString();

  describe('conditional writes', () => {
    it('lets exactly one of two simultaneous claims of a step win', async () => {
      const { execution_id: id } = await running('race-claim');
      const outcomes = await Promise.all([
        store.claimStep(claim(id, 1, 'a', 'one')),
        store.claimStep(claim(id, 1, 'a', 'two')),
      ]);
      expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
      const winner = outcomes.find((o) => o.claimed)!.execution.claim!.token;
      expect(outcomes.find((o) => !o.claimed)).toMatchObject({
        claimed: false,
        execution: { claim: { token: winner }, attempts: 1 },
      });
      expect(await store.loadExecution(id)).toMatchObject({ attempts: 1, claim: { token: winner } });
    });

    it('refuses a claim while the lease lives, however often it is repeated, and takes over only once it expired', async () => {
      const { execution_id: id } = await running('race-lease');
      const at = Date.now();
      expect(
        await store.claimStep({ ...claim(id, 1, 'a', 'holder'), claimedAt: iso(at), leaseExpiresAt: at + 10_000 }),
      ).toMatchObject({ claimed: true });
      for (const token of ['dup-1', 'dup-2']) {
        expect(
          await store.claimStep({
            ...claim(id, 1, 'a', token),
            claimedAt: iso(at + 9_999),
            leaseExpiresAt: at + 20_000,
          }),
        ).toMatchObject({ claimed: false });
      }
      expect(
        await store.claimStep({
          ...claim(id, 1, 'a', 'taker'),
          claimedAt: iso(at + 10_001),
          leaseExpiresAt: at + 20_000,
        }),
      ).toMatchObject({
        claimed: true,
        execution: { attempts: 2, claim: { token: 'taker' } },
      });
    });

    it("refuses the commit of a claim that was taken over, takes its record back, and keeps the new holder's", async () => {
      const execution = await running('race-stale');
      const id = execution.execution_id;
      await store.claimStep(claim(id, 1, 'a', 'stale', -1));
      await store.claimStep(claim(id, 1, 'a', 'fresh'));
      expect(await store.commitStep(commitOf(execution, 'stale', stepRecord(1, 'a', 1), next))).toBe(false);
      expect(await store.loadStep(id, 1)).toBeUndefined();
      expect(await store.loadExecution(id)).toMatchObject({
        steps_recorded: 0,
        cursor: { seq: 1 },
        claim: { token: 'fresh' },
      });
      expect(await store.commitStep(commitOf(execution, 'fresh', stepRecord(1, 'a', 2), next))).toBe(true);
      // The stale attempt's result, arriving once more, neither replaces the record nor moves the head.
      expect(
        await store.commitStep(commitOf(execution, 'stale', stepRecord(1, 'a', 1, { status: 'FAILED' }), next)),
      ).toBe(false);
      expect(await store.loadStep(id, 1)).toMatchObject({ attempt: 2, status: 'SUCCEEDED' });
      expect(await store.loadExecution(id)).toMatchObject({ steps_recorded: 1, cursor: { seq: 2 } });
    });

    it('lets a record be replaced by a higher attempt only', async () => {
      const execution = await running('race-outrank');
      const id = execution.execution_id;
      const write = (token: string, attempt: number) =>
        store.recordStep(commitOf(execution, token, stepRecord(1, 'a', attempt), next));
      expect(await write('second', 2)).toBe(true);
      expect(await write('first', 1)).toBe(false);
      expect(await write('other-second', 2)).toBe(false);
      expect(await write('third', 3)).toBe(true);
      expect(await store.loadStep(id, 1)).toMatchObject({ attempt: 3 });
    });

    it('lets a stop and a commit that race end in one consistent head, whichever wins', async () => {
      const execution = await running('race-stop');
      const id = execution.execution_id;
      await store.claimStep(claim(id, 1, 'a', 'holder'));
      const stoppedAt = now();
      const [committed, stopped] = await Promise.all([
        store.commitStep(
          commitOf(execution, 'holder', stepRecord(1, 'a', 1, { completed_at: iso(Date.parse(stoppedAt) - 10) }), next),
        ),
        store.endExecution({ executionId: id, status: 'ABORTED', at: stoppedAt, reason: 'Operator' }),
      ]);
      expect(stopped).toMatchObject({ ok: true, execution: { status: 'ABORTED' } });
      expect(typeof committed).toBe('boolean');
      // Either way the step finished before the stop: it is counted, and a redrive resumes after it.
      const head = (await store.loadExecution(id))!;
      expect(head).toMatchObject({ status: 'ABORTED', steps_recorded: 1, cursor: { seq: 2, task: 'b' } });
      expect(head.claim).toBeUndefined();
      expect(await store.loadStep(id, 1)).toMatchObject({ seq: 1, attempt: 1 });
      // Stopping again changes nothing.
      expect(
        await store.endExecution({ executionId: id, status: 'ABORTED', at: now(), reason: 'Operator' }),
      ).toMatchObject({ ok: false, execution: { status: 'ABORTED' } });
    });

    it('times an execution out only once its deadline passed', async () => {
      const { execution, flow } = newExecution('race-deadline', now(), 'RUNNING');
      const deadline = Date.now() + 60_000;
      await store.createExecution({ ...execution, deadline_at: iso(deadline), timeout_seconds: 60 }, flow);
      const end = (at: number) =>
        store.endExecution({
          executionId: execution.execution_id,
          status: 'TIMED_OUT',
          at: iso(at),
          reason: 'States.Timeout',
        });
      expect(await end(deadline - 1)).toMatchObject({ ok: false, execution: { status: 'RUNNING' } });
      expect(await end(deadline)).toMatchObject({
        ok: true,
        execution: { status: 'TIMED_OUT', completed_at: iso(deadline) },
      });
      expect(await store.claimStep(claim(execution.execution_id))).toMatchObject({
        claimed: false,
        execution: { status: 'TIMED_OUT' },
      });
    });

    it('redrives an ended execution once, and refuses a redrive whose end changed since it was read', async () => {
      const execution = await running('race-redrive');
      const id = execution.execution_id;
      await store.claimStep(claim(id, 1, 'a', 'holder'));
      const finish = {
        type: 'finish' as const,
        status: 'FAILED' as const,
        failed_task: 'a',
        error: 'boom',
        reason: 'task_failed',
      };
      await store.commitStep(
        commitOf(execution, 'holder', stepRecord(1, 'a', 1, { status: 'FAILED', next: finish }), { finish }),
      );
      const redrive = (from: { status: 'FAILED' | 'ABORTED'; error?: string }, previousCount: number) =>
        store.redriveExecution({
          executionId: id,
          at: now(),
          from,
          previousCount,
          cursor: { seq: 1, task: 'a', timeout_seconds: 30 },
          stepsRecorded: 0,
          attemptsBefore: 1,
        });
      expect(await redrive({ status: 'ABORTED' }, 0)).toMatchObject({ ok: false, execution: { status: 'FAILED' } });
      expect(await redrive({ status: 'FAILED', error: 'boom' }, 1)).toMatchObject({ ok: false });
      const resumed = await redrive({ status: 'FAILED', error: 'boom' }, 0);
      expect(resumed).toMatchObject({
        ok: true,
        execution: {
          status: 'RUNNING',
          redrive_count: 1,
          attempts: 1,
          cursor: { seq: 1, task: 'a' },
          redrive: { seq: 1, from_status: 'FAILED', from_error: 'boom' },
        },
      });
      expect((resumed as { execution: Execution }).execution.error).toBeUndefined();
      // A second redrive from the same read of the end comes too late.
      expect(await redrive({ status: 'FAILED', error: 'boom' }, 0)).toMatchObject({
        ok: false,
        execution: { status: 'RUNNING', redrive_count: 1 },
      });
    });

    it('puts a step off until its due time: not claimable before, listed as due from then, out of the due index once claimed', async () => {
      const { execution_id: id } = await running('race-defer');
      await store.claimStep(claim(id, 1, 'a', 'waiter'));
      const due = Date.now() + 30_000;
      const cursor = { seq: 1, task: 'a', timeout_seconds: 30, due_at: iso(due), wait_started_at: now() };
      expect(await store.deferStep({ executionId: id, claimToken: 'not-mine', cursor, at: now() })).toBe(false);
      expect(await store.deferStep({ executionId: id, claimToken: 'waiter', cursor, at: now() })).toBe(true);
      const dueIds = async (at: number) =>
        (await Promise.all(Array.from({ length: 8 }, (_, shard) => store.duePage(shard, iso(at), 1000)))).flat();
      expect(await dueIds(due - 1)).not.toContain(id);
      expect(await dueIds(due)).toContain(id);
      const early = await store.claimStep({ ...claim(id, 1, 'a', 'early'), claimedAt: iso(due - 1) });
      expect(early).toMatchObject({ claimed: false, execution: { status: 'RUNNING', cursor: { due_at: iso(due) } } });
      expect(early.execution?.claim).toBeUndefined();
      expect(
        await store.claimStep({ ...claim(id, 1, 'a', 'on-time'), claimedAt: iso(due), leaseExpiresAt: due + 60_000 }),
      ).toMatchObject({
        claimed: true,
        execution: { attempts: 1, cursor: { due_at: iso(due) } },
      });
      expect(await dueIds(due + 1)).not.toContain(id);
    });

    it('never lets a caller change stored state through an object it passed or got back', async () => {
      const { execution, flow } = newExecution('race-copies', now(), 'RUNNING');
      await store.createExecution(execution, flow);
      (execution.state.input as Record<string, unknown>).k = 'changed';
      flow.tasks[0]!.name = 'changed';
      const loaded = (await store.loadExecution(execution.execution_id))!;
      (loaded.state.input as Record<string, unknown>).k = 'changed again';
      loaded.cursor!.seq = 99;
      expect(await store.loadExecution(execution.execution_id)).toMatchObject({
        cursor: { seq: 1 },
        state: { input: { k: 'v' } },
      });
      const definition = await store.loadDefinition(execution.execution_id, execution.definition_hash);
      expect(definition.tasks[0]!.name).toBe('a');
    });
  });

  describe('execution names', () => {
    const named = (name: string) => {
      const { execution, flow } = newExecution('names');
      return { execution: { ...execution, name }, flow };
    };

    it('gives a name to one execution, takes it over only from the one it replaces, and refuses an id collision', async () => {
      const name = `n-${Date.now()}-${Math.random()}`;
      const first = named(name);
      expect(await store.createNamedExecution(first.execution, first.flow, { name, fingerprint: 'f1' })).toBe(
        'created',
      );
      const second = named(name);
      expect(await store.createNamedExecution(second.execution, second.flow, { name, fingerprint: 'f2' })).toBe(
        'taken',
      );
      expect(
        await store.createNamedExecution(second.execution, second.flow, {
          name,
          fingerprint: 'f2',
          replacing: 'someone-else',
        }),
      ).toBe('taken');
      expect(await store.loadExecution(second.execution.execution_id)).toBeUndefined();
      await expect(
        store.createNamedExecution(first.execution, first.flow, { name: `${name}-other`, fingerprint: 'f1' }),
      ).rejects.toThrow(/execution id collision/);
      expect(await store.nameHolder(name, now())).toMatchObject({
        executionId: first.execution.execution_id,
        fingerprint: 'f1',
        execution: { name },
      });
      expect(await store.deleteExecution(first.execution.execution_id)).toBe(true);
      expect(await store.nameHolder(name, now())).toEqual({
        executionId: first.execution.execution_id,
        fingerprint: 'f1',
      });
      expect(
        await store.createNamedExecution(second.execution, second.flow, {
          name,
          fingerprint: 'f2',
          replacing: first.execution.execution_id,
        }),
      ).toBe('created');
      expect(await store.nameHolder(name, now())).toMatchObject({
        executionId: second.execution.execution_id,
        fingerprint: 'f2',
      });
      expect(await store.nameHolder(`${name}-nobody`, now())).toBeUndefined();
    });

    it('no longer shows the execution holding a name once it is past its retention', async () => {
      const name = `n-${Date.now()}-${Math.random()}`;
      const { execution, flow } = named(name);
      await store.createNamedExecution(execution, flow, { name, fingerprint: 'f' });
      await store.cancelExecution(execution.execution_id, now());
      expect((await store.nameHolder(name, now()))?.execution).toBeDefined();
      expect((await store.nameHolder(name, iso(Date.now() + 91 * 86_400_000)))?.execution).toBeUndefined();
    });
  });

  it('counts the executions of a flow per status', async () => {
    const flowId = `counts-${Date.now()}-${Math.random()}`;
    const made = await Promise.all(Array.from({ length: 5 }, () => createIn(store, flowId)));
    await store.markRunning(made[0]!.execution_id, now());
    await store.cancelExecution(made[1]!.execution_id, now());
    const counts = await store.countByStatus(flowId, 100);
    expect(counts.complete).toBe(true);
    expect(counts.counts).toMatchObject({ PENDING: 3, RUNNING: 1, CANCELLED: 1 });
  });
}
