import { type Execution, isParkedAtJoin } from '../domain/execution/execution';
import { type StepMessage, cursorMessage } from '../domain/execution/step-message';
import { isPastDeadline } from './execution-deadline';

export type RecoveryAction =
  | { action: 'dispatch'; message: StepMessage; why: 'never_claimed' | 'lease_expired' | 'fan_out_check' }
  /** Past the flow's own deadline while a step runs (or nothing was due to notice): time it out. */
  | { action: 'time_out'; why: 'deadline_passed' };

/**
 * Whether a RUNNING execution has stalled at `nowMs`, and what puts it back on track. Pure; reads
 * only the head, so it costs the same whatever the execution's length.
 * - its cursor step was handed on `graceMs` ago and never claimed (a lost or failed invoke) →
 *   dispatch it again;
 * - its cursor step is claimed past the lease (the invocation died or hung) → dispatch it again;
 *   the step handler takes it over as the next attempt, or fails it with `step_crashed` once it
 *   was taken over too often.
 * - it ran past the flow's own deadline → time it out (a step still running then records its
 *   result without moving the execution).
 * Re-dispatching is always safe: a step that is in fact running or done turns the copy into a no-op.
 */
export function stallDecision(execution: Execution, nowMs: number, graceMs: number): RecoveryAction | undefined {
  const { cursor, claim } = execution;
  if (execution.status !== 'RUNNING' || !cursor) return undefined;
  if (isPastDeadline(execution, nowMs)) return { action: 'time_out', why: 'deadline_passed' };
  const message = cursorMessage(execution.execution_id, cursor, execution.definition_hash);
  if (claim) return nowMs > claim.lease_expires_at ? { action: 'dispatch', message, why: 'lease_expired' } : undefined;
  // A step waiting for its time (a durable wait, a retry's backoff) is stalled only once it is due and still unclaimed.
  const since = Math.max(
    Date.parse(execution.dispatched_at ?? execution.started_at ?? execution.created_at),
    cursor.due_at ? Date.parse(cursor.due_at) : 0,
  );
  if (nowMs - since <= graceMs) return undefined;
  // A step parked at its fan-out's join (a start time, no due time) is not stalled: it is handed on
  // so that it checks its children, which are in no index this sweep reads (src/service/fan-out-recovery.ts).
  return { action: 'dispatch', message, why: isParkedAtJoin(cursor) ? 'fan_out_check' : 'never_claimed' };
}
