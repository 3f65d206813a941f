import type { StepOutcome } from '../statuses';

/** What one run of a task reported: the engine routes on it (a task plug-in returns it from `run`). */
export interface TaskRunResult {
  status: StepOutcome;
  output?: unknown;
  /** Why it failed; a thrown error becomes a failure with the error's message. */
  error?: string;
  /** Human-readable one-liner (the /flow service shows it as `message`). */
  message?: string;
  /** Machine-readable failure class, e.g. `timeout`; set by the engine, tasks may set their own. */
  error_code?: string;
}
