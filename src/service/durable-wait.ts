import { dueWithinDeadline } from '../engine/execution-deadline';
import { z } from 'zod';
import type { Execution } from '../domain/execution';
import { LIMITS } from '../domain/limits';
import type { TaskRunResult } from '../tasks/task-type';
import type { StepDeps } from './step-deps';
import { type DataScope, taskParameters } from './step-data';

/** A wait's parameters once its templates were evaluated: exactly one of `seconds` or `timestamp`. */
const WaitFor = z
  .strictObject({
    seconds: z.number().min(0).max(LIMITS.maxDurableWaitSeconds).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    failure_rate: z.number().min(0).max(1).optional(),
  })
  .refine((w) => (w.seconds === undefined) !== (w.timestamp === undefined), 'a wait needs exactly one of seconds or timestamp');

export type WaitOutcome =
  | { kind: 'deferred' }
  | { kind: 'lost' }
  /** The wait is over: the task type's own `run` completes it. */
  | { kind: 'due'; waitedSeconds: number }
  | { kind: 'failed'; result: TaskRunResult };

/**
 * A wait holds no compute: its first run works out when it is due and puts the step off until
 * then (the time is kept in the execution's head, so it outlives any crash or restart); a timer
 * hands the step on when it is due, and that run completes the wait. A time in the past, or zero
 * seconds, completes at once.
 */
export async function runWait(scope: DataScope & { definitionHash: string; claimToken: string }, deps: StepDeps): Promise<WaitOutcome> {
  const { execution } = scope;
  const cursor = execution.cursor!;
  const now = deps.clock.now();
  if (cursor.wait_started_at) return { kind: 'due', waitedSeconds: waitedSeconds(execution, now, deps.timeScale ?? 1) };
  const parameters = await taskParameters(scope, scope.definitionHash, 'parameters');
  if (!parameters.ok) return { kind: 'failed', result: parameters.failure };
  const waitFor = WaitFor.safeParse(parameters.value);
  if (!waitFor.success) return { kind: 'failed', result: { status: 'failure', error: `wait: ${waitFor.error.issues.map((i) => i.message).join('; ')}`, error_code: 'States.Runtime' } };
  const scale = deps.timeScale ?? 1;
  const untilMs = waitFor.data.seconds !== undefined ? now.getTime() + (waitFor.data.seconds * 1000) / scale : now.getTime() + (Date.parse(waitFor.data.timestamp!) - now.getTime()) / scale;
  if (untilMs - now.getTime() > LIMITS.maxDurableWaitSeconds * 1000) {
    return { kind: 'failed', result: { status: 'failure', error: `wait: more than ${LIMITS.maxDurableWaitSeconds} seconds away`, error_code: 'States.Runtime' } };
  }
  if (untilMs <= now.getTime()) return { kind: 'due', waitedSeconds: 0 };
  const deferred = await deps.store.deferStep({
    executionId: execution.execution_id,
    claimToken: scope.claimToken,
    cursor: dueWithinDeadline({ ...cursor, due_at: new Date(untilMs).toISOString(), wait_started_at: now.toISOString() }, execution.deadline_at),
    at: now.toISOString(),
  });
  return deferred ? { kind: 'deferred' } : { kind: 'lost' };
}

/** Seconds waited, on the flow's own clock (a scaled-down local wait reports the time it stood for). */
const waitedSeconds = (execution: Execution, now: Date, scale: number): number =>
  Math.round(((now.getTime() - Date.parse(execution.cursor!.wait_started_at!)) * scale) / 100) / 10;
