import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { meterCapacity } from '../../src/storage/dynamo/capacity-meter';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { stackEnv } from '../support/stack-env';

describe('capacity meter against DynamoDB Local', () => {
  it('sums the read and write units DynamoDB reports', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const totals = meterCapacity(client);
    const TableName = stackEnv('TABLE_NAME');
    await client.send(new PutCommand({ TableName, Item: { pk: 'METER#1', sk: 'X', v: 'small' } }));
    await client.send(new GetCommand({ TableName, Key: { pk: 'METER#1', sk: 'X' }, ConsistentRead: true }));
    expect(totals.calls).toBe(2);
    expect(totals.writeUnits).toBeGreaterThanOrEqual(1);
    expect(totals.readUnits).toBe(1);
    client.destroy();
  });

  it('is off unless installed: a plain client does not ask for capacity', async () => {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const out = await client.send(
      new GetCommand({ TableName: stackEnv('TABLE_NAME'), Key: { pk: 'METER#1', sk: 'X' } }),
    );
    expect(out.ConsumedCapacity).toBeUndefined();
    client.destroy();
  });
});
