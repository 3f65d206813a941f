import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ActivePage, SweepPosition } from '../../ports/execution-store';
import { keys, SHARDS, TABLE } from '../table-schema';

/** The recovery sweep's and the timers' reads: pages of the running executions and of the sparse due index, and where the last sweep stopped. */
export class ActiveExecutions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(position: SweepPosition, limit: number): Promise<ActivePage> {
    const index = TABLE.indexes.byStatus;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#shard = :shard',
        ExpressionAttributeNames: { '#shard': index.partitionKey, '#pk': 'pk' },
        ExpressionAttributeValues: { ':shard': keys.runningShards()[position.shard % SHARDS] },
        ProjectionExpression: '#pk',
        ExclusiveStartKey: position.after,
        Limit: limit,
      }),
    );
    return {
      executionIds: (out.Items ?? []).map((item) => keys.executionIdOf(String(item.pk))),
      ...(out.LastEvaluatedKey && { after: out.LastEvaluatedKey }),
    };
  }

  async duePage(shard: number, dueBy: string, limit: number): Promise<string[]> {
    const index = TABLE.indexes.byDue;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        // Keys sort as `<ISO time>#<id>`: everything below `<dueBy>#~` is due by then.
        KeyConditionExpression: '#shard = :shard AND #key < :upTo',
        ExpressionAttributeNames: { '#shard': index.partitionKey, '#key': index.sortKey },
        ExpressionAttributeValues: { ':shard': keys.dueShards()[shard % SHARDS], ':upTo': `${dueBy}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => keys.executionIdOf(String(item.pk)));
  }

  async loadPosition(): Promise<SweepPosition> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.sweepPosition(), ConsistentRead: true }),
    );
    const item = out.Item as { shard?: number; after_json?: string } | undefined;
    if (!item) return { shard: 0 };
    const after = item.after_json ? (JSON.parse(item.after_json) as Record<string, unknown>) : undefined;
    // A position saved from another index (versions before the sweep read by_status) cannot go on
    // within its shard: that shard is read again from its start, which is harmless.
    const usable = after !== undefined && TABLE.indexes.byStatus.partitionKey in after;
    return { shard: (item.shard ?? 0) % SHARDS, ...(usable && { after }) };
  }

  async savePosition(position: SweepPosition): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.sweepPosition(),
          shard: position.shard % SHARDS,
          ...(position.after && { after_json: JSON.stringify(position.after) }),
        },
      }),
    );
  }
}
