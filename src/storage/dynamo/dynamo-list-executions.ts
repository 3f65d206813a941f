import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListPage, ListQuery } from '../../ports/execution-store';
import { itemToSummary } from '../item-mapping';
import { filterCondition, filterDigest, keyRange } from './list-conditions';
import { decodeListToken, encodeListToken } from './list-token';
import { readShardedPage } from './sharded-list';
import { LIST_PARTITION, TABLE } from '../table-schema';

/**
 * Newest first, from a sparse index (never a scan): by flow id if given (a status then filters
 * within that flow), else by status, else all executions. A created-time range narrows the sort
 * key; a name prefix filters. Every indexed value is spread over SHARDS partition keys
 * (src/storage/dynamo/sharded-list.ts). `next_token` carries the boundary (the `created_key` below which
 * the next page starts) and what it was listing, so paging needs no server state.
 */
export async function listExecutions(client: DynamoDBDocumentClient, tableName: string, query: ListQuery): Promise<ListPage> {
  const { byCreated, byFlow, byStatus } = TABLE.indexes;
  const index = query.flowId !== undefined ? byFlow : query.status !== undefined ? byStatus : byCreated;
  const value = query.flowId ?? query.status ?? LIST_PARTITION;
  const filterStatus = query.flowId !== undefined ? query.status : undefined;
  const scope = {
    index: index.name,
    value,
    filters: filterDigest({ status: filterStatus, namePrefix: query.namePrefix, createdFrom: query.createdFrom, createdBefore: query.createdBefore }),
  };
  const boundary = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, scope);
  const range = keyRange(query, boundary);
  if (!range) return { items: [] };
  const filter = filterCondition({ status: filterStatus, namePrefix: query.namePrefix });
  const page = await readShardedPage(client, tableName, { index, value, range, ...(filter && { filter }), limit: query.limit });
  return {
    items: page.items.map(itemToSummary),
    ...(page.boundary !== undefined && { nextToken: encodeListToken(scope, page.boundary) }),
  };
}
