import { CreateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { localClient } from './dynamodb';

/**
 * Tables the samples in flows/ write to through the DynamoDB integrations (flows/order-notify.asl.json:
 * `orders`), created in the local DynamoDB by `npm start` so that the samples run as they are.
 * Never the stack's own table: a flow's data stays out of the engine's.
 */
export const SAMPLE_TABLES: readonly CreateTableCommandInput[] = [
  {
    TableName: 'orders',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
  },
];

/** Creates each sample table that does not exist yet (the data is kept across restarts, as the stack's). */
export async function createSampleTables(endpoint: string, tables = SAMPLE_TABLES): Promise<void> {
  const client = localClient(endpoint);
  try {
    for (const table of tables) {
      try {
        await client.send(new CreateTableCommand(table));
      } catch (error) {
        if ((error as Error).name !== 'ResourceInUseException') throw error;
      }
    }
  } finally {
    client.destroy();
  }
}
