/**
 * How the children of one fan-out (a map's items, a parallel's branches) have ended so far, as the
 * fan-out item counts them (docs/decisions/0025-fan-out-as-child-executions.md). A child that
 * ended TIMED_OUT counts as failed, as Step Functions counts "failed or timed out" items; a child
 * stopped on its own while its parent runs counts as aborted.
 */
export interface ChildCounts {
  total: number;
  succeeded: number;
  failed: number;
  aborted: number;
}

/** How one child ended; absent while it has not ended (or was never started). */
export type ChildEnd = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Children that have ended, whatever the outcome. */
export const endedChildren = (counts: ChildCounts): number => counts.succeeded + counts.failed + counts.aborted;

/** Throws on counts no fan-out can have: a counting bug must not pass for a decision. */
export function assertCounts(counts: ChildCounts): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`fan-out ${name} must be a whole number >= 0, got ${value}`);
  }
  if (endedChildren(counts) > counts.total) {
    throw new RangeError(`fan-out counts ${endedChildren(counts)} ended children of ${counts.total}`);
  }
}
