import { ErrorCode } from '../../domain/error-codes';
import type {
  ChildCounts,
  ChildEnd,
  ChildFailure,
  ChildReport,
  FailureMode,
  FanOutProgress,
  JoinDecision,
} from '../../domain/fan-out/fan-out-progress';
import { nextToStart } from './concurrency-window';
import { joinDecision } from './join-decision';

/** Declared in the domain, so the storage port can name them too (src/ports/fan-out-store.ts). */
export type { ChildReport, FanOutProgress, FanOutStatus } from '../../domain/fan-out/fan-out-progress';

/** A fan-out at its entry: the first indexes in their slots, to be started now. */
export function openFanOut(
  total: number,
  maxConcurrency: number,
  mode: FailureMode,
): { progress: FanOutProgress; toStart: number[] } {
  const { toStart } = nextToStart({ total, maxConcurrency, started: 0, ended: 0 });
  const progress: FanOutProgress = {
    status: 'RUNNING',
    mode,
    slots: new Map(toStart.map((index, slot) => [slot, index])),
    nextIndex: toStart.length,
    counts: { total, succeeded: 0, failed: 0, aborted: 0 },
    generation: 0,
  };
  return { progress, toStart };
}

export type ReportOutcome =
  /** Its slot no longer runs its index, or it ran before a redrive: this end was counted already (a duplicate or late report). */
  | { applied: false }
  | {
      applied: true;
      progress: FanOutProgress;
      /** The index its slot took, to start now (absent: none left, or the fan-out no longer runs). */
      start?: number;
      /** The join as the counts now decide it: the reporter tries the join when it is no longer running. */
      decision: JoinDecision;
    };

/**
 * One child's end, counted once: applied only while the child's slot still runs its index in the
 * same generation (the update's condition); the slot then takes the next index, whatever the fan-out's status (a
 * stopped or joined fan-out starts nothing, but its counts stay true for the views).
 */
export function reportEnd(progress: FanOutProgress, report: ChildReport): ReportOutcome {
  if (progress.generation !== report.generation || progress.slots.get(report.slot) !== report.index)
    return { applied: false };
  const failed = report.end === 'FAILED' || report.end === 'TIMED_OUT';
  const counts: ChildCounts = {
    ...progress.counts,
    succeeded: progress.counts.succeeded + (report.end === 'SUCCEEDED' ? 1 : 0),
    failed: progress.counts.failed + (failed ? 1 : 0),
    aborted: progress.counts.aborted + (report.end === 'ABORTED' ? 1 : 0),
  };
  const firstFailure = progress.firstFailure ?? failureOf(report);
  const taken = progress.nextIndex;
  const next: FanOutProgress = {
    ...progress,
    slots: new Map(progress.slots).set(report.slot, taken),
    nextIndex: taken + 1,
    counts,
    ...(firstFailure && { firstFailure }),
  };
  return {
    applied: true,
    progress: next,
    ...(taken < counts.total && progress.status === 'RUNNING' && { start: taken }),
    decision: joinDecision(counts, progress.mode, firstFailure),
  };
}

/** The failure a child's end records when it is the fan-out's first; none for a success. */
export const failureOf = (report: ChildReport): ChildFailure | undefined =>
  report.end === 'SUCCEEDED'
    ? undefined
    : {
        index: report.item ?? report.index,
        error: report.error ?? endCode(report.end),
        ...(report.cause !== undefined && { cause: report.cause }),
      };

/** The join: applied once, only while the fan-out runs and its counts decide it. */
export function applyJoin(
  progress: FanOutProgress,
):
  | { applied: false }
  | { applied: true; progress: FanOutProgress; decision: Exclude<JoinDecision, { status: 'running' }> } {
  if (progress.status !== 'RUNNING') return { applied: false };
  const decision = joinDecision(progress.counts, progress.mode, progress.firstFailure);
  if (decision.status === 'running') return { applied: false };
  return {
    applied: true,
    progress: { ...progress, status: decision.status === 'succeeded' ? 'SUCCEEDED' : 'FAILED' },
    decision,
  };
}

/** The error of a child that ended without one of its own: as its execution's error code would read. */
const endCode = (end: Exclude<ChildEnd, 'SUCCEEDED'>): string =>
  end === 'ABORTED' ? ErrorCode.Aborted : end === 'TIMED_OUT' ? ErrorCode.Timeout : ErrorCode.FailedWithoutCode;
