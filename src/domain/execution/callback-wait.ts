/**
 * A step waiting for a callback (a task with `wait_for_callback`, a `callback` task, or a Step
 * Functions `.waitForTaskToken` state): its task token and when the wait ends without one. Kept in
 * the execution's head with the cursor, so a callback finds it with one read by key and decides
 * with one conditional write (docs/callbacks.md).
 */
export interface CallbackWait {
  /** The task token handed to the outside: unguessable, bound to the execution, step and attempt. */
  token: string;
  /** The attempt that issued the token. */
  attempt: number;
  started_at: string;
  /** The wait fails with `timeout` (States.Timeout) at this time, whatever heartbeats came. */
  timeout_at: string;
  /** Heartbeats must come at most this far apart, if the task set `heartbeat_seconds`. */
  heartbeat_seconds?: number;
  /** When the wait ends without a callback: the timeout, or the next heartbeat's latest time. */
  due_at: string;
  /** Set once the step was put off to wait (its body, if any, ran). */
  waiting?: boolean;
  /** The callback's outcome, once one was accepted: the next run of the step completes with it. */
  outcome?: CallbackOutcome;
}

export type CallbackOutcome = (
  { status: 'success'; output: unknown } | { status: 'failure'; error?: string; cause?: string }
) & {
  /** The request that wrote it: a write the SDK sent again after its answer was lost knows it as its own. */
  request?: string;
};

/** When a wait ends without a callback: the next heartbeat's latest time, or the timeout if sooner. */
export function callbackDue(nowMs: number, timeoutAt: string, heartbeatSeconds: number | undefined): string {
  const timeoutMs = Date.parse(timeoutAt);
  if (heartbeatSeconds === undefined) return timeoutAt;
  return new Date(Math.min(timeoutMs, nowMs + heartbeatSeconds * 1000)).toISOString();
}
