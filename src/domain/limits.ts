/** Documented limits (README "Limits"). Everything user-supplied is bounded by one of these. */
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
  maxDescriptionLength: 2048,
  defaultMaxSteps: 100,
  maxMaxSteps: 1000,
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
  /** Nesting depth of `input` and `parameters` documents. */
  maxJsonDepth: 32,
} as const;
