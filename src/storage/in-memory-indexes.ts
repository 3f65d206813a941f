import type { StepPage, StepRecord } from '../domain/execution';
import { type ExecutionCounts, tallyStatuses } from '../domain/saved-flow';
import type { ActivePage, ListPage, ListQuery, StepPageQuery, SweepPosition } from './execution-store';
import type { InMemoryTable } from './in-memory-table';
import { itemToStep, itemToSummary, stepRecordBytes } from './item-mapping';
import { filterDigest, keyRange } from './list-conditions';
import { decodeListToken, encodeListToken } from './list-token';
import { encodeStepToken } from './step-token';
import { type ExecutionItem, keys, LIST_PARTITION, SHARDS, TABLE } from './table-schema';

/**
 * The reads the DynamoDB store makes through its sparse indexes (list, counts, the sweep's running
 * executions, the timers' due steps) and its step pages, answered from the in-memory heads with
 * the same keys, order, bounds and paging tokens.
 */

/** Newest first, like src/storage/list-executions.ts: the same index choice, filters and tokens. */
export function listHeads(table: InMemoryTable, query: ListQuery): ListPage {
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
  const partitions = new Set(keys.allShards(value));
  const matching = table
    .allHeads()
    .filter((h) => partitions.has(h[index.partitionKey]))
    .filter((h) => (range.from === undefined || h.created_key >= range.from) && (range.below === undefined || h.created_key < range.below))
    .filter((h) => filterStatus === undefined || h.status === filterStatus)
    .filter((h) => query.namePrefix === undefined || h.name?.startsWith(query.namePrefix))
    .sort(newestFirst);
  const items = matching.slice(0, query.limit);
  const more = matching.length > query.limit;
  return { items: items.map(itemToSummary), ...(more && { nextToken: encodeListToken(scope, items.at(-1)!.created_key) }) };
}

/** Statuses of the newest `perShardLimit` executions per shard of by_flow (see execution-counts.ts). */
export function countHeads(table: InMemoryTable, flowId: string, perShardLimit: number): ExecutionCounts {
  const heads = table.allHeads().sort(newestFirst);
  const shards = keys.allShards(flowId).map((partition) => heads.filter((h) => h.flow_shard === partition));
  // A shard read up to its limit may have more (DynamoDB then answers a LastEvaluatedKey).
  return {
    counts: tallyStatuses(shards.flatMap((s) => s.slice(0, perShardLimit).map((h) => h.status))),
    complete: shards.every((s) => s.length < perShardLimit),
  };
}

/** One page of one RUNNING shard of by_status, oldest first, going on after `position.after`. */
export function activeHeads(table: InMemoryTable, position: SweepPosition, limit: number): ActivePage {
  const partition = keys.runningShards()[position.shard % SHARDS]!;
  const after = position.after?.created_key as string | undefined;
  const page = table
    .allHeads()
    .filter((h) => h.status_shard === partition && (after === undefined || h.created_key > after))
    .sort((a, b) => -newestFirst(a, b))
    .slice(0, limit);
  const last = page.at(-1);
  // Like a Query that stopped at its Limit: a full page says where to go on, even if nothing follows.
  const lastKey = page.length === limit && last ? { pk: last.pk, sk: last.sk, status_shard: last.status_shard, created_key: last.created_key } : undefined;
  return { executionIds: page.map((h) => h.execution_id), ...(lastKey && { after: lastKey }) };
}

/** Executions of one shard of by_due whose waiting step is due by `dueBy`, oldest first. */
export function dueHeads(table: InMemoryTable, shard: number, dueBy: string, limit: number): string[] {
  const partition = keys.dueShards()[shard % SHARDS]!;
  const upTo = `${dueBy}#~`;
  return table
    .allHeads()
    .filter((h): h is ExecutionItem & { due_key: string } => h.due_shard === partition && h.due_key !== undefined && h.due_key < upTo)
    .sort((a, b) => (a.due_key < b.due_key ? -1 : a.due_key > b.due_key ? 1 : 0))
    .slice(0, limit)
    .map((h) => h.execution_id);
}

/** Recorded steps `fromSeq..toSeq`, bounded by count and bytes (at least one), as step-history.ts reads them. */
export function stepPageOf(table: InMemoryTable, executionId: string, q: StepPageQuery): StepPage {
  const steps: StepRecord[] = [];
  if (q.fromSeq > q.toSeq) return { steps };
  let bytes = 0;
  let lastSeq = q.fromSeq - 1;
  const next = () => (lastSeq < q.toSeq ? { nextToken: encodeStepToken(executionId, lastSeq + 1) } : {});
  for (const item of table.stepRange(executionId, q.fromSeq, q.toSeq)) {
    const step = itemToStep(item);
    const size = stepRecordBytes(step);
    if (steps.length > 0 && bytes + size > q.maxBytes) return { steps, ...next() };
    bytes += size;
    steps.push(step);
    lastSeq = step.seq;
    if (steps.length >= q.limit) return { steps, ...next() };
  }
  return { steps };
}

const newestFirst = (a: ExecutionItem, b: ExecutionItem) => (a.created_key < b.created_key ? 1 : a.created_key > b.created_key ? -1 : 0);
