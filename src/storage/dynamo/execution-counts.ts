import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ExecutionCounts, tallyStatuses } from '../../domain/saved-flow/saved-flow';
import { keys, TABLE } from '../table-schema';

/** The statuses of the newest `limit` executions in one shard of a flow id, and whether that was all of them. */
async function shardStatuses(client: DynamoDBDocumentClient, tableName: string, partition: string, limit: number) {
  const { byFlow } = TABLE.indexes;
  const statuses: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byFlow.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byFlow.partitionKey, '#status': 'status' },
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: '#status',
        ScanIndexForward: false,
        Limit: limit - statuses.length,
        ExclusiveStartKey: startKey,
      }),
    );
    statuses.push(...(out.Items ?? []).map((item) => String(item.status)));
    startKey = out.LastEvaluatedKey;
  } while (startKey && statuses.length < limit);
  return { statuses, complete: startKey === undefined };
}

/**
 * Executions of one flow id per status, from the by_flow index (never a scan): one pass over each
 * of its shards, newest first, reading only `status` and tallying, rather than one filtered Query
 * per status (a filter spends the read units of everything it drops, so that would cost 7 times
 * as much). At most `perShardLimit` executions per shard are read; beyond that the newest are counted.
 */
export async function countByStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  flowId: string,
  perShardLimit: number,
): Promise<ExecutionCounts> {
  const shards = await Promise.all(
    keys.allShards(flowId).map((partition) => shardStatuses(client, tableName, partition, perShardLimit)),
  );
  return { counts: tallyStatuses(shards.flatMap((s) => s.statuses)), complete: shards.every((s) => s.complete) };
}
