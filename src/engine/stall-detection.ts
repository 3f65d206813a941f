import type { ExecutionRecord } from '../domain/execution';
import { type StepMessage, stepMessage } from '../dispatch/step-message';
import type { Transition } from './transition';

export type RecoveryAction =
  | { action: 'dispatch'; message: StepMessage; why: 'start_never_claimed' | 'next_never_claimed' | 'lease_expired' }
  | { action: 'finish'; transition: Extract<Transition, { type: 'finish' }>; why: 'finish_not_written' };

/**
 * Whether a RUNNING execution has stalled at `nowMs`, and what puts it back on track. Pure.
 * - no step claimed `graceMs` after it started → dispatch step 1 again;
 * - a step RUNNING past its lease (its invocation died or hung) → dispatch it again; the step
 *   handler re-claims it as the next attempt;
 * - a step recorded `graceMs` ago whose next step was never claimed (the invoke was lost) →
 *   dispatch that next step again;
 * - a step recorded `graceMs` ago that decided to finish, with the execution still RUNNING (the
 *   invocation died between the two writes) → write the final status.
 * Re-dispatching is always safe: a step that is in fact running or done turns the copy into a no-op.
 */
export function stallDecision(record: ExecutionRecord, nowMs: number, graceMs: number): RecoveryAction | undefined {
  const { execution, steps } = record;
  if (execution.status !== 'RUNNING') return undefined;
  const id = execution.execution_id;
  const last = steps.at(-1);
  if (!last) {
    const since = Date.parse(execution.started_at ?? execution.created_at);
    return nowMs - since > graceMs
      ? { action: 'dispatch', message: stepMessage(execution.flow, id, 1, execution.flow.start_task), why: 'start_never_claimed' }
      : undefined;
  }
  if (last.status === 'RUNNING') {
    return last.lease_expires_at !== undefined && nowMs > last.lease_expires_at
      ? { action: 'dispatch', message: stepMessage(execution.flow, id, last.seq, last.task_name), why: 'lease_expired' }
      : undefined;
  }
  if (!last.next || !last.completed_at || nowMs - Date.parse(last.completed_at) <= graceMs) return undefined;
  if (last.next.type === 'run') {
    return { action: 'dispatch', message: stepMessage(execution.flow, id, last.next.seq, last.next.task), why: 'next_never_claimed' };
  }
  return { action: 'finish', transition: last.next, why: 'finish_not_written' };
}
