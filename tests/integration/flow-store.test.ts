import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import { LIMITS } from '../../src/domain/limits';
import { createExecution, SavedFlowStart } from '../../src/service/execution-lifecycle';
import { saveFlow } from '../../src/service/saved-flows';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoFlowStore } from '../../src/storage/dynamo/dynamo-flow-store';
import { keys } from '../../src/storage/table-schema';
import { flowDef, noopFlowBody } from '../support/flows';
import { testDeps } from '../support/local-services';
import { stackEnv } from '../support/stack-env';

const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
const flows = new DynamoFlowStore(client, stackEnv('TABLE_NAME'));
const { deps } = testDeps();
const flowDeps = { ...deps, flows };
const newId = () => `store-${randomUUID().slice(0, 8)}`;
const exists = async (key: { pk: string; sk: string }) =>
  (await client.send(new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: key, ConsistentRead: true }))).Item !==
  undefined;

describe('saved flows in DynamoDB Local', () => {
  it('moves a flow to a new version only from the latest version it expects, writing nothing otherwise', async () => {
    const flowId = newId();
    const v1 = flowDef({ id: flowId, name: 'one', tasks: ['a'] });
    const v2 = flowDef({ id: flowId, name: 'two', tasks: ['a', 'b'] });
    const at = new Date().toISOString();
    expect(
      await flows.appendVersion({ flow: v1, definitionHash: definitionHash(v1), version: 1, expectedLatest: 0, at }),
    ).toBe(true);
    // A second "first version", and a version built on a latest version that is not the latest: refused.
    expect(
      await flows.appendVersion({ flow: v2, definitionHash: definitionHash(v2), version: 1, expectedLatest: 0, at }),
    ).toBe(false);
    expect(
      await flows.appendVersion({ flow: v2, definitionHash: definitionHash(v2), version: 3, expectedLatest: 2, at }),
    ).toBe(false);
    expect(await exists(keys.flowVersion(flowId, 3))).toBe(false);
    expect(await flows.loadFlow(flowId)).toMatchObject({
      latest_version: 1,
      flow_name: 'one',
      latest_hash: definitionHash(v1),
    });

    expect(
      await flows.appendVersion({
        flow: v2,
        definitionHash: definitionHash(v2),
        version: 2,
        expectedLatest: 1,
        at: new Date().toISOString(),
      }),
    ).toBe(true);
    const flow = await flows.loadFlow(flowId);
    expect(flow).toMatchObject({ latest_version: 2, flow_name: 'two', created_at: at });
    expect((await flows.loadVersion(flowId))?.flow).toEqual(v2);
    expect((await flows.loadVersion(flowId, 1))?.flow).toEqual(v1);
    expect(await flows.loadVersion(flowId, 5)).toBeUndefined();
  });

  it('gives as many concurrent saves of different definitions as a save makes attempts the numbers 1 to n, each holding its own definition', async () => {
    const flowId = newId();
    const n = LIMITS.saveFlowAttempts;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => saveFlow(flowId, noopFlowBody(flowId, 1, { name: `def ${i}` }), flowDeps)),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    for (const r of results)
      expect((await flows.loadVersion(flowId, r.version.version))?.flow_name).toBe(r.version.flow_name);
    expect((await flows.loadFlow(flowId))?.latest_version).toBe(n);
  });

  it('starts a saved version through createExecution, which records the version on the head', async () => {
    const flowId = newId();
    const saved = await saveFlow(flowId, noopFlowBody(flowId, 2), flowDeps);
    const version = (await flows.loadVersion(flowId, saved.version.version))!;
    const { execution } = await createExecution(new SavedFlowStart(version, { k: 1 }), { start: false }, deps);
    expect(execution).toMatchObject({
      flow_id: flowId,
      flow_version: 1,
      definition_hash: version.definition_hash,
      status: 'PENDING',
    });
    expect(await deps.store.loadExecution(execution.execution_id)).toMatchObject({
      flow_version: 1,
      state: { input: { k: 1 } },
    });
    expect(await deps.store.loadDefinition(execution.execution_id, execution.definition_hash)).toEqual(version.flow);
    // A posted flow's execution has no version.
    const posted = await createExecution(noopFlowBody(flowId, 2), { start: false }, deps);
    expect((await deps.store.loadExecution(posted.execution.execution_id))?.flow_version).toBeUndefined();
  });

  it('counts executions per status within a bound per shard, and says when the bound was reached', async () => {
    const flowId = newId();
    for (let i = 0; i < 20; i++) await createExecution(noopFlowBody(flowId, 1), { start: false }, deps);
    expect(await deps.store.countByStatus(flowId, 1000)).toEqual({
      counts: expect.objectContaining({ PENDING: 20, RUNNING: 0 }),
      complete: true,
    });
    // 20 executions over 8 shards: some shard holds more than 2.
    const bounded = await deps.store.countByStatus(flowId, 2);
    expect(bounded.complete).toBe(false);
    expect(bounded.counts.PENDING).toBeLessThanOrEqual(16);
  });
});
