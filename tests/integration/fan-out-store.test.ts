import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { meterCapacity } from '../../src/storage/dynamo/capacity-meter';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoFanOutStore } from '../../src/storage/dynamo/dynamo-fan-out-store';
import { keys } from '../../src/storage/table-schema';
import { fanOutRedriveContract } from '../contract/fan-out-redrive-contract';
import { fanOutStoreContract } from '../contract/fan-out-store-contract';
import { now } from '../contract/store-fixtures';
import { localStore } from '../support/local-services';
import { stackEnv } from '../support/stack-env';

const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
const TableName = stackEnv('TABLE_NAME');
afterAll(() => client.destroy());

async function stored(executionId: string, skPrefix: string): Promise<Array<Record<string, unknown>>> {
  const out = await client.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.executionPartition(executionId), ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('DynamoFanOutStore against DynamoDB Local', () => {
  const subject = {
    stores: () => ({ executions: localStore(), fanOuts: new DynamoFanOutStore(client, TableName) }),
    stored,
    // The in-memory run ends all 10,000 (tests/unit/in-memory-fan-out-store.test.ts).
    largestItemChildren: 1_000,
  };
  fanOutStoreContract(subject);
  describe('redrive', () => fanOutRedriveContract(subject));
});

/** What only the DynamoDB store has: the capacity DynamoDB bills its writes and reads. */
describe('DynamoFanOutStore capacity', () => {
  it('bills one write unit per report with 100 slots, and one read unit per item page', async () => {
    const metered = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
    const totals = meterCapacity(metered);
    const fanOuts = new DynamoFanOutStore(metered, TableName);
    // The longest id a caller can give and the longest state name: the largest fan-out item at its entry.
    const parentId = `${randomUUID()}${'-'.repeat(28)}`;
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `item-${i}`, n: i }));
    const { fanOut } = await fanOuts.open({
      parentId,
      seq: 9,
      stateName: 'n'.repeat(128),
      mode: { kind: 'map' },
      total: items.length,
      maxConcurrency: 100,
      items,
      at: now(),
    });
    const before = { ...totals };
    for (let slot = 0; slot < 100; slot += 10)
      await fanOuts.report({ parentId, seq: 9 }, { generation: 0, slot, index: slot, end: 'SUCCEEDED' }, now());
    expect(totals.calls - before.calls).toBe(10);
    expect(totals.writeUnits - before.writeUnits).toBe(10);
    const read = { ...totals };
    await fanOuts.itemPage(fanOut, 5000);
    expect(totals.readUnits - read.readUnits).toBe(1);

    // The meter tells sizes apart: the same report on a fan-out item over 1 KB (a state name no flow may have) bills 2.
    const large = { parentId: randomUUID(), seq: 9 };
    await fanOuts.open({
      ...large,
      stateName: 'n'.repeat(1200),
      mode: { kind: 'parallel' },
      total: 2,
      maxConcurrency: 2,
      items: [{}],
      at: now(),
    });
    const beforeLarge = { ...totals };
    await fanOuts.report(large, { generation: 0, slot: 0, index: 0, end: 'SUCCEEDED' }, now());
    expect(totals.writeUnits - beforeLarge.writeUnits).toBe(2);
    metered.destroy();
  });
});
