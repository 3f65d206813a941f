import { createHash } from 'node:crypto';
import { truncateUtf8 } from '../domain/execution/execution-state';
import type { ChildReport, FailureMode, FanOutProgress } from '../domain/fan-out/fan-out-progress';
import { openFanOut } from '../engine/fan-out/fan-out-report';
import type { FanOut, FanOutOpening, ItemPage } from '../ports/fan-out-store';
import { keys } from './table-schema';

/**
 * A fan-out's join (sk FANOUT#…, docs/decisions/0025-fan-out-as-child-executions.md). Its size
 * follows the slots, never the item count: at 100 slots it stays under 1 KB, one write unit per
 * child's report. Children that ended are `succeeded + failed + aborted` (not stored twice).
 */
export interface FanOutItem {
  pk: string;
  sk: string;
  kind: 'map' | 'parallel';
  state_name: string;
  total: number;
  /** As the state says it (0: the engine's bound). */
  max_concurrency: number;
  /** A map's tolerated failures as the state says them; the join computes the whole number from them. */
  tolerated_count?: number;
  tolerated_percentage?: number;
  /**
   * Slot number (the position) → the index of the child running in it; an index >= total: idle. A
   * list, not a map: an element costs its value and 1 byte, a map's its key too (190 bytes at 100
   * slots), and a report still writes and checks just its own (`slots[7]`).
   */
  slots: number[];
  next_index: number;
  succeeded: number;
  failed: number;
  aborted: number;
  /** The first child that did not succeed: its index and error (cut; its cause stays on the child, read by index). */
  first_failure?: { index: number; error: string };
  status: FanOutProgress['status'];
  generation: number;
  /** The content hash of the evaluated items: their pages' sort keys carry it. */
  items_mark: string;
  /** After a redrive: how many children it runs again (src/storage/rerun-walk.ts). */
  reruns?: number;
  /** After a redrive: the parent's step number that resumed the fan-out, which its join hands on. */
  resumed_by?: number;
  updated_at: string;
  expires_at: number;
}

/** Consecutive evaluated items of a fan-out (sk ITEMS#…): written once, at the entry, at most ITEM_PAGE_BYTES. */
export interface ItemPageItem {
  pk: string;
  sk: string;
  first_index: number;
  /** The items as one JSON array. */
  items_json: string;
  expires_at: number;
}

/** A page item's most bytes (DynamoDB's size of the whole item): one read unit, strongly consistent. */
export const ITEM_PAGE_BYTES = 4096;
/**
 * A first failure's error is cut to this in the fan-out item, and its cause left out, so that with
 * 100 slots the item stays under 1 KB (measured in tests/contract/fan-out-store-contract.ts). The
 * failed child's own head and step records keep both whole: the parent reads that child by index.
 */
export const FIRST_FAILURE_ERROR_BYTES = 64;

/** The fan-out item and the item pages an opening writes, and the indexes its slots start with. */
export function openingItems(
  opening: FanOutOpening,
  expiresAt: number,
): { fanOut: FanOutItem; pages: ItemPageItem[]; toStart: number[] } {
  const { parentId, seq, mode, total, items } = opening;
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RangeError(`a fan-out's step number must be a whole number >= 1, got ${seq}`);
  const itemCount = mode.kind === 'map' ? total : 1;
  if (items.length !== itemCount) {
    throw new RangeError(
      mode.kind === 'map'
        ? `a map of ${total} children needs ${total} items, got ${items.length}`
        : `a parallel's branches start from its one input, got ${items.length} items`,
    );
  }
  const { progress, toStart } = openFanOut(total, opening.maxConcurrency, mode);
  const mark = itemsMark(items);
  const tolerance = mode.kind === 'map' ? mode.tolerance : undefined;
  const fanOut: FanOutItem = {
    ...keys.fanOut(parentId, seq),
    kind: mode.kind,
    state_name: opening.stateName,
    total,
    max_concurrency: opening.maxConcurrency,
    ...(tolerance?.count !== undefined && { tolerated_count: tolerance.count }),
    ...(tolerance?.percentage !== undefined && { tolerated_percentage: tolerance.percentage }),
    ...progressFields(progress),
    items_mark: mark,
    updated_at: opening.at,
    expires_at: expiresAt,
  };
  return { fanOut, pages: itemPages(opening, mark, expiresAt), toStart };
}

/** The attributes a change of progress writes (all of them: the in-memory store's updates). */
export function progressFields(
  progress: FanOutProgress,
): Pick<
  FanOutItem,
  'slots' | 'next_index' | 'succeeded' | 'failed' | 'aborted' | 'first_failure' | 'status' | 'generation'
> {
  return {
    slots: Array.from({ length: progress.slots.size }, (_, slot) => {
      const index = progress.slots.get(slot);
      if (index === undefined) throw new RangeError(`fan-out slots must be numbered 0 to ${progress.slots.size - 1}`);
      return index;
    }),
    next_index: progress.nextIndex,
    succeeded: progress.counts.succeeded,
    failed: progress.counts.failed,
    aborted: progress.counts.aborted,
    ...(progress.firstFailure && { first_failure: progress.firstFailure }),
    status: progress.status,
    generation: progress.generation,
  };
}

