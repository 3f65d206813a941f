import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import { DomainError } from '../../src/domain/errors';
import type { Execution } from '../../src/domain/execution/execution';
import { startFingerprint } from '../../src/domain/execution/execution-name';
import { createExecution } from '../../src/service/execution-lifecycle';
import { createNamedExecution } from '../../src/service/named-start';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../../src/storage/dynamo/dynamo-execution-store';
import { keys } from '../../src/storage/table-schema';
import { flowDef, noopFlowBody } from '../support/flows';
import { stackEnv } from '../support/stack-env';
import { testDeps } from '../support/local-services';

const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
const item = async (key: { pk: string; sk: string }) =>
  (await client.send(new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: key, ConsistentRead: true }))).Item;

const RACERS = 8;

function namedExecution(name: string, createdAt = new Date().toISOString(), input: Record<string, unknown> = {}) {
  const flow = flowDef({ id: `names-it-${randomUUID()}`, tasks: ['a'] });
  const execution: Execution & { name: string } = {
    execution_id: randomUUID(),
    name,
    flow_id: flow.id,
    flow_name: flow.name,
    definition_hash: definitionHash(flow),
    status: 'PENDING',
    created_at: createdAt,
    cursor: { seq: 1, task: 'a', timeout_seconds: 30 },
    attempts: 0,
    steps_recorded: 0,
    max_steps: flow.max_steps,
    state: { input, results: new Map() },
    progress: new Map(),
  };
  return { execution, flow };
}

