import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../../src/storage/dynamo/dynamo-execution-store';
import { keys } from '../../src/storage/table-schema';
import { callbackWritesContract } from '../contract/callback-writes-contract';
import { childExecutionsContract } from '../contract/child-executions-contract';
import { conditionalWritesContract } from '../contract/conditional-writes-contract';
import { executionStoreContract } from '../contract/execution-store-contract';
import { claim, commitOf, createIn, newExecution, now, stepRecord } from '../contract/store-fixtures';
import { stackEnv } from '../support/stack-env';
import { isolatedTable, localStore } from '../support/local-services';

const store = localStore();
const create = (flowId: string, createdAt = now(), status: Parameters<typeof createIn>[3] = 'PENDING') =>
  createIn(store, flowId, createdAt, status);

describe('DynamoExecutionStore against DynamoDB Local', () => {
  executionStoreContract({ store: () => store, isolated: async () => localStore(await isolatedTable()) });
  conditionalWritesContract(() => store);
  describe('callbacks', () => callbackWritesContract(() => store));
  describe('children', () => {
    childExecutionsContract({ store: () => store, isolated: async () => localStore(await isolatedTable()) });
  });
});

/** What only the DynamoDB store has: its items as stored, its client's retries and failures, its definition cache per instance. */
describe('DynamoExecutionStore items and requests', () => {
  it('packs a large state and progress in the head, and the claim and a commit read them back as they were', async () => {
    const { execution, flow } = newExecution('store-packed', now(), 'RUNNING');
    const orders = Array.from({ length: 40 }, (_, i) => ({
      order: `order-${i}`,
      customer: 'Zoë 日本',
      total: i * 1.5,
      lines: [{ sku: 'A-1', qty: 2 }],
    }));
    execution.state = { input: { orders }, results: new Map([['__proto__', { constructor: 'x' }]]) };
    execution.progress = new Map(
      Array.from({ length: 20 }, (_, i) => [
        `task-${i}`,
        {
          status: 'SUCCEEDED' as const,
          attempts: 1,
          last_seq: i + 1,
          last_attempt: 1,
          started_at: now(),
          completed_at: now(),
          duration_ms: 3,
        },
      ]),
    );
    expect(await store.createExecution(execution, flow)).toBe(true);
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const raw = await client.send(
      new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: keys.execution(execution.execution_id) }),
    );
    const plainBytes = Buffer.byteLength(JSON.stringify({ input: { orders } }));
    expect(raw.Item?.state_json).toBeInstanceOf(Uint8Array);
    expect((raw.Item?.state_json as Uint8Array).length).toBeLessThan(plainBytes / 4);
    expect(raw.Item?.progress_json).toBeInstanceOf(Uint8Array);

    const claimed = await store.claimStep(claim(execution.execution_id));
    expect(claimed.claimed && claimed.execution.state).toEqual(execution.state);
    expect(claimed.claimed && claimed.execution.progress).toEqual(execution.progress);
    const step = stepRecord(1, 'a');
    expect(
      await store.commitStep({
        ...commitOf(execution, 'token-1', step, { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } }),
        state: execution.state,
        progress: execution.progress,
      }),
    ).toBe(true);
    const head = await store.loadExecution(execution.execution_id);
    expect(head?.state).toEqual(execution.state);
    expect(head?.progress).toEqual(execution.progress);
    client.destroy();
  });

  it('serves a definition it has read once from its cache, by content hash', async () => {
    const execution = await create('store-cache');
    const cold = localStore();
    const flow = await cold.loadDefinition(execution.execution_id, execution.definition_hash);
    await store.deleteExecution(execution.execution_id);
    // The item is gone: only the cache can answer now.
    expect(await cold.loadDefinition(execution.execution_id, execution.definition_hash)).toEqual(flow);
    await expect(localStore().loadDefinition(execution.execution_id, execution.definition_hash)).rejects.toThrow(
      /no stored definition/,
    );
  });

  it('commits a step only once its record is written, so whoever hands the next step on, its record is there', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    let failures = 0;
    const writes: string[] = [];
    // The first step-record put fails for good (past the client's retries); every write is noted in order.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Item?: { sk?: string }; Key?: { sk?: string } };
        const write = `${context.commandName} ${input.Item?.sk ?? input.Key?.sk}`;
        writes.push(`sent ${write}`);
        if (failures === 0 && input.Item?.sk === keys.stepSk(1)) {
          failures++;
          throw Object.assign(new Error('injected: internal server error'), {
            name: 'InternalServerError',
            $fault: 'server',
          });
        }
        const out = await next(args);
        writes.push(`done ${write}`);
        return out;
      },
      { step: 'initialize', name: 'failFirstRecordPut' },
    );
    const flaky = new DynamoExecutionStore(client, stackEnv('TABLE_NAME'));
    const execution = await create('store-record-first', now(), 'RUNNING');
    const id = execution.execution_id;
    await flaky.claimStep(claim(id, 1, 'a', 'holder'));
    const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };

    // The record could not be written: nothing is committed, the step stays claimed (a later attempt takes it over).
    await expect(flaky.commitStep(commitOf(execution, 'holder', stepRecord(1, 'a'), next))).rejects.toThrow('injected');
    expect(await store.loadExecution(id)).toMatchObject({
      steps_recorded: 0,
      cursor: { seq: 1, task: 'a' },
      claim: { token: 'holder' },
    });

    writes.length = 0;
    expect(await flaky.commitStep(commitOf(execution, 'holder', stepRecord(1, 'a'), next))).toBe(true);
    const record = `PutItemCommand ${keys.stepSk(1)}`;
    const head = `UpdateItemCommand ${keys.execution(id).sk}`;
    expect(writes).toEqual([`sent ${record}`, `done ${record}`, `sent ${head}`, `done ${head}`]);
    expect(
      (await store.stepPage(id, { fromSeq: 1, toSeq: 1, limit: 10, maxBytes: 1e6 })).steps.map((s) => s.task_name),
    ).toEqual(['a']);
    client.destroy();
  });

  it('knows its own commit when the client retried it after the first try was applied, and keeps its record', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    let lostAnswers = 0;
    // The first head commit reaches DynamoDB and is applied, but its answer is lost: the client's
    // retry (inside its own retry loop) then meets the write it made.
    client.middlewareStack.add(
      (next) => async (args) => {
        // Inside the retry loop the input is in DynamoDB's own attribute-value form.
        const input = args.input as { Key?: { sk?: { S?: string } }; ConditionExpression?: string };
        const out = await next(args);
        if (
          lostAnswers === 0 &&
          input.Key?.sk?.S === keys.execution('-').sk &&
          input.ConditionExpression?.startsWith('#claim_token = :token AND #status')
        ) {
          lostAnswers++;
          throw Object.assign(new Error('injected: connection reset after the write'), {
            name: 'TimeoutError',
            $metadata: {},
            $retryable: {},
          });
        }
        return out;
      },
      { step: 'deserialize', name: 'loseFirstCommitAnswer', priority: 'low' },
    );
    const flaky = new DynamoExecutionStore(client, stackEnv('TABLE_NAME'));
    const execution = await create('store-retried-commit', now(), 'RUNNING');
    const id = execution.execution_id;
    await flaky.claimStep(claim(id, 1, 'a', 'holder'));

    expect(
      await flaky.commitStep(
        commitOf(execution, 'holder', stepRecord(1, 'a'), { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } }),
      ),
    ).toBe(true);

    expect(lostAnswers).toBe(1);
    expect(await store.loadExecution(id)).toMatchObject({ steps_recorded: 1, cursor: { seq: 2, task: 'b' } });
    expect(
      (await store.stepPage(id, { fromSeq: 1, toSeq: 1, limit: 10, maxBytes: 1e6 })).steps.map((s) => s.task_name),
    ).toEqual(['a']);
    client.destroy();
  });

  it('marks every item of an execution for DynamoDB TTL: ended heads and step records after the retention, never a running head', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const retained = new DynamoExecutionStore(client, stackEnv('TABLE_NAME'), { retentionDays: 30 });
    const { execution, flow } = newExecution('store-ttl', now(), 'RUNNING');
    const id = execution.execution_id;
    await retained.createExecution(execution, flow);
    const item = async (key: { pk: string; sk: string }) =>
      (await client.send(new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: key }))).Item!;
    const days = (epochSeconds: number, fromIso: string) => (epochSeconds - Date.parse(fromIso) / 1000) / 86_400;
    expect((await item(keys.execution(id))).expires_at).toBeUndefined();
    expect(days((await item(keys.definition(id))).expires_at, execution.created_at)).toBeCloseTo(30 + 366, 1);
    await retained.claimStep(claim(id));
    const finish = { type: 'finish' as const, status: 'SUCCEEDED' as const };
    const commit = commitOf(execution, 'token-1', stepRecord(1, 'a', 1, { next: finish }), { finish });
    await retained.commitStep(commit);
    expect(days((await item(keys.execution(id))).expires_at, commit.at)).toBeCloseTo(30, 1);
    expect(days((await item(keys.step(id, 1))).expires_at, commit.at)).toBeCloseTo(30, 1);
    const pending = newExecution('store-ttl');
    await retained.createExecution(pending.execution, pending.flow);
    expect(
      days((await item(keys.execution(pending.execution.execution_id))).expires_at, pending.execution.created_at),
    ).toBeCloseTo(30, 1);
    client.destroy();
  });

  it('stores step outputs packed, a fraction of their text', async () => {
    const execution = await create('store-packed-steps', now(), 'RUNNING');
    const id = execution.execution_id;
    await store.claimStep(claim(id, 1, 'a', 't1'));
    const next = { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } };
    expect(
      await store.commitStep(
        commitOf(execution, 't1', stepRecord(1, 'a', 1, { output: { seq: 1, pad: 'p'.repeat(1000) } }), next),
      ),
    ).toBe(true);
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const stored = (await client.send(new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: keys.step(id, 1) })))
      .Item!;
    client.destroy();
    expect(stored.output_json).toBeInstanceOf(Uint8Array);
    expect((stored.output_json as Uint8Array).length).toBeLessThan(100);
  });
});