export function itemToFanOut(item: FanOutItem): FanOut {
  const tolerance = {
    ...(item.tolerated_count !== undefined && { count: item.tolerated_count }),
    ...(item.tolerated_percentage !== undefined && { percentage: item.tolerated_percentage }),
  };
  const mode: FailureMode =
    item.kind === 'parallel'
      ? { kind: 'parallel' }
      : { kind: 'map', ...(Object.keys(tolerance).length > 0 && { tolerance }) };
  return {
    parentId: keys.executionIdOf(item.pk),
    seq: Number(item.sk.slice(item.sk.indexOf('#') + 1)),
    kind: item.kind,
    stateName: item.state_name,
    maxConcurrency: item.max_concurrency,
    status: item.status,
    mode,
    slots: new Map(item.slots.map((index, slot) => [slot, index])),
    nextIndex: item.next_index,
    counts: {
      total: item.total,
      succeeded: item.succeeded,
      failed: item.failed,
      aborted: item.aborted,
    },
    ...(item.first_failure && {
      firstFailure: {
        index: item.first_failure.index,
        error: item.first_failure.error,
      },
    }),
    generation: item.generation,
    itemsMark: item.items_mark,
    ...(item.reruns !== undefined && { reruns: item.reruns }),
    ...(item.resumed_by !== undefined && { resumedBy: item.resumed_by }),
    updatedAt: item.updated_at,
  };
}

/**
 * A report as the fan-out item keeps its failure (error cut, no cause), so both stores count the
 * same one; a slot or an end no report can have is a caller's bug, thrown rather than refused.
 */
export function cutReport(report: ChildReport): ChildReport {
  if (!Number.isSafeInteger(report.slot) || report.slot < 0) throw new RangeError(`not a fan-out slot: ${report.slot}`);
  if (!CHILD_ENDS.includes(report.end)) throw new RangeError(`not how a child ends: ${report.end}`);
  const { cause: _cause, ...kept } = report;
  return {
    ...kept,
    ...(report.error !== undefined && { error: truncateUtf8(report.error, FIRST_FAILURE_ERROR_BYTES).text }),
  };
}

const CHILD_ENDS: ReadonlyArray<ChildReport['end']> = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** How many evaluated items a fan-out stored: a map's, one per child; a parallel's one input. */
export const itemCountOf = (fanOut: Pick<FanOut, 'kind' | 'counts'>): number =>
  fanOut.kind === 'map' ? fanOut.counts.total : 1;

export function checkItemIndex(fanOut: FanOut, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= itemCountOf(fanOut))
    throw new RangeError(`fan-out ${fanOut.parentId}/${fanOut.seq} has no item ${index}`);
}

export const pageOf = (item: ItemPageItem): ItemPage => ({
  first: item.first_index,
  items: JSON.parse(item.items_json) as unknown[],
});

/** A hash of the items' JSON: an evaluation that gave other items (a takeover's) writes other pages. */
const itemsMark = (items: readonly unknown[]): string =>
  createHash('sha256')
    .update(JSON.stringify(items.map(jsonValue)))
    .digest('hex')
    .slice(0, 12);

/**
 * Consecutive items per page, as many as keep the page item within ITEM_PAGE_BYTES, and at least
 * one (an item larger than a page is a page of its own). A page starts at any index, so the pages
 * need no directory: its key carries its first index, and the page holding index i is the one
 * with the greatest key not past i's (one query of one item).
 */
function itemPages(opening: FanOutOpening, mark: string, expiresAt: number): ItemPageItem[] {
  const pk = keys.executionPartition(opening.parentId);
  const fixed =
    Buffer.byteLength(pk) +
    Buffer.byteLength(keys.itemPageSk(opening.seq, mark, 0)) +
    'pkskfirst_indexitems_jsonexpires_at'.length +
    // first_index and expires_at: at most 21 bytes each as DynamoDB sizes numbers.
    2 * 21;
  const budget = ITEM_PAGE_BYTES - fixed;
  const pages: ItemPageItem[] = [];
  let first = 0;
  let parts: string[] = [];
  let bytes = 2;
  const close = () => {
    pages.push({
      pk,
      sk: keys.itemPageSk(opening.seq, mark, first),
      first_index: first,
      items_json: `[${parts.join(',')}]`,
      expires_at: expiresAt,
    });
    first += parts.length;
    parts = [];
    bytes = 2;
  };
  for (const item of opening.items) {
    const json = JSON.stringify(jsonValue(item));
    const size = Buffer.byteLength(json) + (parts.length > 0 ? 1 : 0);
    if (parts.length > 0 && bytes + size > budget) close();
    bytes += Buffer.byteLength(json) + (parts.length > 0 ? 1 : 0);
    parts.push(json);
  }
  if (parts.length > 0) close();
  return pages;
}

/** An absent item is JSON null, as the history shows an absent output. */
const jsonValue = (item: unknown): unknown => (item === undefined ? null : item);