describe('execution names against DynamoDB Local', () => {
  it(`starts exactly one execution for ${RACERS} identical named starts at once; every caller gets its id`, async () => {
    const { deps, dispatcher } = testDeps();
    const name = `race-${randomUUID()}`;
    const body = { flow: noopFlowBody(`names-it-${randomUUID()}`, 1), input: { k: 1 }, name };
    const results = await Promise.all(
      Array.from({ length: RACERS }, () => createExecution(body, { start: true, nameInBody: true }, deps)),
    );
    const ids = new Set(results.map((r) => r.execution.execution_id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.reused)).toHaveLength(1);
    const [id] = [...ids];
    expect(dispatcher.take().map((m) => m.execution_id)).toEqual([id]);
    expect(await item(keys.nameReservation(name))).toMatchObject({ execution_id: id, name });
    const listed = await deps.store.list({ namePrefix: name, limit: 100 });
    expect(listed.items.map((e) => e.execution_id)).toEqual([id]);
  });

  it(`starts exactly one for ${RACERS} named starts with different inputs at once; the others get 409 naming it`, async () => {
    const { deps } = testDeps();
    const name = `race-diff-${randomUUID()}`;
    const flow = noopFlowBody(`names-it-${randomUUID()}`, 1);
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) =>
        createExecution({ flow, input: { i }, name }, { start: true, nameInBody: true }, deps),
      ),
    );
    const started = results.filter((r) => r.status === 'fulfilled');
    expect(started).toHaveLength(1);
    const id = started[0]!.value.execution.execution_id;
    for (const refused of results.filter((r) => r.status === 'rejected')) {
      expect(refused.reason).toBeInstanceOf(DomainError);
      expect(refused.reason).toMatchObject({ status: 409, code: 'ExecutionAlreadyExists' });
      expect((refused.reason as Error).message).toContain(id);
    }
  });

  it('writes the reservation, the definition and the head all together or not at all', async () => {
    const { deps } = testDeps();
    const taken = namedExecution(`atomic-a-${randomUUID()}`);
    const name = `atomic-b-${randomUUID()}`;
    const fingerprint = startFingerprint(taken.flow, {});
    expect(
      await deps.store.createNamedExecution(taken.execution, taken.flow, { name: taken.execution.name, fingerprint }),
    ).toBe('created');
    // Same execution id under another name: the head's condition fails, so the new name is not reserved either.
    await expect(
      deps.store.createNamedExecution({ ...taken.execution, name }, taken.flow, { name, fingerprint }),
    ).rejects.toThrow(/execution id collision/);
    expect(await item(keys.nameReservation(name))).toBeUndefined();
    expect(await item(keys.nameReservation(taken.execution.name))).toMatchObject({
      execution_id: taken.execution.execution_id,
      fingerprint,
    });
  });

  it('lets a new execution take over a name whose execution was deleted', async () => {
    const { deps } = testDeps();
    const name = `deleted-${randomUUID()}`;
    const first = namedExecution(name);
    expect((await createNamedExecution(first.execution, first.flow, deps)).reused).toBe(false);
    expect(await deps.store.deleteExecution(first.execution.execution_id)).toBe(true);

    const second = namedExecution(name);
    const out = await createNamedExecution(second.execution, second.flow, deps);
    expect(out).toMatchObject({ reused: false, execution: { execution_id: second.execution.execution_id } });
    expect(await item(keys.nameReservation(name))).toMatchObject({ execution_id: second.execution.execution_id });
  });

  it('frees a name once its execution is past its retention, even before TTL deleted it', async () => {
    const { deps } = testDeps();
    const shortRetention = new DynamoExecutionStore(client, stackEnv('TABLE_NAME'), { retentionDays: 1 });
    const name = `expired-${randomUUID()}`;
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const old = namedExecution(name, threeDaysAgo);
    // A never-started (PENDING) head expires one retention after it was created: two days ago.
    expect(
      await shortRetention.createNamedExecution(old.execution, old.flow, {
        name,
        fingerprint: startFingerprint(old.flow, {}),
      }),
    ).toBe('created');
    expect(await deps.store.loadExecution(old.execution.execution_id)).toBeDefined();
    expect(await deps.store.nameHolder(name, new Date().toISOString())).toEqual({
      executionId: old.execution.execution_id,
      fingerprint: expect.any(String),
    });

    const fresh = namedExecution(name);
    expect((await createNamedExecution(fresh.execution, fresh.flow, deps)).reused).toBe(false);
    expect((await deps.store.nameHolder(name, new Date().toISOString()))?.execution?.execution_id).toBe(
      fresh.execution.execution_id,
    );
  });

  it('keeps the name of a kept execution: a closed one answers 409, an open one with the same request is reused', async () => {
    const { deps } = testDeps();
    const name = `kept-${randomUUID()}`;
    const first = namedExecution(name, undefined, { n: 1 });
    await createNamedExecution(first.execution, first.flow, deps);
    const repeat = { ...first.execution, execution_id: randomUUID() };
    expect(await createNamedExecution(repeat, first.flow, deps)).toMatchObject({
      reused: true,
      execution: { execution_id: first.execution.execution_id },
    });
    expect(await deps.store.cancelExecution(first.execution.execution_id, new Date().toISOString())).toBe(true);
    await expect(
      createNamedExecution({ ...repeat, execution_id: randomUUID() }, first.flow, deps),
    ).rejects.toMatchObject({
      status: 409,
      code: 'ExecutionAlreadyExists',
      message: expect.stringContaining('has ended (CANCELLED)'),
    });
  });

  it('lists by name prefix and created-time range across the shards, newest first, page by page', async () => {
    const { deps } = testDeps();
    const prefix = `shards-${randomUUID().slice(0, 8)}`;
    const at = (i: number) => new Date(Date.UTC(2026, 1, 2, 0, 0, i)).toISOString();
    const made: Array<Execution & { name: string }> = [];
    for (let i = 0; i < 30; i++) {
      const { execution, flow } = namedExecution(`${prefix}-${i % 2 === 0 ? 'even' : 'odd'}-${i}`, at(i));
      const sameFlow = { ...execution, flow_id: prefix };
      expect(await deps.store.createNamedExecution(sameFlow, flow, { name: execution.name, fingerprint: 'f' })).toBe(
        'created',
      );
      made.push(sameFlow);
    }
    const collect = async (query: Omit<Parameters<typeof deps.store.list>[0], 'limit' | 'nextToken'>) => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      for (let pages = 0; pages < 40; pages++) {
        const page = await deps.store.list({ ...query, limit: 4, nextToken });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((x) => x.name!));
        nextToken = page.nextToken;
        if (!nextToken) return seen;
      }
      throw new Error('too many pages');
    };
    const expected = (keep: (i: number) => boolean) =>
      made
        .filter((_, i) => keep(i))
        .map((e) => e.name)
        .reverse();
    const inRange = (i: number) => i >= 5 && i < 25;
    expect(await collect({ flowId: prefix, namePrefix: `${prefix}-even` })).toEqual(expected((i) => i % 2 === 0));
    expect(await collect({ flowId: prefix, createdFrom: at(5), createdBefore: at(25) })).toEqual(expected(inRange));
    expect(await collect({ namePrefix: `${prefix}-odd`, createdFrom: at(5), createdBefore: at(25) })).toEqual(
      expected((i) => i % 2 === 1 && inRange(i)),
    );
    expect(await collect({ status: 'PENDING', namePrefix: prefix, createdFrom: at(28) })).toEqual(
      expected((i) => i >= 28),
    );
  });
});
