import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/domain/errors';
import type { Execution } from '../../src/domain/execution/execution';
import type { ExecutionStore } from '../../src/ports/execution-store';
import { keys } from '../../src/storage/table-schema';
import { activeIdsIn, claim, commitOf, createIn, newExecution, now, stepRecord } from './store-fixtures';

export interface StoreUnderTest {
  /** The store most tests share (other tests' executions may be in it too). */
  store: () => ExecutionStore;
  /** A store that holds only what the test puts in it (the sweep's pages see every running execution). */
  isolated: () => Promise<ExecutionStore>;
}

/**
 * The ExecutionStore port's contract: what the services rely on, whatever holds the executions.
 * Run against the DynamoDB store on DynamoDB Local and against the in-memory store, so the two
 * cannot drift apart: the same conditional writes, refused for the same reasons, with the same answers.
 */
export function executionStoreContract(subject: StoreUnderTest): void {
  let store: ExecutionStore;
  beforeAll(() => {
    store = subject.store();
  });
  const isolated = subject.isolated;
  const create = (flowId: string, createdAt = now(), status: Execution['status'] = 'PENDING') =>
    createIn(store, flowId, createdAt, status);
  const activeIds = () => activeIdsIn(store);

  it('round-trips an execution head and its definition, and refuses a second create with the same id', async () => {
    const { execution, flow } = newExecution('store-roundtrip');
    expect(await store.createExecution(execution, flow)).toBe(true);
    expect(await store.createExecution(execution, flow)).toBe(false);
    expect(await store.loadExecution(execution.execution_id)).toEqual(execution);
    expect(await store.loadDefinition(execution.execution_id, execution.definition_hash)).toEqual(flow);
    expect(await store.loadExecution('does-not-exist')).toBeUndefined();
  });

  it('starts a PENDING execution once, returning the started head', async () => {
    const execution = await create('store-start');
    const started = await store.markRunning(execution.execution_id, now());
    expect(started).toMatchObject({ status: 'RUNNING', cursor: { seq: 1, task: 'a' } });
    expect(await store.markRunning(execution.execution_id, now())).toBeUndefined();
    expect(await store.markRunning('missing', now())).toBeUndefined();
  });

  it('claims the cursor step once, reads the head in the same write, and counts attempts', async () => {
    const execution = await create('store-claim', now(), 'RUNNING');
    const id = execution.execution_id;
    const won = await store.claimStep(claim(id));
    expect(won).toMatchObject({ claimed: true, execution: { attempts: 1, claim: { token: 'token-1' } } });
    // A second claimant sees the head as it was: held by someone else.
    expect(await store.claimStep(claim(id, 1, 'a', 'token-2'))).toMatchObject({
      claimed: false,
      execution: { claim: { token: 'token-1' } },
    });
    expect(await store.claimStep(claim(id, 2, 'b', 'token-3'))).toMatchObject({
      claimed: false,
      execution: { cursor: { seq: 1 } },
    });
    expect(await store.claimStep(claim('no-such-execution'))).toEqual({ claimed: false });
    // A given-back claim leaves the step free and the attempt uncounted.
    expect(await store.releaseClaim(id, 'token-2')).toBe(false);
    expect(await store.releaseClaim(id, 'token-1')).toBe(true);
    expect(await store.claimStep(claim(id, 1, 'a', 'token-4'))).toMatchObject({
      claimed: true,
      execution: { attempts: 1 },
    });
  });

  it('lets an expired lease be taken over as the next attempt, and only the holder commit', async () => {
    const execution = await create('store-takeover', now(), 'RUNNING');
    const id = execution.execution_id;
    await store.claimStep(claim(id, 1, 'a', 'dead', -1));
    const takeover = await store.claimStep(claim(id, 1, 'a', 'alive'));
    expect(takeover).toMatchObject({ claimed: true, execution: { attempts: 2, claim: { token: 'alive' } } });
    const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };
    expect(await store.commitStep(commitOf(execution, 'dead', stepRecord(1, 'a', 1), next))).toBe(false);
    expect(await store.commitStep(commitOf(execution, 'alive', stepRecord(1, 'a', 2), next))).toBe(true);
    // The same commit again (what a client retry of an applied request amounts to) is that commit, and changes nothing.
    expect(await store.commitStep(commitOf(execution, 'alive', stepRecord(1, 'a', 2), next))).toBe(true);
    const head = (await store.loadExecution(id))!;
    expect(head).toMatchObject({ steps_recorded: 1, attempts: 0, cursor: { seq: 2, task: 'b' } });
    expect(head.claim).toBeUndefined();
    expect(head.state.results.get('a')).toEqual({ from: 'a', seq: 1 });
    const page = await store.stepPage(id, { fromSeq: 1, toSeq: 1, limit: 10, maxBytes: 1e6 });
    expect(page.steps).toEqual([
      stepRecord(1, 'a', 2, { started_at: expect.any(String), completed_at: expect.any(String) }),
    ]);
  });

  it('takes back the record of a commit the head refused, and never lets an older attempt overwrite a newer one', async () => {
    const execution = await create('store-takeback', now(), 'RUNNING');
    const id = execution.execution_id;
    await store.claimStep(claim(id, 1, 'a', 'holder'));
    const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };
    // Not the holder: its record is written and taken back.
    expect(await store.commitStep(commitOf(execution, 'stranger', stepRecord(1, 'a', 3), next))).toBe(false);
    expect((await store.stepPage(id, { fromSeq: 1, toSeq: 5, limit: 10, maxBytes: 1e6 })).steps).toEqual([]);
    expect(await store.commitStep(commitOf(execution, 'holder', stepRecord(1, 'a', 2), next))).toBe(true);
    // A zombie of attempt 1 finishing late cannot replace attempt 2's record.
    expect(
      await store.commitStep(commitOf(execution, 'zombie', stepRecord(1, 'a', 1, { status: 'FAILED' }), next)),
    ).toBe(false);
    expect(
      (await store.stepPage(id, { fromSeq: 1, toSeq: 1, limit: 10, maxBytes: 1e6 })).steps.map((s) => [
        s.attempt,
        s.status,
      ]),
    ).toEqual([[2, 'SUCCEEDED']]);
  });

  it('moves a stopped execution on past a step that finished before the stop, and only counts one that finished after it', async () => {
    const next = {
      cursor: { seq: 2, task: 'b', timeout_seconds: 30, due_at: new Date(Date.now() + 60_000).toISOString() },
    };
    for (const finished of ['before', 'after'] as const) {
      const execution = await create(`store-stop-${finished}`, now(), 'RUNNING');
      const id = execution.execution_id;
      await store.claimStep(claim(id, 1, 'a', 'holder'));
      const stoppedAt = Date.now();
      const completedAt = new Date(stoppedAt + (finished === 'before' ? -5 : 5)).toISOString();
      expect(
        await store.endExecution({
          executionId: id,
          status: 'ABORTED',
          at: new Date(stoppedAt).toISOString(),
          reason: 'Operator',
        }),
      ).toMatchObject({ ok: true });
      expect(
        await store.commitStep(
          commitOf(execution, 'holder', stepRecord(1, 'a', 1, { completed_at: completedAt }), next),
        ),
      ).toBe(false);
      const head = (await store.loadExecution(id))!;
      expect(head).toMatchObject({ status: 'ABORTED', steps_recorded: 1 });
      expect(head.claim).toBeUndefined();
      // Before: the step's commit counts (a redrive resumes at b), without a due time to fire for a stopped execution.
      expect(head.cursor).toEqual(
        finished === 'before' ? { seq: 2, task: 'b', timeout_seconds: 30 } : { seq: 1, task: 'a', timeout_seconds: 30 },
      );
      expect(head.state.results.has('a')).toBe(finished === 'before');
    }
  });

  it('finishes with the commit that decides it, and leaves the active index', async () => {
    const execution = await create('store-finish', now(), 'RUNNING');
    const id = execution.execution_id;
    await store.claimStep(claim(id));
    const finish = {
      type: 'finish' as const,
      status: 'FAILED' as const,
      failed_task: 'a',
      error: 'boom',
      reason: 'task_failed',
    };
    expect(
      await store.commitStep(
        commitOf(execution, 'token-1', stepRecord(1, 'a', 1, { status: 'FAILED', next: finish }), { finish }),
      ),
    ).toBe(true);
    const head = (await store.loadExecution(id))!;
    expect(head).toMatchObject({
      status: 'FAILED',
      failed_task: 'a',
      error: 'boom',
      reason: 'task_failed',
      steps_recorded: 1,
    });
    expect(head.cursor).toBeUndefined();
    expect(await store.cancelExecution(id, now())).toBe(false);
    expect(await activeIds()).not.toContain(id);
  });

  it('cancels only an active execution; a claim or commit after that is refused', async () => {
    const execution = await create('store-cancel', now(), 'RUNNING');
    const id = execution.execution_id;
    await store.claimStep(claim(id));
    expect(await store.cancelExecution(id, now())).toBe(true);
    expect(await store.cancelExecution(id, now())).toBe(false);
    const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };
    expect(await store.commitStep(commitOf(execution, 'token-1', stepRecord(1, 'a'), next))).toBe(false);
    expect(await store.claimStep(claim(id, 1, 'a', 'late', -1))).toMatchObject({
      claimed: false,
      execution: { status: 'CANCELLED' },
    });
    expect((await store.stepPage(id, { fromSeq: 1, toSeq: 5, limit: 10, maxBytes: 1e6 })).steps).toEqual([]);
  });

  it('pages recorded steps by count and by bytes, never past steps_recorded', async () => {
    const execution = await create('store-pages', now(), 'RUNNING');
    const id = execution.execution_id;
    let head = execution;
    for (let seq = 1; seq <= 12; seq++) {
      const task = seq % 2 === 1 ? 'a' : 'b';
      await store.claimStep(claim(id, seq, task, `t${seq}`));
      const next = { cursor: { seq: seq + 1, task: seq % 2 === 1 ? 'b' : 'a', timeout_seconds: 30 } };
      expect(
        await store.commitStep(
          commitOf(head, `t${seq}`, stepRecord(seq, task, 1, { output: { seq, pad: 'p'.repeat(1000) } }), next),
        ),
      ).toBe(true);
      head = (await store.loadExecution(id))!;
    }
    // The byte budget counts what a response carries (the DynamoDB store keeps outputs packed, a fraction of this).
    const first = await store.stepPage(id, { fromSeq: 1, toSeq: 12, limit: 5, maxBytes: 1e6 });
    expect(first.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first.nextToken).toEqual(expect.any(String));
    const bySize = await store.stepPage(id, { fromSeq: 6, toSeq: 12, limit: 100, maxBytes: 3000 });
    expect(bySize.steps.map((s) => s.seq)).toEqual([6, 7]);
    expect(
      (await store.stepPage(id, { fromSeq: 1, toSeq: 3, limit: 100, maxBytes: 1e6 })).steps.map((s) => s.seq),
    ).toEqual([1, 2, 3]);
    const last = await store.stepPage(id, { fromSeq: 11, toSeq: 12, limit: 5, maxBytes: 1e6 });
    expect(last.steps.map((s) => s.seq)).toEqual([11, 12]);
    expect(last.nextToken).toBeUndefined();
  });

  it('deletes an execution with its definition and all its steps', async () => {
    const execution = await create('store-delete', now(), 'RUNNING');
    const id = execution.execution_id;
    for (let seq = 1; seq <= 30; seq++) {
      await store.claimStep(claim(id, seq, seq === 1 ? 'a' : 'b', `t${seq}`));
      await store.commitStep(
        commitOf(execution, `t${seq}`, stepRecord(seq, seq === 1 ? 'a' : 'b'), {
          cursor: { seq: seq + 1, task: 'b', timeout_seconds: 30 },
        }),
      );
    }
    expect((await store.stepPage(id, { fromSeq: 1, toSeq: 30, limit: 100, maxBytes: 1e7 })).steps).toHaveLength(30);
    expect(await store.deleteExecution(id)).toBe(true);
    expect(await store.loadExecution(id)).toBeUndefined();
    expect((await store.stepPage(id, { fromSeq: 1, toSeq: 30, limit: 100, maxBytes: 1e7 })).steps).toEqual([]);
    expect(await store.deleteExecution(id)).toBe(false);
  });

  describe('listing', () => {
    const flowId = `list-${randomUUID()}`;
    const created: Execution[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 5; i++)
        created.push(await create(flowId, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
      await store.markRunning(created[1]!.execution_id, now());
      await store.markRunning(created[3]!.execution_id, now());
    });

    it('pages newest first through one flow with an opaque token', async () => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.list({ flowId, limit: 2, nextToken });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.execution_id));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken && pages < 10);
      expect(seen).toEqual(created.map((e) => e.execution_id).reverse());
      expect(pages).toBeGreaterThanOrEqual(3);
    });

    it('filters by status within a flow', async () => {
      const page = await store.list({ flowId, status: 'RUNNING', limit: 10 });
      expect(page.items.map((i) => i.execution_id)).toEqual([created[3]!.execution_id, created[1]!.execution_id]);
      expect(page.items[0]).toMatchObject({ flow_id: flowId, status: 'RUNNING', flow_name: 'F' });
    });

    it('filters by status alone through the status index', async () => {
      const page = await store.list({ status: 'RUNNING', limit: 100 });
      expect(page.items.every((i) => i.status === 'RUNNING')).toBe(true);
      expect(page.items.map((i) => i.execution_id)).toEqual(
        expect.arrayContaining([created[1]!.execution_id, created[3]!.execution_id]),
      );
    });

    it('merges the shards of a value into one newest-first order, each execution exactly once', async () => {
      const many = `many-${randomUUID()}`;
      const made: Execution[] = [];
      for (let i = 0; i < 30; i++) made.push(await create(many, new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString()));
      expect(new Set(made.map((e) => keys.shardOf(e.execution_id))).size).toBeGreaterThan(4);
      for (const [i, e] of made.entries()) if (i % 3 === 0) await store.markRunning(e.execution_id, now());

      const collect = async (q: { status?: 'RUNNING' }) => {
        const seen: string[] = [];
        let nextToken: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await store.list({ flowId: many, limit: 7, nextToken, ...q });
          expect(page.items.length).toBeLessThanOrEqual(7);
          seen.push(...page.items.map((x) => x.execution_id));
          nextToken = page.nextToken;
          if (!nextToken) break;
        }
        return seen;
      };
      expect(await collect({})).toEqual([...made].reverse().map((e) => e.execution_id));
      expect(await collect({ status: 'RUNNING' })).toEqual(
        [...made]
          .reverse()
          .filter((_, i) => (29 - i) % 3 === 0)
          .map((e) => e.execution_id),
      );
    });

    it('refuses a token from another filter', async () => {
      const page = await store.list({ flowId, limit: 1 });
      expect(page.nextToken).toBeDefined();
      await expect(store.list({ status: 'PENDING', limit: 1, nextToken: page.nextToken })).rejects.toMatchObject({
        status: 400,
        code: 'invalid_next_token',
      });
      await expect(store.list({ flowId, limit: 1, nextToken: 'bm9wZQ' })).rejects.toBeInstanceOf(DomainError);
    });
  });

  it('pages exactly the RUNNING executions for the recovery sweep', async () => {
    const running = await create('store-active', now(), 'RUNNING');
    const pending = await create('store-active');
    let ids = await activeIds();
    expect(ids).toContain(running.execution_id);
    expect(ids).not.toContain(pending.execution_id);

    await store.markRunning(pending.execution_id, now());
    expect(await activeIds()).toContain(pending.execution_id);
    await store.claimStep(claim(running.execution_id));
    const finish = { type: 'finish' as const, status: 'SUCCEEDED' as const };
    await store.commitStep(commitOf(running, 'token-1', stepRecord(1, 'a', 1, { next: finish }), { finish }));
    await store.cancelExecution(pending.execution_id, now());
    ids = await activeIds();
    expect(ids).not.toContain(running.execution_id);
    expect(ids).not.toContain(pending.execution_id);
  });

  it('keeps the sweep position within a shard, and reads a shard again from its start after a position saved from another index', async () => {
    const own = await isolated();
    const started = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const { execution, flow } = newExecution('store-sweep', now(), 'RUNNING');
        await own.createExecution(execution, flow);
        return execution.execution_id;
      }),
    );
    const shard = keys.shardOf(started[0]!);
    const first = await own.activePage({ shard }, 1);
    expect(first.after).toBeDefined();
    await own.saveSweepPosition({ shard, after: first.after });
    const resumed = await own.loadSweepPosition();
    expect(resumed).toEqual({ shard, after: first.after });
    expect((await own.activePage(resumed, 100)).executionIds).not.toContain(first.executionIds[0]);

    await own.saveSweepPosition({
      shard,
      after: {
        pk: first.after!.pk,
        sk: 'EXECUTION',
        active_shard: `ACTIVE#${shard}`,
        created_key: first.after!.created_key,
      },
    });
    expect(await own.loadSweepPosition()).toEqual({ shard });
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
