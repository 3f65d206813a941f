/**
 * Every error code the engine itself gives a step or an execution, and every error name a flow's
 * `error_equals` can use besides a task type's own codes: one vocabulary for history, the API,
 * the console, retriers and catchers. `States.*` names are Amazon States Language's own (Step
 * Functions gives them the same meaning); the snake_case ones are ours. Task types add their own
 * codes (`ConnectionTimeout`, …), declared in their `errorCodes` (src/tasks/task-type.ts).
 *
 * Plain constants, no imports: the web console (a browser bundle) reads it too.
 */
export const ErrorCode = {
  /** `States.*`: in `error_equals`, any error at all. Never a recorded code. */
  All: 'States.ALL',
  /** `States.*`: a failure without a code of its own; in `error_equals`, any failure but a timeout. */
  TaskFailed: 'States.TaskFailed',
  /**
   * `States.*`: a timeout. The error name of a task that ran past its `timeout_seconds` (recorded
   * as `timeout`, see TaskTimeout), and the error code of an execution that ran past the flow's
   * `timeout_seconds` (status `TIMED_OUT`) and of the step that was running then, closed by a redrive.
   */
  Timeout: 'States.Timeout',
  /** `States.*`: a callback task whose `heartbeat_seconds` passed without a heartbeat (docs/callbacks.md). */
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  /** `States.*`: a JSONata expression failed at run time (threw, yielded nothing, or ran too long). */
  QueryEvaluationError: 'States.QueryEvaluationError',
  /** `States.*`: a task's output would push the execution's state past its size limit. */
  DataLimitExceeded: 'States.DataLimitExceeded',
  /** `States.*`: a choice matched no rule and has no default: the execution fails with it. */
  NoChoiceMatched: 'States.NoChoiceMatched',
  /**
   * `States.*`: a wait whose time cannot be computed or is too far away, a task runner call it
   * cannot serve, or a JSONPath-mode path that cannot be applied to the data (src/asl/jsonpath).
   */
  Runtime: 'States.Runtime',
  /**
   * `States.*`: the execution was stopped (ABORTED) without an error of the caller's; also the
   * step that was running then, closed by a redrive.
   */
  Aborted: 'States.Aborted',
  /** `States.*`: the flow routed to `fail` with no error named by its condition. */
  Fail: 'States.Fail',
  /**
   * `States.*`: an intrinsic function (`States.Format(…)`, `States.ArrayPartition(…)`, … in a
   * JSONPath-mode `Parameters` or `ResultSelector`) failed: an argument of the wrong type or out of
   * its range, a wrong number of arguments, or text that is no intrinsic call.
   */
  IntrinsicFailure: 'States.IntrinsicFailure',
  /** `States.*`: a map's failed items exceeded its tolerated failure count or percentage (decision 25). */
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',

  /**
   * Ours: the recorded code of a task run past its `timeout_seconds`. Retriers and catchers know it
   * as `States.Timeout`, and accept `timeout` as the same name (docs/decisions/0023-task-timeout-code.md).
   */
  TaskTimeout: 'timeout',
  /** Ours: a task's output is larger than a task may hand on (LIMITS.maxTaskOutputBytes). */
  OutputTooLarge: 'output_too_large',
  /** Ours: a step whose invocation kept dying before it recorded a result (MAX_STEP_TAKEOVERS). */
  StepCrashed: 'step_crashed',
  /** Ours: the execution would have run more steps than its `max_steps`; it cannot be redriven. */
  MaxStepsExceeded: 'max_steps_exceeded',
  /** Ours: an execution whose failing step had no code of its own. */
  FailedWithoutCode: 'task_failed',
  /** Ours, no longer given: executions stored by earlier versions whose step could not be dispatched. */
  DispatchFailed: 'dispatch_failed',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Our codes any task's step may fail with, whatever its type declares (`States.*` aside). */
export const ANY_TASK_ERROR_CODES: ReadonlySet<string> = new Set([
  ErrorCode.TaskTimeout,
  ErrorCode.OutputTooLarge,
  ErrorCode.StepCrashed,
]);
