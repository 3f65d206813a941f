/** Documented limits (docs/limits.md). Everything user-supplied is bounded by one of these. */
export const LIMITS = {
  /** Request bodies above this are rejected with 413. */
  maxBodyBytes: 256 * 1024,
  /** Execution input (serialised) above this is rejected with 413. */
  maxInputBytes: 64 * 1024,
  /** A task output (serialised) above this fails the task with `output_too_large`. */
  maxTaskOutputBytes: 64 * 1024,
  maxTasks: 200,
  maxConditions: 200,
  maxNameLength: 128,
  /**
   * Levels of child executions under the execution a caller started (each map or parallel level
   * and each child flow counts one): a `start_flow` deeper than this fails (docs/child-flows.md).
   */
  maxChildFlowDepth: 10,
  maxDescriptionLength: 2048,
  defaultMaxSteps: 100,
  /** As many steps as Step Functions keeps history events for one execution. */
  maxMaxSteps: 25_000,
  /**
   * The execution's state: its input, the latest output of each task and per-task progress, kept
   * in the execution's head item and read by every step (Step Functions allows 256 KB per state
   * payload). A step whose output would push it past this fails with `States.DataLimitExceeded`.
   */
  maxStateBytes: 256 * 1024,
  /**
   * The most bytes of state and progress (packed, as the message carries them) a step hands on
   * inside the next step's invoke, which then commits them with its claim. Larger states are
   * committed by the step itself, one write more; Lambda accepts 256 KB per asynchronous invoke.
   */
  maxHandOnCommitBytes: 96 * 1024,
  /** A task's `error` and `message` are cut to this many bytes in its step record. */
  maxErrorBytes: 4096,
  /** ... and to this many in the per-task progress the head keeps (the /flow view shows these). */
  maxSummaryErrorBytes: 256,
  /** Steps per page of an execution's per-step detail (GET …/executions/{id}); the default is a whole ordinary execution. */
  stepPageDefault: 100,
  stepPageMax: 1000,
  /** Step records an execution's graph reads to mark the path taken (a longer path is shown partial). */
  graphMaxSteps: 1000,
  /** Step records per response, by size: keeps every response under Lambda's 6 MB response limit. */
  maxStepPageBytes: 4 * 1024 * 1024,
  /** A step whose invocation died this many times in a row fails with `step_crashed` (MAX_STEP_TAKEOVERS). */
  defaultMaxStepTakeovers: 3,
  /** Retriers or catchers per task, names per `error_equals`, rules per choice condition. */
  maxRetriers: 20,
  maxErrorEquals: 20,
  maxChoiceRules: 50,
  /** Retries per retrier (`max_attempts`), and the most a backoff may multiply by. */
  maxRetryAttempts: 100,
  maxBackoffRate: 10,
  /** The longest a wait, a retry interval or backoff may last: one year, as Step Functions allows. */
  maxDurableWaitSeconds: 366 * 24 * 3600,
  /** A callback task's `callback_timeout_seconds` (TimeoutSeconds) when it gives none, and its most: a year. */
  maxCallbackTimeoutSeconds: 366 * 24 * 3600,
  /** A callback's `output` (serialised), as Step Functions' SendTaskSuccess allows; a larger one is `InvalidOutput`. */
  maxCallbackOutputBytes: 256 * 1024,
  /** A failure callback's `error` and `cause` (Step Functions' bounds). */
  maxCallbackErrorLength: 256,
  maxCallbackCauseLength: 32_768,
  /** Executions and their steps expire this long after they were written (EXECUTION_RETENTION_DAYS). */
  defaultRetentionDays: 90,
  /** A flow's own `timeout_seconds` for a whole execution: up to a year, as Step Functions allows. */
  maxExecutionTimeoutSeconds: 366 * 24 * 3600,
  /** `error` and `cause` given when stopping an execution (Step Functions' bounds). */
  maxStopErrorLength: 256,
  maxStopCauseLength: 32_768,
  /** `wait_seconds` on execute/status; API Gateway's own integration timeout is 30 s. */
  maxWaitSeconds: 20,
  /** The `wait` task's own bound. */
  maxWaitTaskSeconds: 60,
  /** A task's `timeout_seconds`: the run is abandoned (failure `timeout`) after it. */
  defaultTaskTimeoutSeconds: 30,
  maxTaskTimeoutSeconds: 100,
  /**
   * The step Lambda's timeout (serverless.yml). It must exceed the longest task timeout plus the
   * time to record the result, so a task timeout is always enforced by our code, never by Lambda.
   */
  stepLambdaTimeoutSeconds: 120,
  /** A claimed step's lease is its timeout plus this margin; after that it may be claimed again. */
  leaseMarginSeconds: 15,
  /** `delay_ms` of the sample pipeline tasks. */
  maxDelayMs: 10_000,
  listDefaultLimit: 20,
  listMaxLimit: 100,
  maxExecutionIdLength: 64,
  /**
   * A child execution's id, `<parent id>.<seq>.<index>` per level of fan-out nesting: the longest
   * caller's id plus maxFanOutDepth levels of a step number and an index.
   */
  maxChildExecutionIdLength: 128,
  /** Versions per page of a saved flow (GET /api/v1/flows/{flow_id}). */
  flowVersionPageDefault: 20,
  flowVersionPageMax: 100,
  /** Versions one saved flow may have: its version numbers are zero-padded to six digits in the sort key. */
  maxFlowVersions: 999_999,
  /**
   * Executions counted per shard of the by_flow index for a saved flow's counts per status (8
   * shards: the newest 8,000 at most). Each counted execution reads its index entry (well under
   * 1 KB), so a full count costs at most about 8 × 1,000 × 1 KB / 4 KB / 2 ≈ 1,000 read units.
   */
  flowCountPerShard: 1000,
  /**
   * Attempts to save a flow version while other saves of the same flow keep taking the next number
   * (then 409). An attempt is lost only to another save that succeeded, so this many saves of one
   * flow at once all succeed.
   */
  saveFlowAttempts: 10,
  /** Nesting depth of `input` and `parameters` documents. */
  maxJsonDepth: 32,
  /**
   * The most children of one fan-out that run at once, and what a map's `max_concurrency: 0`
   * means. Each running child holds one slot of the fan-out item, written once per finished child;
   * a hundred slots keep it under 1 KB, one write unit
   * (docs/decisions/0025-fan-out-as-child-executions.md). A larger `max_concurrency` runs at this.
   */
  maxFanOutConcurrency: 100,
  /**
   * The variables (serialised) a map's or parallel's children start with: each child's head
   * carries its parent's variables, written again by every step of the child, so a fan-out whose
   * parent holds more fails at its entry with `States.DataLimitExceeded` (docs/limits.md).
   */
  maxFanOutVariablesBytes: 64 * 1024,
  /** Branches of one `parallel` task. */
  maxParallelBranches: 20,
  /** How deep `map` and `parallel` tasks nest: a map in a parallel in a map is 3 deep. */
  maxFanOutDepth: 3,
  /**
   * Fan-out items an execution's view reads (one Query, newest first, each under 1 KB): the latest
   * run of each map or parallel task among the last this many fan-outs it started.
   */
  fanOutsShown: 100,
  /** Children per page of GET /api/v1/flows/executions/{id}/children. */
  childPageDefault: 20,
  childPageMax: 100,
  /**
   * With `include=output`, a children page stops before the child whose output would take its
   * outputs past this many bytes (it always holds one): a child's output is at most a state
   * (maxStateBytes), so a page holds at least 16 of any size, and stays under Lambda's 6 MB response limit.
   */
  childOutputPageBytes: 4 * 1024 * 1024,
  /** Children read per batch (one BatchGetItem of derived keys). */
  childReadBatch: 100,
  /** Batches one children page reads at most while `status` filters them out; then it answers a next_token. */
  childFilterReads: 10,
} as const;
