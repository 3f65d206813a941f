import type { Execution } from '../domain/execution/execution';
import type { ExecutionStatus } from '../domain/statuses';
import { cutDetail } from './history-detail';

/** A `start_flow` step's child in its parent's history (docs/child-flows.md, "In the parent's history"). */
export type ChildFlowEventType =
  | 'ChildExecutionStarted'
  | 'ChildExecutionSucceeded'
  | 'ChildExecutionFailed'
  | 'ChildExecutionTimedOut'
  | 'ChildExecutionAborted';

/**
 * What a `start_flow` step's child events are read from: the child's head (read by its key, one
 * read per step shown), and whether the step waited for it (`wait: true`, a fan-out's one child
 * whose end the step took) or started it and went on.
 */
export interface ChildFlowRun {
  child: Execution;
  waited: boolean;
}

export interface ChildFlowEvent {
  type: ChildFlowEventType;
  time: string;
  detail: Record<string, unknown>;
}

/** How a waited child's status ends it in its parent's history; a status not here has not ended it. */
const END_BY_STATUS: Partial<Record<ExecutionStatus, ChildFlowEventType>> = {
  SUCCEEDED: 'ChildExecutionSucceeded',
  FAILED: 'ChildExecutionFailed',
  TIMED_OUT: 'ChildExecutionTimedOut',
  ABORTED: 'ChildExecutionAborted',
  CANCELLED: 'ChildExecutionAborted',
};

/**
 * The child's events, from its head alone: its start (at its `started_at`), with its id, flow and
 * the saved flow's version; and, for a waited child that ended, its end (at its `completed_at`),
 * a failure, a timeout or a stop with its error code as `error` and its message as `cause`, cut as
 * other events' are. A child started without waiting runs on its own: its parent's history tells
 * only its start (its own history tells the rest).
 */
export function childFlowEvents({ child, waited }: ChildFlowRun): ChildFlowEvent[] {
  const who = { child_execution_id: child.execution_id };
  const events: ChildFlowEvent[] = [
    {
      type: 'ChildExecutionStarted',
      time: child.started_at ?? child.created_at,
      detail: {
        ...who,
        flow_id: child.flow_id,
        ...(child.flow_version !== undefined && { flow_version: child.flow_version }),
        wait: waited,
      },
    },
  ];
  const end = waited ? END_BY_STATUS[child.status] : undefined;
  if (end)
    events.push({
      type: end,
      time: child.completed_at ?? child.started_at ?? child.created_at,
      detail: {
        ...who,
        ...(end !== 'ChildExecutionSucceeded' && child.reason !== undefined && { error: cutDetail(child.reason) }),
        ...(end !== 'ChildExecutionSucceeded' && child.error !== undefined && { cause: cutDetail(child.error) }),
      },
    });
  return events;
}

/** The child's events at the step of a parent's head (its cursor step), with ids from `firstId` on; none before the child was put. */
export const childFlowEventsAt = (
  firstId: number,
  at: { task?: string; step?: number },
  run: ChildFlowRun | undefined,
) =>
  run
    ? childFlowEvents(run).map((e, k) => ({
        id: firstId + k,
        type: e.type,
        time: e.time,
        task: at.task,
        step: at.step,
        detail: e.detail,
      }))
    : [];
