import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createTable, tableDrift } from '../../scripts/local-stack/create-table';
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
});
