import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyRange } from '../list-plan';
import { type Condition, keyCondition } from './list-conditions';
import { keys, type TABLE } from '../table-schema';

/** Bounds the work per shard and page when a filter (status within a flow, name prefix) thins the entries out. */
const MAX_QUERIES_PER_SHARD = 5;

type Index = (typeof TABLE.indexes)[keyof typeof TABLE.indexes];
export type ListedItem = Record<string, unknown> & { created_key: string };

interface ShardScan {
  items: ListedItem[];
  /** Where this shard's scan stopped (its items below this key are unread); undefined when it read everything. */
  stoppedAt?: string;
}

export interface ShardedPageQuery {
  index: Index;
  /** The listed value; its partition keys are `<value>#<shard>` for every shard. */
  value: string;
  /** The `created_key` range: a created-time range and the previous page's boundary. */
  range: KeyRange;
  /** What the index does not key on (read units are spent on what it drops too). */
  filter?: Condition;
  limit: number;
}

export interface ShardedPage {
  items: ListedItem[];
  /** Where the next page starts (its `before`); undefined after the last page. */
  boundary?: string;
}

/** Newest items of one shard within the range, up to `limit` matches. */
async function scanShard(
  client: DynamoDBDocumentClient,
  tableName: string,
  q: ShardedPageQuery,
  partition: string,
): Promise<ShardScan> {
  const { index, filter, limit } = q;
  const key = keyCondition(index, partition, q.range);
  const items: ListedItem[] = [];
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
    items.push(...((out.Items ?? []) as ListedItem[]).filter((item) => item.created_key !== key.dropKey));
    startKey = out.LastEvaluatedKey;
    if (!startKey) return { items };
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a sort key: a string
  return { items, stoppedAt: String(startKey?.[index.sortKey] ?? items.at(-1)?.created_key) };
}

/**
 * One page, newest first, of a value listed in a sparse index whose partition key is spread over
 * SHARDS values (never a scan): each page asks all shards at once and merges them. The boundary
 * (the `created_key` below which the next page starts) is all a caller needs to keep for paging,
 * so paging needs no server state.
 */
export async function readShardedPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  q: ShardedPageQuery,
): Promise<ShardedPage> {
  const scans = await Promise.all(
    keys.allShards(q.value).map((partition) => scanShard(client, tableName, q, partition)),
  );
  // Only the key range that every shard has read completely can be returned in order.
  const floor = scans
    .map((s) => s.stoppedAt)
    .filter((k): k is string => k !== undefined)
    .sort()
    .at(-1);
  const candidates = scans
    .flatMap((s) => s.items)
    .filter((item) => floor === undefined || item.created_key >= floor)
    .sort((a, b) => (a.created_key < b.created_key ? 1 : -1));
  const items = candidates.slice(0, q.limit);
  const boundary = candidates.length > q.limit ? items.at(-1)!.created_key : floor;
  return { items, ...(boundary !== undefined && { boundary }) };
}
