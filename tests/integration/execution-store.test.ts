import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/domain/errors';
import type { Execution } from '../../src/domain/execution';
import { keys } from '../../src/storage/table-schema';
import { localStore } from '../support/local-services';
import { flowDef } from '../support/flows';

const store = localStore();
const now = () => new Date().toISOString();

function newExecution(flowId: string, createdAt = now(), status: Execution['status'] = 'PENDING'): Execution {
  return { execution_id: randomUUID(), flow: flowDef({ id: flowId, tasks: ['a', 'b'] }), input: { k: 'v', nested: { '': 1, __proto__x: [null] } }, status, created_at: createdAt };
}

const claim = (executionId: string, seq: number, claimToken = 'token-1') => ({
  executionId,
  seq,
  taskName: 'a',
  attempt: 1,
  claimToken,
  startedAt: now(),
  leaseExpiresAt: Date.now() + 60_000,
});

describe('DynamoExecutionStore against DynamoDB Local', () => {
  it('round-trips an execution exactly and refuses a second create with the same id', async () => {
    const execution = newExecution('store-roundtrip');
    expect(await store.createExecution(execution)).toBe(true);
    expect(await store.createExecution(execution)).toBe(false);
    expect(await store.load(execution.execution_id)).toEqual({ execution, steps: [] });
    expect(await store.load('does-not-exist')).toBeUndefined();
  });

  it('starts a PENDING execution once', async () => {
    const execution = newExecution('store-start');
    await store.createExecution(execution);
    expect(await store.markRunning(execution.execution_id, now())).toBe(true);
    expect(await store.markRunning(execution.execution_id, now())).toBe(false);
    expect(await store.markRunning('missing', now())).toBe(false);
  });

  it('lets a step be claimed once and its result recorded only by the claimant, once', async () => {
    const execution = newExecution('store-claim', now(), 'RUNNING');
    await store.createExecution(execution);
    const id = execution.execution_id;
    expect(await store.claimStep(claim(id, 1, 'mine'))).toBe(true);
    expect(await store.claimStep(claim(id, 1, 'theirs'))).toBe(false);
    const completion = {
      executionId: id,
      seq: 1,
      taskType: 'noop',
      status: 'SUCCEEDED' as const,
      completedAt: now(),
      durationMs: 3,
      output: { rows: [1, 2] },
      next: { type: 'run' as const, task: 'b', seq: 2 },
    };
    expect(await store.recordStepResult({ ...completion, claimToken: 'theirs' })).toBe(false);
    expect(await store.recordStepResult({ ...completion, claimToken: 'mine' })).toBe(true);
    expect(await store.recordStepResult({ ...completion, claimToken: 'mine' })).toBe(false);
    const { steps } = (await store.load(id))!;
    expect(steps).toEqual([
      expect.objectContaining({ seq: 1, status: 'SUCCEEDED', output: { rows: [1, 2] }, next: { type: 'run', task: 'b', seq: 2 }, duration_ms: 3 }),
    ]);
  });

  it('finishes only a RUNNING execution, and cancels only an active one', async () => {
    const running = newExecution('store-finish', now(), 'RUNNING');
    await store.createExecution(running);
    const failed = { type: 'finish' as const, status: 'FAILED' as const, failed_task: 'a', error: 'boom', reason: 'task_failed' as const };
    expect(await store.finishExecution(running.execution_id, failed, now())).toBe(true);
    expect(await store.finishExecution(running.execution_id, { type: 'finish', status: 'SUCCEEDED' }, now())).toBe(false);
    expect(await store.cancelExecution(running.execution_id, now())).toBe(false);
    expect((await store.load(running.execution_id))!.execution).toMatchObject({ status: 'FAILED', failed_task: 'a', error: 'boom', reason: 'task_failed' });

    const pending = newExecution('store-finish');
    await store.createExecution(pending);
    expect(await store.cancelExecution(pending.execution_id, now())).toBe(true);
    expect(await store.finishExecution(pending.execution_id, { type: 'finish', status: 'SUCCEEDED' }, now())).toBe(false);
  });

  it('deletes an execution with all its steps', async () => {
    const execution = newExecution('store-delete', now(), 'RUNNING');
    await store.createExecution(execution);
    for (let seq = 1; seq <= 30; seq++) await store.claimStep(claim(execution.execution_id, seq));
    expect((await store.load(execution.execution_id))!.steps).toHaveLength(30);
    expect(await store.deleteExecution(execution.execution_id)).toBe(true);
    expect(await store.load(execution.execution_id)).toBeUndefined();
    expect(await store.deleteExecution(execution.execution_id)).toBe(false);
  });

  describe('listing', () => {
    const flowId = `list-${randomUUID()}`;
    const created: Execution[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        const e = newExecution(flowId, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString());
        created.push(e);
        await store.createExecution(e);
      }
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
      expect(page.items.map((i) => i.execution_id)).toEqual(expect.arrayContaining([created[1]!.execution_id, created[3]!.execution_id]));
    });

    it('merges the shards of a value into one newest-first order, each execution exactly once', async () => {
      const many = `many-${randomUUID()}`;
      const made: Execution[] = [];
      for (let i = 0; i < 30; i++) {
        const e = newExecution(many, new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString());
        made.push(e);
        await store.createExecution(e);
      }
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
        [...made].reverse().filter((_, i) => (29 - i) % 3 === 0).map((e) => e.execution_id),
      );
    });

    it('refuses a token from another filter', async () => {
      const page = await store.list({ flowId, limit: 1 });
      expect(page.nextToken).toBeDefined();
      await expect(store.list({ status: 'PENDING', limit: 1, nextToken: page.nextToken })).rejects.toMatchObject({ status: 400, code: 'invalid_next_token' });
      await expect(store.list({ flowId, limit: 1, nextToken: 'bm9wZQ' })).rejects.toBeInstanceOf(DomainError);
    });
  });

  it('keeps exactly the RUNNING executions in the sparse active index', async () => {
    const active = async () => {
      const ids = new Set<string>();
      for await (const id of store.activeExecutionIds()) ids.add(id);
      return ids;
    };
    const running = newExecution('store-active', now(), 'RUNNING');
    const pending = newExecution('store-active');
    await store.createExecution(running);
    await store.createExecution(pending);
    let ids = await active();
    expect(ids.has(running.execution_id)).toBe(true);
    expect(ids.has(pending.execution_id)).toBe(false);

    await store.markRunning(pending.execution_id, now());
    expect((await active()).has(pending.execution_id)).toBe(true);
    await store.finishExecution(running.execution_id, { type: 'finish', status: 'SUCCEEDED' }, now());
    await store.cancelExecution(pending.execution_id, now());
    ids = await active();
    expect(ids.has(running.execution_id)).toBe(false);
    expect(ids.has(pending.execution_id)).toBe(false);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
