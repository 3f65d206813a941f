import type { ChildCounts, ChildEnd } from './fan-out-counts';

/** A child as a redrive sees it: its index, and how it ended (absent if it never started or never ended). */
export interface ChildSeen {
  index: number;
  end?: ChildEnd;
}

/**
 * The indexes a redrive runs again within `[from, to)`, in order: every index whose child did not
 * succeed, a child that never started included, as Step Functions redrives a Map Run (only the
 * unsuccessful child executions run again) and a Parallel (only its unsuccessful branches).
 * `children` is one page of children read by index; an index it does not mention never started.
 * Paged, so a redrive of 10,000 items never holds them all.
 */
export function indexesToRerun(children: Iterable<ChildSeen>, from: number, to: number): number[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from)
    throw new RangeError(`not an index range: [${from}, ${to})`);
  const succeeded = new Set<number>();
  const seen = new Set<number>();
  for (const child of children) {
    if (!Number.isSafeInteger(child.index) || child.index < from || child.index >= to)
      throw new RangeError(`child index ${child.index} is outside [${from}, ${to})`);
    if (seen.has(child.index)) throw new RangeError(`child index ${child.index} is listed twice`);
    seen.add(child.index);
    if (child.end === 'SUCCEEDED') succeeded.add(child.index);
  }
  const rerun: number[] = [];
  for (let index = from; index < to; index++) if (!succeeded.has(index)) rerun.push(index);
  return rerun;
}

/** The fan-out item's counts as a redrive resets them: succeeded children stay counted, the others run again. */
export const countsAfterRedrive = (counts: ChildCounts): ChildCounts => ({
  total: counts.total,
  succeeded: counts.succeeded,
  failed: 0,
  aborted: 0,
});
