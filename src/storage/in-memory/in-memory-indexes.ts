import type { StepPage } from '../../domain/execution/execution';
import { type ExecutionCounts, tallyStatuses } from '../../domain/saved-flow/saved-flow';
import type { ActivePage, ListPage, ListQuery, StepPageQuery, SweepPosition } from '../../ports/execution-store';
import type { InMemoryTable } from './in-memory-table';
import { itemToStep, itemToSummary } from '../item-mapping';
import { listPlan } from '../list-plan';
import { encodeListToken } from '../list-token';
import { StepPageBuilder } from '../step-page';
import { type ExecutionItem, keys, SHARDS } from '../table-schema';

/**
 * The reads the DynamoDB store makes through its sparse indexes (list, counts, the sweep's running
 * executions, the timers' due steps) and its step pages, answered from the in-memory heads with
 * the same keys, order, bounds and paging tokens.
 */

type ListedHead = ExecutionItem & { created_key: string };

/**
 * The heads the sorted indexes (by_created, by_status, by_flow) hold: as in DynamoDB, an item is in
 * an index only when it has the index's keys, and a child execution has no `created_key`.
 */
const listedHeads = (table: InMemoryTable): ListedHead[] =>
  table.allHeads().filter((h): h is ListedHead => h.created_key !== undefined);

/** Newest first, like src/storage/dynamo/dynamo-list-executions.ts: the same index choice, filters and tokens. */
export function listHeads(table: InMemoryTable, query: ListQuery): ListPage {
  const plan = listPlan(query);
  if (!plan) return { items: [] };
  const { index, value, filterStatus, scope, range } = plan;
  const partitions = new Set(keys.allShards(value));
  const matching = listedHeads(table)
    .filter((h) => partitions.has(h[index.partitionKey] ?? ''))
    .filter(
      (h) =>
        (range.from === undefined || h.created_key >= range.from) &&
        (range.below === undefined || h.created_key < range.below),
    )
    .filter((h) => filterStatus === undefined || h.status === filterStatus)
    .filter((h) => query.namePrefix === undefined || h.name?.startsWith(query.namePrefix))
    .sort(newestFirst);
  const items = matching.slice(0, query.limit);
  const more = matching.length > query.limit;
  return {
    items: items.map(itemToSummary),
    ...(more && { nextToken: encodeListToken(scope, items.at(-1)!.created_key) }),
  };
}

/** Statuses of the newest `perShardLimit` executions per shard of by_flow (see execution-counts.ts). */
export function countHeads(table: InMemoryTable, flowId: string, perShardLimit: number): ExecutionCounts {
  const heads = listedHeads(table).sort(newestFirst);
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
  const page = listedHeads(table)
    .filter((h) => h.status_shard === partition && (after === undefined || h.created_key > after))
    .sort((a, b) => -newestFirst(a, b))
    .slice(0, limit);
  const last = page.at(-1);
  // Like a Query that stopped at its Limit: a full page says where to go on, even if nothing follows.
  const lastKey =
    page.length === limit && last
      ? { pk: last.pk, sk: last.sk, status_shard: last.status_shard, created_key: last.created_key }
      : undefined;
  return { executionIds: page.map((h) => h.execution_id), ...(lastKey && { after: lastKey }) };
}

/** Executions of one shard of by_due whose waiting step is due by `dueBy`, oldest first. */
export function dueHeads(table: InMemoryTable, shard: number, dueBy: string, limit: number): string[] {
  const partition = keys.dueShards()[shard % SHARDS]!;
  const upTo = `${dueBy}#~`;
  return table
    .allHeads()
    .filter(
      (h): h is ExecutionItem & { due_key: string } =>
        h.due_shard === partition && h.due_key !== undefined && h.due_key < upTo,
    )
    .sort((a, b) => (a.due_key < b.due_key ? -1 : a.due_key > b.due_key ? 1 : 0))
    .slice(0, limit)
    .map((h) => h.execution_id);
}

/** Recorded steps `fromSeq..toSeq`, bounded by count and bytes (at least one), as step-history.ts reads them. */
export function stepPageOf(table: InMemoryTable, executionId: string, q: StepPageQuery): StepPage {
  const page = new StepPageBuilder(executionId, q);
  if (page.empty) return page.page();
  for (const item of table.stepRange(executionId, q.fromSeq, q.toSeq)) {
    if (!page.add(itemToStep(item))) break;
  }
  return page.page();
}

const newestFirst = (a: ListedHead, b: ListedHead) =>
  a.created_key < b.created_key ? 1 : a.created_key > b.created_key ? -1 : 0;
