import type { Catcher, Retrier } from '../domain/flow/error-handling';
import { ErrorCode } from '../domain/error-codes';

/** The error name a failed run is known by: its own code, `States.Timeout` for a timeout, else `States.TaskFailed`. */
export function errorName(errorCode: string | undefined): string {
  if (errorCode === undefined) return ErrorCode.TaskFailed;
  if (errorCode === ErrorCode.TaskTimeout) return ErrorCode.Timeout;
  return errorCode;
}

/**
 * A failed child execution's error code (its `reason`) as the code of the step that failed it:
 * an execution records a failure without a code as `task_failed`, which a step records as no
 * code at all, so a map or parallel failed by such a child reads as States.TaskFailed, as the
 * child's task would in the parent.
 */
export const childErrorCode = (reason: string | undefined): string | undefined =>
  reason === ErrorCode.FailedWithoutCode ? undefined : reason;

/**
 * Whether `error_equals` covers `name`: by name, `States.ALL` for anything, `States.TaskFailed` for
 * anything but a timeout. A timeout is also matched by `timeout`, the code its step records
 * (docs/decisions/0023-task-timeout-code.md).
 */
export function matches(errorEquals: readonly string[], name: string): boolean {
  return errorEquals.some(
    (candidate) =>
      candidate === name ||
      candidate === ErrorCode.All ||
      (candidate === ErrorCode.TaskFailed && name !== ErrorCode.Timeout) ||
      (candidate === ErrorCode.TaskTimeout && name === ErrorCode.Timeout),
  );
}

/** The index of the first retrier that handles `name`, if any (later ones are never tried for it). */
export const retrierFor = (retriers: readonly Retrier[], name: string): number =>
  retriers.findIndex((r) => matches(r.error_equals, name));

export const catcherFor = (catchers: readonly Catcher[], name: string): Catcher | undefined =>
  catchers.find((c) => matches(c.error_equals, name));
