/**
 * The words the fan-out item is written in (docs/decisions/0025-fan-out-as-child-executions.md):
 * how children end, how they are counted, how failures are tolerated and what the item holds to
 * join them. Types only, in the domain, so the storage port (src/ports/fan-out-store.ts) and the
 * pure rules (src/engine/fan-out/) speak the same ones.
 */

/**
 * How the children of one fan-out (a map's items, a parallel's branches) have ended so far, as the
 * fan-out item counts them. A child that ended TIMED_OUT counts as failed, as Step Functions
 * counts "failed or timed out" items; a child stopped on its own while its parent runs counts as aborted.
 */
export interface ChildCounts {
  total: number;
  succeeded: number;
  failed: number;
  aborted: number;
}

/** How one child ended; absent while it has not ended (or was never started). */
export type ChildEnd = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A map's tolerated failures, as Step Functions defines them (src/engine/fan-out/tolerated-failures.ts). */
export interface FailureTolerance {
  /** `tolerated_failure_count`: a whole number >= 0. */
  count?: number;
  /** `tolerated_failure_percentage`: 0 to 100, fractions allowed (Step Functions takes a float). */
  percentage?: number;
}

/** How a fan-out treats failed children: a parallel fails on the first; a map may tolerate some. */
export type FailureMode = { kind: 'parallel' } | { kind: 'map'; tolerance?: FailureTolerance };

/** The error of the child whose end decided the join (the first failure the fan-out item recorded). */
export interface ChildFailure {
  index: number;
  error: string;
  cause?: string;
}

export type JoinDecision =
  | { status: 'running' }
  | { status: 'succeeded' }
  /** `index` is the child whose error the fan-out fails with; absent for a threshold exceeded. */
  | { status: 'failed'; error: string; cause?: string; index?: number };

export type FanOutStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTING' | 'ABORTED';

/**
 * What the fan-out item holds to join its children: which index each slot runs, the start cursor,
 * the counts and the first failure. Its size follows the slots, never the item count.
 */
export interface FanOutProgress {
  status: FanOutStatus;
  mode: FailureMode;
  /**
   * Slot number → the index of the child running in it (an index >= total: the slot is idle).
   * After a redrive, a value standing for an index (the FanOutStore port's `childIndex`).
   */
  slots: ReadonlyMap<number, number>;
  /** The next index a freed slot takes. */
  nextIndex: number;
  counts: ChildCounts;
  firstFailure?: ChildFailure;
  /** Redrives of this fan-out so far: a child started before the latest one reports under an older generation. */
  generation: number;
}

/** A child's end, as its invocation reports it: its generation, slot and index, how it ended, and its error. */
export interface ChildReport {
  generation: number;
  slot: number;
  /** The value the child's slot runs: its index, or after a redrive the walk value standing for it. */
  index: number;
  /** The child's index when `index` is a walk value (after a redrive): its failure names this one. */
  item?: number;
  end: ChildEnd;
  error?: string;
  cause?: string;
}
