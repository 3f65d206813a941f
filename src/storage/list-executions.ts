import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListPage, ListQuery } from './execution-store';
import { itemToSummary } from './item-mapping';
import { decodeListToken, encodeListToken } from './list-token';
import { readShardedPage } from './sharded-list';
import { LIST_PARTITION, TABLE } from './table-schema';

/**
 * Newest first, from a sparse index (never a scan): by flow id if given (a status then filters
 * within that flow), else by status, else all executions. Every indexed value is spread over
 * SHARDS partition keys (src/storage/sharded-list.ts). `next_token` carries the boundary (the
 * `created_key` below which the next page starts), so paging needs no server state.
 */
export async function listExecutions(client: DynamoDBDocumentClient, tableName: string, query: ListQuery): Promise<ListPage> {
  const { byCreated, byFlow, byStatus } = TABLE.indexes;
  const index = query.flowId !== undefined ? byFlow : query.status !== undefined ? byStatus : byCreated;
  const value = query.flowId ?? query.status ?? LIST_PARTITION;
  const filterStatus = query.flowId !== undefined ? query.status : undefined;
  const before = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, index.name, value);
  const page = await readShardedPage(client, tableName, { index, value, before, filterStatus, limit: query.limit });
  return {
    items: page.items.map(itemToSummary),
    ...(page.boundary !== undefined && { nextToken: encodeListToken(index.name, value, page.boundary) }),
  };
}
