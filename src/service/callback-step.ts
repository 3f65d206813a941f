import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../domain/error-codes';
import { type CallbackOutcome, type CallbackWait, callbackDue } from '../domain/execution/callback-wait';
import { formatTaskToken } from '../domain/execution/task-token';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import type { TaskType } from '../tasks/task-type';
import type { TaskRunResult } from '../tasks/task-type';
import type { DataScope } from './step-data';
import type { StepDeps } from './step-deps';

export type CallbackStepOutcome =
  | { kind: 'deferred'; dueAt: string }
  | { kind: 'lost' }
  /** The step completes with this result; `scope` carries the wait (its token) for what follows. */
  | { kind: 'done'; result: TaskRunResult; scope: DataScope };

/** Whether the task waits for a callback: a `callback` task, or one with `wait_for_callback`. */
export const waitsForCallback = (task: TaskDefinition, taskType: TaskType | undefined): boolean =>
  task.wait_for_callback === true || taskType?.kind === 'callback';

/** 256 random bits: a token cannot be guessed, only handed out. */
export const newTaskToken = (executionId: string, seq: number, attempt: number): string =>
  formatTaskToken({ executionId, seq, attempt, secret: randomBytes(32).toString('base64url') });

/** A callback's outcome as the task's result: its output, or its error name and cause. */
export function outcomeResult(outcome: CallbackOutcome): TaskRunResult {
  if (outcome.status === 'success') return { status: 'success', message: 'Callback received', output: outcome.output };
  return {
    status: 'failure',
    ...(outcome.error !== undefined && outcome.error !== '' && { error_code: outcome.error }),
    error: outcome.cause ?? outcome.error ?? 'the callback reported a failure',
  };
}

/**
 * One run of a step that waits for a callback. Its first run makes the task token, writes the
 * wait on the head while it still holds the step (so a callback that the body's own work sends
 * at once finds it), runs the body with the token (a `callback` task has none), and puts the
 * step off until the wait ends: no compute is held. A callback writes its outcome on the head and
 * makes the step due; the run that follows completes the step with it, through the task's usual
 * output, assign, retries and catchers. A timer that hands the step on with no outcome ends it
 * with `timeout` (States.Timeout) or States.HeartbeatTimeout. An invocation that died after
 * writing the wait is taken over with the same token, and the body runs again (as any task
 * whose invocation died before it recorded a result does).
 */
export async function runCallbackStep(
  o: { scope: DataScope; claimToken: string; attempt: number; seq: number },
  deps: StepDeps,
  body: ((scope: DataScope) => Promise<TaskRunResult>) | undefined,
): Promise<CallbackStepOutcome> {
  const { execution, task } = o.scope;
  const cursor = execution.cursor!;
  const nowMs = deps.clock.now().getTime();
  const existing = cursor.callback;
  if (existing?.outcome) return { kind: 'done', result: outcomeResult(existing.outcome), scope: o.scope };
  if (existing?.waiting) {
    if (nowMs >= Date.parse(existing.timeout_at)) return { kind: 'done', result: timedOut(existing), scope: o.scope };
    if (nowMs >= Date.parse(existing.due_at))
      return { kind: 'done', result: heartbeatMissed(existing), scope: o.scope };
    // Handed on before its time (a heartbeat moved the wait on meanwhile): wait again.
    return putOff(o, deps, existing, undefined);
  }
  const callback = existing ?? newWait(o, task, nowMs);
  const scope: DataScope = { ...o.scope, execution: { ...execution, cursor: { ...cursor, callback } } };
  if (!body) return putOff({ ...o, scope }, deps, callback, callback);
  if (!existing) {
    const armed = await deps.store.armCallback({
      executionId: execution.execution_id,
      claimToken: o.claimToken,
      callback,
    });
    if (!armed) return { kind: 'lost' };
  }
  const ran = await body(scope);
  // A body that fails fails the step; its token is dropped with the cursor.
  if (ran.status === 'failure') return { kind: 'done', result: ran, scope };
  return putOff({ ...o, scope }, deps, callback, undefined);
}

function newWait(o: { scope: DataScope; attempt: number; seq: number }, task: TaskDefinition, nowMs: number) {
  const timeoutSeconds = task.callback_timeout_seconds ?? LIMITS.maxCallbackTimeoutSeconds;
  const timeoutAt = new Date(nowMs + timeoutSeconds * 1000).toISOString();
  return {
    token: newTaskToken(o.scope.execution.execution_id, o.seq, o.attempt),
    attempt: o.attempt,
    started_at: new Date(nowMs).toISOString(),
    timeout_at: timeoutAt,
    ...(task.heartbeat_seconds !== undefined && { heartbeat_seconds: task.heartbeat_seconds }),
    due_at: callbackDue(nowMs, timeoutAt, task.heartbeat_seconds),
  } satisfies CallbackWait;
}

/** Puts the step off until its wait ends; a callback that came first completes it at once. */
async function putOff(
  o: { scope: DataScope; claimToken: string },
  deps: StepDeps,
  callback: CallbackWait,
  unarmed: CallbackWait | undefined,
): Promise<CallbackStepOutcome> {
  const { execution } = o.scope;
  const deadline = execution.deadline_at;
  const dueAt = deadline !== undefined && deadline < callback.due_at ? deadline : callback.due_at;
  const outcome = await deps.store.waitForCallback({
    executionId: execution.execution_id,
    claimToken: o.claimToken,
    dueAt,
    at: deps.clock.now().toISOString(),
    ...(unarmed && { callback: unarmed }),
  });
  if (outcome === 'waiting') return { kind: 'deferred', dueAt };
  if (outcome === 'lost') return { kind: 'lost' };
  // The callback came while the body ran: its outcome is on the head, which still is ours.
  const head = await deps.store.loadExecution(execution.execution_id);
  const taken = head?.cursor?.callback?.outcome;
  if (!taken) return { kind: 'lost' };
  return { kind: 'done', result: outcomeResult(taken), scope: o.scope };
}

const timedOut = (wait: CallbackWait): TaskRunResult => ({
  status: 'failure',
  error_code: ErrorCode.TaskTimeout,
  error: `no callback came within ${secondsBetween(wait.started_at, wait.timeout_at)} s`,
});

const heartbeatMissed = (wait: CallbackWait): TaskRunResult => ({
  status: 'failure',
  error_code: ErrorCode.HeartbeatTimeout,
  error: `no heartbeat came within ${wait.heartbeat_seconds ?? 0} s`,
});

const secondsBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 1000);
