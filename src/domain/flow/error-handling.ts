/**
 * The retry and catch rules of a task, as our flows spell them (snake_case). Semantics follow
 * Amazon States Language: the first retrier whose `error_equals` matches handles the error; once
 * retries are spent, the first matching catcher routes it. The names they match are in
 * ./error-codes.ts.
 */
export interface Retrier {
  error_equals: string[];
  /** Seconds before the first retry. */
  interval_seconds: number;
  /** Retries (not counting the first run); 0 = never. */
  max_attempts: number;
  backoff_rate: number;
  max_delay_seconds?: number;
  jitter: 'FULL' | 'NONE';
}

export interface Catcher {
  error_equals: string[];
  /** A task name, `end` or `fail`. */
  next: string;
  /**
   * JSONPath mode (a state machine's catcher): the next state reads the state's input with the
   * error `{ Error, Cause }` placed at this reference path (`$`: the error alone; null: the input
   * alone). Absent: the next task reads `{ error, cause }`, as native flows hand an error on.
   */
  result_path?: string | null;
  /**
   * JSONata mode (a state machine's catcher `Output`): a template of what the next task reads,
   * seeing `$states.input` (the failed task's input) and `$states.errorOutput` (`{ Error, Cause }`).
   */
  output?: unknown;
  /**
   * Variables to set when this catcher takes the error (a state machine's catcher `Assign`), in
   * the task's data language: with `jsonpath`, a payload template of variable names reading the
   * error output `{ Error, Cause }` as `$`; otherwise name → template seeing
   * `$states.errorOutput` and `$states.input`.
   */
  assign?: Record<string, unknown>;
}

export const RETRY_DEFAULTS = { interval_seconds: 1, max_attempts: 3, backoff_rate: 2, jitter: 'NONE' } as const;
