/**
 * A task's data in JSONPath mode, as Amazon States Language writes it (docs/decisions/
 * 0027-jsonpath-mode-as-task-fields.md): the fields are kept as written and evaluated by the step,
 * in place of the JSONata `arguments` and `output`.
 */
export interface JsonPathFields {
  /** The part of the state's input the task works on (absent: all; null: `{}`). */
  input_path?: string | null;
  /** A payload template (`"name.$": "$.path"`, intrinsic functions) computing the task's parameters. */
  parameters?: Record<string, unknown>;
  /** A payload template applied to the task's result. */
  result_selector?: Record<string, unknown>;
  /** Where the result goes in the state's input (absent or `$`: it replaces it; null: it is dropped). */
  result_path?: string | null;
  /** The part of the state's output handed on (absent: all; null: `{}`). */
  output_path?: string | null;
  /**
   * A `noop` or `wait` task returns nothing of its own: its result is this value (a Pass state's
   * `Result`) or, absent, its effective input (`input_path`, then a noop's `parameters`), as a Pass,
   * Wait, Choice or Succeed state hands on.
   */
  result?: unknown;
  /** A wait's `seconds`, read from its effective input (a Wait state's `SecondsPath`). */
  seconds_path?: string;
  /** A wait's `timestamp`, read from its effective input (a Wait state's `TimestampPath`). */
  timestamp_path?: string;
  /**
   * The task's time limit in seconds, read from its effective input when it runs (a Task state's
   * `TimeoutSecondsPath`), at most `timeout_seconds`, which sizes the step's lease.
   */
  timeout_seconds_path?: string;
  /**
   * Variables to set after a success (a JSONPath state's `Assign`): a payload template whose
   * top-level fields are variable names, `$` being the task's result before `result_selector`
   * (a noop's or wait's: its `result` or effective input), read with the variables as they were
   * before the task.
   */
  assign?: Record<string, unknown>;
}
