import { effectiveConcurrency } from '../engine/fan-out/concurrency-window';
import type { FanOut } from '../ports/fan-out-store';
import type { FanOutItem } from './fan-out-items';
import { keys } from './table-schema';

/**
 * How a redrive's slots walk the indexes it runs again, with the report's one update unchanged
 * (a freed slot takes `next_index`, a value past the last leaves it idle): the `r` indexes to rerun
 * are listed in pages, and the walk's values are `total − r … total − 1`, value v standing for the
 * rerun index at position `v − (total − r)`. Generation 0 walks 0 … total − 1, each value its own
 * index. So `start` and a report's `index` are walk values, which `childIndex` turns into indexes;
 * the fan-out item gains only `reruns` (r), and its size still follows the slots alone.
 */
export interface RerunPageItem {
  pk: string;
  sk: string;
  first_position: number;
  /** The indexes at positions first_position … as one JSON array of numbers. */
  indexes_json: string;
  expires_at: number;
}

/** Indexes per rerun page: 450 of up to 7 digits and a comma keep a page under 4 KB, one read unit. */
export const RERUN_PAGE_INDEXES = 450;
/** One redrive's pages and the fan-out item's update are one transaction (at most 100 writes). */
export const MAX_RERUNS = 99 * RERUN_PAGE_INDEXES;

export interface RedriveWrites {
  pages: RerunPageItem[];
  /** The fan-out item's attributes after the redrive (the first failure removed). */
  set: Pick<FanOutItem, 'status' | 'generation' | 'slots' | 'next_index' | 'succeeded' | 'failed' | 'aborted'> & {
    reruns: number;
    resumed_by: number;
  };
  /** The walk values in the slots, to start (each through `childIndex`). */
  toStart: number[];
}

/**
 * What a redrive of an ended fan-out writes: generation + 1, RUNNING, the rerun indexes in pages,
 * the first of them in the slots; every child not rerun counts as succeeded (it is, as read by the
 * caller from the children themselves), failed and aborted back to 0 (redrive-indexes.ts).
 */
export function redriveWrites(
  fanOut: FanOut,
  rerun: readonly number[],
  expiresAt: number,
  resumedBy: number,
): RedriveWrites {
  const total = fanOut.counts.total;
  checkRerun(rerun, total);
  const generation = fanOut.generation + 1;
  const pages: RerunPageItem[] = [];
  for (let first = 0; first < rerun.length; first += RERUN_PAGE_INDEXES) {
    pages.push({
      ...keys.rerunPage(fanOut.parentId, fanOut.seq, generation, first),
      first_position: first,
      indexes_json: JSON.stringify(rerun.slice(first, first + RERUN_PAGE_INDEXES)),
      expires_at: expiresAt,
    });
  }
  const from = total - rerun.length;
  const slots = Array.from(
    { length: Math.min(effectiveConcurrency(fanOut.maxConcurrency), rerun.length) },
    (_, slot) => from + slot,
  );
  return {
    pages,
    set: {
      status: 'RUNNING',
      generation,
      slots,
      next_index: from + slots.length,
      succeeded: from,
      failed: 0,
      aborted: 0,
      reruns: rerun.length,
      resumed_by: resumedBy,
    },
    toStart: slots,
  };
}

/** The fan-out as a redrive's writes leave it (what reading it back would give). */
export function afterRedrive(fanOut: FanOut, writes: RedriveWrites, at: string): FanOut {
  const { firstFailure: _cleared, ...kept } = fanOut;
  const { set } = writes;
  return {
    ...kept,
    status: set.status,
    generation: set.generation,
    slots: new Map(set.slots.map((value, slot) => [slot, value])),
    nextIndex: set.next_index,
    counts: { total: fanOut.counts.total, succeeded: set.succeeded, failed: set.failed, aborted: set.aborted },
    reruns: set.reruns,
    resumedBy: set.resumed_by,
    updatedAt: at,
  };
}

/** Where walk value `value` stands in the rerun list (undefined: generation 0, where it is the index itself). */
export function rerunPosition(fanOut: FanOut, value: number): { page: number; offset: number } | undefined {
  if (!Number.isSafeInteger(value) || value < 0 || value >= fanOut.counts.total)
    throw new RangeError(`fan-out ${fanOut.parentId}/${fanOut.seq} walks no value ${value}`);
  if (fanOut.reruns === undefined) return undefined;
  const position = value - (fanOut.counts.total - fanOut.reruns);
  if (position < 0) throw new RangeError(`value ${value} is before the walk of generation ${fanOut.generation}`);
  return { page: position - (position % RERUN_PAGE_INDEXES), offset: position % RERUN_PAGE_INDEXES };
}

/** The index at `offset` of a rerun page. */
export function indexInPage(page: RerunPageItem | undefined, offset: number, fanOut: FanOut): number {
  const index = page && (JSON.parse(page.indexes_json) as number[])[offset];
  if (index === undefined) throw new Error(`fan-out ${fanOut.parentId}/${fanOut.seq} has no rerun page for this value`);
  return index;
}

function checkRerun(rerun: readonly number[], total: number): void {
  if (rerun.length === 0) throw new RangeError('a redrive must run at least one child again');
  if (rerun.length > MAX_RERUNS) throw new RangeError(`a redrive runs at most ${MAX_RERUNS} children again`);
  rerun.forEach((index, i) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= total || (i > 0 && index <= rerun[i - 1]!))
      throw new RangeError(`the indexes to run again must rise strictly within 0..${total - 1}, got ${index}`);
  });
}
