import { ErrorCode } from '../../domain/error-codes';
import { assertCounts, type ChildCounts, endedChildren } from './fan-out-counts';
import type { ChildFailure, FailureMode, JoinDecision } from '../../domain/fan-out/fan-out-progress';
import { toleratedFailures } from './tolerated-failures';

/** Declared in the domain, so the storage port can name them too (src/ports/fan-out-store.ts). */
export type { ChildFailure, FailureMode, JoinDecision } from '../../domain/fan-out/fan-out-progress';

/**
 * Whether a fan-out is over, from its counts alone (the fan-out item's counters; the parent's head
 * holds none). As Step Functions: a failed branch fails a Parallel with that branch's error; a
 * failed item fails a Map with that item's error, unless tolerated failures are set, and then the
 * Map fails only once they are exceeded, with `States.ExceedToleratedFailureThreshold`; with
 * tolerated failures set, a Map whose failures never exceed them succeeds once every item ended
 * (the failed items' outputs are their error objects, see ordered-results.ts). A child aborted on
 * its own while its parent runs fails the fan-out like a failed one (`States.Aborted`); it has no
 * output to gather. A fan-out of no children (a map over `[]`) succeeds at once.
 * Decided as soon as it can be: the fan-out fails on the failure that decides it, without waiting
 * for the children still running (the parent then aborts them).
 */
export function joinDecision(counts: ChildCounts, mode: FailureMode, firstFailure?: ChildFailure): JoinDecision {
  assertCounts(counts);
  const failures = counts.failed + counts.aborted;
  const tolerance = mode.kind === 'map' ? toleratedFailures(counts.total, mode.tolerance) : { max: 0, named: false };
  if (failures > tolerance.max) {
    if (tolerance.named) {
      return {
        status: 'failed',
        error: ErrorCode.ExceedToleratedFailureThreshold,
        cause: `${failures} of ${counts.total} items failed; the map tolerates ${tolerance.max}`,
      };
    }
    if (!firstFailure) throw new RangeError('a fan-out with a failed child must say which child failed first');
    return {
      status: 'failed',
      index: firstFailure.index,
      error: firstFailure.error,
      ...(firstFailure.cause !== undefined && { cause: firstFailure.cause }),
    };
  }
  return endedChildren(counts) === counts.total ? { status: 'succeeded' } : { status: 'running' };
}
