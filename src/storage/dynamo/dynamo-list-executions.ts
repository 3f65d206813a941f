import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListPage, ListQuery } from '../../ports/execution-store';
import { itemToSummary } from '../item-mapping';
import { filterCondition } from './list-conditions';
import { listPlan } from '../list-plan';
import { encodeListToken } from '../list-token';
import { readShardedPage } from './sharded-list';

/**
 * Newest first, from a sparse index (never a scan), as planned by src/storage/list-plan.ts; a
 * name prefix filters. Every indexed value is spread over SHARDS partition keys
 * (src/storage/dynamo/sharded-list.ts). `next_token` carries the boundary (the `created_key` below which
 * the next page starts) and what it was listing, so paging needs no server state.
 */
export async function listExecutions(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ListQuery,
): Promise<ListPage> {
  const plan = listPlan(query);
  if (!plan) return { items: [] };
  const filter = filterCondition({ status: plan.filterStatus, namePrefix: query.namePrefix });
  const page = await readShardedPage(client, tableName, {
    index: plan.index,
    value: plan.value,
    range: plan.range,
    ...(filter && { filter }),
    limit: query.limit,
  });
  return {
    items: page.items.map(itemToSummary),
    ...(page.boundary !== undefined && { nextToken: encodeListToken(plan.scope, page.boundary) }),
  };
}
