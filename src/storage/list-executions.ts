import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionSummary } from '../domain/execution';
import type { ListPage, ListQuery } from './execution-store';
import { itemToSummary } from './item-mapping';
import { decodeListToken, encodeListToken } from './list-token';
import { LIST_PARTITION, TABLE } from './table-schema';

/** Bounds the work one request may do when a status filter thins out a flow's partition. */
const MAX_QUERIES_PER_PAGE = 10;

/**
 * Newest first, from a sparse index (never a scan): by flow id if given (status then filters
 * within that flow), else by status, else all executions.
 */
export async function listExecutions(client: DynamoDBDocumentClient, tableName: string, query: ListQuery): Promise<ListPage> {
  const { byCreated, byFlow, byStatus } = TABLE.indexes;
  const index = query.flowId !== undefined ? byFlow : query.status !== undefined ? byStatus : byCreated;
  const partition = query.flowId ?? query.status ?? LIST_PARTITION;
  const filterStatus = query.flowId !== undefined ? query.status : undefined;

  let startKey: Record<string, unknown> | undefined =
    query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, index.name, partition);
  const items: ExecutionSummary[] = [];
  for (let queries = 0; queries < MAX_QUERIES_PER_PAGE && items.length < query.limit; queries++) {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(filterStatus && { '#status': 'status' }) },
        ExpressionAttributeValues: { ':pk': partition, ...(filterStatus && { ':status': filterStatus }) },
        ...(filterStatus && { FilterExpression: '#status = :status' }),
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []).map(itemToSummary));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return {
    items,
    ...(startKey && { nextToken: encodeListToken(index.name, partition, startKey) }),
  };
}
