import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  createTable,
  dropIndexes,
  retiredIndexes,
  tableDeclaration,
  tableDrift,
} from '../../scripts/local-stack/create-table';
import { localClient, type RunningDynamo, startDynamo } from '../../scripts/local-stack/dynamodb';
import { freePort } from '../../scripts/local-stack/ports';

/** What `npm start` relies on to keep the local data: the database on disk survives a restart. */
describe('local DynamoDB with a data folder', () => {
  let dataDir: string;
  let dynamo: RunningDynamo | undefined;
  afterAll(async () => {
    await dynamo?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the table, its indexes and its items across a restart', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'flow-dynamo-data-'));
    const port = await freePort();
    const key = { pk: { S: 'EXEC#kept' }, sk: { S: 'EXECUTION' } };

    dynamo = await startDynamo({ port, dataDir, log: () => undefined });
    await createTable(dynamo.endpoint, 'kept-table');
    const writer = localClient(dynamo.endpoint);
    await writer.send(new PutItemCommand({ TableName: 'kept-table', Item: { ...key, status: { S: 'SUCCEEDED' } } }));
    writer.destroy();
    await dynamo.stop();

    dynamo = await startDynamo({ port, dataDir, log: () => undefined });
    const table = await createTable(dynamo.endpoint, 'kept-table');
    expect(tableDrift(table!)).toEqual([]);
    const reader = localClient(dynamo.endpoint);
    const kept = await reader.send(new GetItemCommand({ TableName: 'kept-table', Key: key, ConsistentRead: true }));
    reader.destroy();
    expect(kept.Item?.status).toEqual({ S: 'SUCCEEDED' });
  }, 60_000);

  it('drops an index a newer version no longer declares, and keeps the items', async () => {
    dynamo ??= await startDynamo({ port: await freePort(), log: () => undefined });
    const declared = tableDeclaration() as unknown as CreateTableCommandInput;
    const retired = {
      IndexName: 'by_active',
      KeySchema: [
        { AttributeName: 'active_shard', KeyType: 'HASH' as const },
        { AttributeName: 'created_key', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    };
    const client = localClient(dynamo.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: 'older-table',
        BillingMode: declared.BillingMode,
        KeySchema: declared.KeySchema,
        AttributeDefinitions: [
          ...declared.AttributeDefinitions!,
          { AttributeName: 'active_shard', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [...declared.GlobalSecondaryIndexes!, retired],
      }),
    );
    const key = { pk: { S: 'EXEC#older' }, sk: { S: 'EXECUTION' } };
    await client.send(
      new PutItemCommand({
        TableName: 'older-table',
        Item: { ...key, active_shard: { S: 'ACTIVE#1' }, created_key: { S: 'k' } },
      }),
    );

    const kept = await createTable(dynamo.endpoint, 'older-table');
    expect(retiredIndexes(kept!)).toEqual(['by_active']);
    expect(tableDrift(kept!)).toEqual(['index by_active is no longer declared']);
    const after = await dropIndexes(dynamo.endpoint, 'older-table', ['by_active']);
    expect(tableDrift(after!)).toEqual([]);
    const item = await client.send(new GetItemCommand({ TableName: 'older-table', Key: key, ConsistentRead: true }));
    client.destroy();
    expect(item.Item?.active_shard).toEqual({ S: 'ACTIVE#1' });
  }, 60_000);
});
