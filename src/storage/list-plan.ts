import { createHash } from 'node:crypto';
import type { ListQuery } from '../ports/execution-store';
import { decodeListToken, type ListScope } from './list-token';
import { LIST_PARTITION, TABLE } from './table-schema';

/**
 * How a list query reads its index, decided once for both stores (the DynamoDB one sends it as
 * key and filter conditions, src/storage/dynamo/list-conditions.ts; the in-memory one filters its
 * heads with it): by flow id if given (a status then filters within that flow), else by status,
 * else all executions; a created-time range and the previous page's boundary narrow the sort key.
 */
export interface ListPlan {
  index: (typeof TABLE.indexes)['byCreated' | 'byFlow' | 'byStatus'];
  /** The indexed value (spread over SHARDS partition keys). */
  value: string;
  /** A status filtered within a flow's listing. */
  filterStatus?: string;
  /** What the listing's paging tokens are bound to. */
  scope: ListScope;
  range: KeyRange;
}

/** The plan of `query`; undefined when its range is empty (nothing can match). */
export function listPlan(query: ListQuery): ListPlan | undefined {
  const { byCreated, byFlow, byStatus } = TABLE.indexes;
  const index = query.flowId !== undefined ? byFlow : query.status !== undefined ? byStatus : byCreated;
  const value = query.flowId ?? query.status ?? LIST_PARTITION;
  const filterStatus = query.flowId !== undefined ? query.status : undefined;
  const scope = {
    index: index.name,
    value,
    filters: filterDigest({
      status: filterStatus,
      namePrefix: query.namePrefix,
      createdFrom: query.createdFrom,
      createdBefore: query.createdBefore,
    }),
  };
  const boundary = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, scope);
  const range = keyRange(query, boundary);
  if (!range) return undefined;
  return { index, value, ...(filterStatus !== undefined && { filterStatus }), scope, range };
}

/** `created_key` = `<created_at>#<id>`; `#` sorts below every id character. */
const KEY_SEPARATOR = '#';

export interface KeyRange {
  /** Inclusive lower bound of `created_key`. */
  from?: string;
  /** Exclusive upper bound of `created_key`. */
  below?: string;
}

/**
 * The `created_key` range of a page: at or after `createdFrom`, before `createdBefore`, and below
 * the previous page's boundary. An instant `t` bounds keys as the string `t` (every key of a time
 * at or after `t` is at or above it) and `t#` (every key of a time before `t` is below it).
 * Undefined when the range is empty.
 */
export function keyRange(
  query: Pick<ListQuery, 'createdFrom' | 'createdBefore'>,
  boundary: string | undefined,
): KeyRange | undefined {
  const uppers = [
    boundary,
    query.createdBefore === undefined ? undefined : `${query.createdBefore}${KEY_SEPARATOR}`,
  ].filter((key): key is string => key !== undefined);
  const below = uppers.sort().at(0);
  const from = query.createdFrom;
  if (from !== undefined && below !== undefined && below <= from) return undefined;
  return { ...(from !== undefined && { from }), ...(below !== undefined && { below }) };
}

/**
 * A short digest of the filters a listing applies besides its index and value, for its paging
 * tokens: a token only works with the filters it was made for. Undefined without such filters
 * (tokens then look as they always did).
 */
export function filterDigest(filters: {
  status?: string;
  namePrefix?: string;
  createdFrom?: string;
  createdBefore?: string;
}): string | undefined {
  const { status, namePrefix, createdFrom, createdBefore } = filters;
  if (status === undefined && namePrefix === undefined && createdFrom === undefined && createdBefore === undefined)
    return undefined;
  const canonical = JSON.stringify([status ?? null, namePrefix ?? null, createdFrom ?? null, createdBefore ?? null]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url').slice(0, 22);
}
