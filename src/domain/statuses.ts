/**
 * Lifecycle of a whole execution. PENDING = created but not started (the /flow service's "create");
 * CANCELLED = deleted through that service; ABORTED = stopped (history kept, can be redriven);
 * TIMED_OUT = ran past the flow's own `timeout_seconds`.
 */
export const EXECUTION_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'ABORTED',
  'TIMED_OUT',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'ABORTED',
  'TIMED_OUT',
]);

export const isTerminal = (status: ExecutionStatus): boolean => TERMINAL_STATUSES.has(status);

/** Per-task status in an execution view. SKIPPED = never reached in a finished execution. */
export type TaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

/** What a task run reports, and what conditions match on. */
export type StepOutcome = 'success' | 'failure';

/**
 * The execution's `error_code` when it failed: `max_steps_exceeded`, or the failing step's own
 * error code (`timeout`, `step_crashed`, `output_too_large`, `States.DataLimitExceeded`, or one a
 * task set), else `task_failed`. Executions stored by earlier versions may say `dispatch_failed`.
 * Every code the engine gives is in ./error-codes.ts.
 */
export type FailureReason = string;
