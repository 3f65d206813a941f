import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ListPage, ListQuery } from './execution-store';
import { itemToSummary } from './item-mapping';
import { type Condition, filterCondition, filterDigest, keyCondition, type KeyRange, keyRange } from './list-conditions';
import { decodeListToken, encodeListToken } from './list-token';
import { keys, LIST_PARTITION, TABLE } from './table-schema';

/** Bounds the work per shard and page when a filter (status within a flow, name prefix) thins the entries out. */
const MAX_QUERIES_PER_SHARD = 5;

type Index = (typeof TABLE.indexes)[keyof typeof TABLE.indexes];
type Item = Record<string, unknown> & { created_key: string };

interface ShardScan {
  items: Item[];
  /** Where this shard's scan stopped (its items below this key are unread); undefined when it read everything. */
  stoppedAt?: string;
}

/** Newest items of one shard within `range`, up to `limit` matches. */
async function scanShard(
  client: DynamoDBDocumentClient,
  tableName: string,
  index: Index,
  partition: string,
  range: KeyRange,
  filter: Condition | undefined,
  limit: number,
): Promise<ShardScan> {
  const key = keyCondition(index, partition, range);
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let queries = 0; queries < MAX_QUERIES_PER_SHARD && items.length < limit; queries++) {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: key.expression,
        ExpressionAttributeNames: { ...key.names, ...filter?.names },
        ExpressionAttributeValues: { ...key.values, ...filter?.values },
        ...(filter && { FilterExpression: filter.expression }),
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((out.Items ?? []) as Item[]).filter((item) => item.created_key !== key.dropKey));
    startKey = out.LastEvaluatedKey;
    if (!startKey) return { items };
  }
  return { items, stoppedAt: String(startKey?.[index.sortKey] ?? items.at(-1)?.created_key) };
}

/**
 * Newest first, from a sparse index (never a scan): by flow id if given (a status then filters
 * within that flow), else by status, else all executions. A created-time range narrows the sort
 * key; a name prefix filters. Every indexed value is spread over SHARDS partition keys: each page
 * asks all of them at once and merges. `next_token` carries the boundary (the `created_key` below
 * which the next page starts) and what it was listing, so paging needs no server state.
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

  const scans = await Promise.all(
    keys.allShards(value).map((partition) => scanShard(client, tableName, index, partition, range, filter, query.limit)),
  );
  // Only the key range that every shard has read completely can be returned in order.
  const floor = scans.map((s) => s.stoppedAt).filter((k): k is string => k !== undefined).sort().at(-1);
  const candidates = scans
    .flatMap((s) => s.items)
    .filter((item) => floor === undefined || item.created_key >= floor)
    .sort((a, b) => (a.created_key < b.created_key ? 1 : -1));
  const page = candidates.slice(0, query.limit);
  const next = candidates.length > query.limit ? page.at(-1)!.created_key : floor;
  return {
    items: page.map(itemToSummary),
    ...(next !== undefined && { nextToken: encodeListToken(scope, next) }),
  };
}
