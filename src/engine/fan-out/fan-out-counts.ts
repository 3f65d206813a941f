import type { ChildCounts } from '../../domain/fan-out/fan-out-progress';

/** Declared in the domain, so the storage port can name them too (src/ports/fan-out-store.ts). */
export type { ChildCounts, ChildEnd } from '../../domain/fan-out/fan-out-progress';

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
