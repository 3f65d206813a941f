import type { Execution, StepRecord } from '../domain/execution/execution';
import type { FanOutProgress } from '../domain/fan-out/fan-out-progress';
import type { ExecutionStatus } from '../domain/statuses';
import { cutDetail } from './history-detail';

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

/** A run's start, by its event type: what the per-child events follow. */
export const isRunStart = (type: string): boolean => type === NAMES.map.started || type === NAMES.parallel.started;

/** Each child's start and end in its parent's history, by the fan-out's kind. */
export const CHILD_EVENT_NAMES = {
  map: {
    started: 'MapIterationStarted',
    succeeded: 'MapIterationSucceeded',
    failed: 'MapIterationFailed',
    aborted: 'MapIterationAborted',
  },
  parallel: {
    started: 'ParallelBranchStarted',
    succeeded: 'ParallelBranchSucceeded',
    failed: 'ParallelBranchFailed',
    aborted: 'ParallelBranchAborted',
  },
} as const;

type ChildEventNames = (typeof CHILD_EVENT_NAMES)[keyof typeof CHILD_EVENT_NAMES];
export type ChildEventType = ChildEventNames[keyof ChildEventNames];

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

/** One child's event, with its place among its fan-out's child events: 2 × index, + 1 for its end. */
export interface ChildEvent {
  place: number;
  type: ChildEventType;
  time: string;
  detail: Record<string, unknown>;
}

/** How a child's status ends it in its parent's history (a timed-out child failed, as the fan-out counts it). */
const END_BY_STATUS: Partial<Record<ExecutionStatus, 'succeeded' | 'failed' | 'aborted'>> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'failed',
  ABORTED: 'aborted',
  CANCELLED: 'aborted',
};

/**
 * A child's events, from its head alone: its start (at its `started_at`) once it exists, and its
 * end (at its `completed_at`) once it ended, a failure or a stop with its error code as `error`
 * and its message as `cause`. A child never started (no head) tells nothing.
 */
export function childEvents(
  kind: FanOutRun['kind'],
  index: number,
  executionId: string,
  child: Execution | undefined,
): ChildEvent[] {
  if (!child) return [];
  const names = CHILD_EVENT_NAMES[kind];
  const who = { index, execution_id: executionId };
  const events: ChildEvent[] = [
    { place: 2 * index, type: names.started, time: child.started_at ?? child.created_at, detail: who },
  ];
  const end = END_BY_STATUS[child.status];
  if (end)
    events.push({
      place: 2 * index + 1,
      type: names[end],
      time: child.completed_at ?? child.started_at ?? child.created_at,
      detail: {
        ...who,
        ...(end !== 'succeeded' && child.reason !== undefined && { error: child.reason }),
        ...(end !== 'succeeded' && child.error !== undefined && { cause: cutDetail(child.error) }),
      },
    });
  return events;
}
