import type { StepRecord } from '../domain/execution/execution';
import type { FanOutProgress } from '../domain/fan-out/fan-out-progress';

/** What a fan-out's history events are read from: a fan-out item (src/ports/fan-out-store.ts's FanOut) has these. */
export type FanOutRun = Pick<FanOutProgress, 'status' | 'counts' | 'firstFailure'> & {
  kind: 'map' | 'parallel';
  maxConcurrency: number;
};

export type FanOutEventType =
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed';

const NAMES = {
  map: { started: 'MapRunStarted', succeeded: 'MapRunSucceeded', failed: 'MapRunFailed' },
  parallel: { started: 'ParallelStateStarted', succeeded: 'ParallelStateSucceeded', failed: 'ParallelStateFailed' },
} as const;

interface FanOutEvent {
  type: FanOutEventType;
  time: string;
  detail: Record<string, unknown>;
}

/**
 * The run's start, with its size, at its step's start (the fan-out item keeps no time of its own:
 * with 100 slots it stays under 1 KB, one write unit per child's report, with nothing to spare).
 */
export function fanOutStarted(run: FanOutRun, stepStartedAt: string): FanOutEvent {
  return {
    type: NAMES[run.kind].started,
    time: stepStartedAt,
    detail: {
      total: run.counts.total,
      ...(run.kind === 'map' && { max_concurrency: run.maxConcurrency }),
    },
  };
}

/**
 * The run's end, as its fan-out item was joined (a map whose children all succeeded, or whose
 * failures it tolerated, succeeded even if its step then failed, e.g. on its results' size):
 * with the children's counts, and on a failure the error of the child that decided it.
 */
export function fanOutEnded(run: FanOutRun, step: StepRecord): FanOutEvent {
  const { total, succeeded, failed, aborted } = run.counts;
  const ok = run.status === 'SUCCEEDED';
  return {
    type: ok ? NAMES[run.kind].succeeded : NAMES[run.kind].failed,
    time: step.completed_at,
    detail: {
      total,
      succeeded,
      failed,
      aborted,
      ...(!ok && run.firstFailure && { failed_index: run.firstFailure.index, error: run.firstFailure.error }),
    },
  };
}
