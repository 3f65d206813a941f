import type { Cursor, Execution } from '../domain/execution/execution';

/**
 * The flow's `timeout_seconds` for a whole execution, as a deadline on the head. Pure. Like waits
 * and backoffs, it is divided by `timeScale` (which speeds the local stack up).
 */
export function deadlineFrom(startIso: string, timeoutSeconds: number | undefined, timeScale = 1): string | undefined {
  if (timeoutSeconds === undefined) return undefined;
  return new Date(Date.parse(startIso) + (timeoutSeconds * 1000) / timeScale).toISOString();
}

export const isPastDeadline = (execution: Pick<Execution, 'deadline_at'>, nowMs: number): boolean =>
  execution.deadline_at !== undefined && Date.parse(execution.deadline_at) <= nowMs;

/**
 * A waiting step is due no later than the execution's deadline: the timer that hands it on then
 * finds the execution out of time and times it out, so no wait or backoff outlives the execution.
 */
export function dueWithinDeadline(cursor: Cursor, deadlineAt: string | undefined): Cursor {
  if (deadlineAt === undefined || cursor.due_at === undefined || cursor.due_at <= deadlineAt) return cursor;
  return { ...cursor, due_at: deadlineAt };
}

export const timeoutMessage = (timeoutSeconds: number | undefined) =>
  `the execution ran past its timeout_seconds${timeoutSeconds === undefined ? '' : ` (${timeoutSeconds})`}`;
