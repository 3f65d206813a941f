import { dueWithinDeadline } from '../engine/execution-deadline';
import { z } from 'zod';
import { ErrorCode } from '../domain/error-codes';
import type { Cursor, Execution } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { TaskRegistry } from '../ports/task-registry';
import { LIMITS } from '../domain/limits';
import type { TaskRunResult } from '../tasks/task-type';
import type { StepDeps } from './step-deps';
import { jsonPathWaitFor } from './jsonpath-data';
import { type DataScope, taskParameters } from './step-data';

/** A wait's parameters once its templates were evaluated: exactly one of `seconds` or `timestamp`. */
const WaitFor = z
  .strictObject({
    seconds: z.number().min(0).max(LIMITS.maxDurableWaitSeconds).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    failure_rate: z.number().min(0).max(1).optional(),
  })
  .refine(
    (w) => (w.seconds === undefined) !== (w.timestamp === undefined),
    'a wait needs exactly one of seconds or timestamp',
  );

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
export async function runWait(
  scope: DataScope & { definitionHash: string; claimToken: string },
  deps: StepDeps,
): Promise<WaitOutcome> {
  const { execution } = scope;
  const cursor = execution.cursor!;
  const now = deps.clock.now();
  if (cursor.wait_started_at) return { kind: 'due', waitedSeconds: waitedSeconds(execution, now, deps.timeScale ?? 1) };
  const parameters = scope.task.jsonpath
    ? jsonPathWaitFor(scope, scope.task.jsonpath)
    : await taskParameters(scope, scope.definitionHash, 'parameters');
  if (!parameters.ok) return { kind: 'failed', result: parameters.failure };
  const waitFor = WaitFor.safeParse(parameters.value);
  if (!waitFor.success)
    return {
      kind: 'failed',
      result: {
        status: 'failure',
        error: `wait: ${waitFor.error.issues.map((i) => i.message).join('; ')}`,
        error_code: ErrorCode.Runtime,
      },
    };
  const scale = deps.timeScale ?? 1;
  const untilMs =
    waitFor.data.seconds !== undefined
      ? now.getTime() + (waitFor.data.seconds * 1000) / scale
      : now.getTime() + (Date.parse(waitFor.data.timestamp!) - now.getTime()) / scale;
  if (untilMs - now.getTime() > LIMITS.maxDurableWaitSeconds * 1000) {
    return {
      kind: 'failed',
      result: {
        status: 'failure',
        error: `wait: more than ${LIMITS.maxDurableWaitSeconds} seconds away`,
        error_code: ErrorCode.Runtime,
      },
    };
  }
  if (untilMs <= now.getTime()) return { kind: 'due', waitedSeconds: 0 };
  const deferred = await deps.store.deferStep({
    executionId: execution.execution_id,
    claimToken: scope.claimToken,
    cursor: dueWithinDeadline(
      { ...cursor, due_at: new Date(untilMs).toISOString(), wait_started_at: now.toISOString() },
      execution.deadline_at,
    ),
    at: now.toISOString(),
  });
  return deferred ? { kind: 'deferred' } : { kind: 'lost' };
}

/**
 * A wait whose time its definition already says (a literal `seconds`, nothing to evaluate)
 * starts in the commit that leads to it: the cursor is written due, so the timers hand the step
 * on once, when it is over, and that run completes it. One invocation and one head write fewer
 * than a wait that works its time out when it first runs (`runWait`), with the same result: the
 * wait is timed from the moment it was entered either way.
 */
export function startWaitOnEntry(
  flow: FlowDefinition,
  cursor: Cursor,
  registry: TaskRegistry,
  nowMs: number,
  timeScale = 1,
): Cursor {
  // A retry's backoff, or a step already put off, keeps its own timing.
  if (cursor.due_at !== undefined || cursor.retries !== undefined) return cursor;
  const task = flow.tasks.find((t) => t.name === cursor.task);
  if (!task || task.arguments !== undefined || registry.get(task.task_type)?.kind !== 'wait') return cursor;
  if (task.jsonpath?.seconds_path !== undefined || task.jsonpath?.timestamp_path !== undefined) return cursor;
  const seconds = (task.parameters as { seconds?: unknown } | undefined)?.seconds;
  if (typeof seconds !== 'number' || !(seconds > 0) || seconds > LIMITS.maxDurableWaitSeconds) return cursor;
  return {
    ...cursor,
    due_at: new Date(nowMs + (seconds * 1000) / timeScale).toISOString(),
    wait_started_at: new Date(nowMs).toISOString(),
  };
}

/** Seconds waited, on the flow's own clock (a scaled-down local wait reports the time it stood for). */
const waitedSeconds = (execution: Execution, now: Date, scale: number): number =>
  Math.round(((now.getTime() - Date.parse(execution.cursor!.wait_started_at!)) * scale) / 100) / 10;
