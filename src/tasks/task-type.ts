import type { z } from 'zod';
import type { TaskRunResult } from '../domain/execution/task-result';

export type { TaskRunResult };

export type JsonObject = Record<string, unknown>;

/** The logger a task sees: every line already carries execution id, task name and step. */
export interface TaskLogger {
  debug(message: string, extra?: JsonObject): void;
  info(message: string, extra?: JsonObject): void;
  warn(message: string, extra?: JsonObject): void;
  error(message: string, extra?: JsonObject): void;
}

export interface TaskContext<P = unknown> {
  /** The task's `parameters`, already validated (and defaulted) by its schema. */
  parameters: P;
  /** The execution input given when the execution was created (`{}` when that was not an object). */
  input: JsonObject;
  /**
   * Output of every task that already ran in this execution, by task name (latest run wins).
   * It has no prototype, so any task name is a plain key: look names up with `Object.hasOwn` or
   * `in`, never with `results.hasOwnProperty(...)`.
   */
  results: Readonly<Record<string, unknown>>;
  /** 1 for the first run of this step; higher only when a step is re-run after a lost invocation. */
  attempt: number;
  /** Runs of this task in the execution so far, this one included (retries and re-runs count). */
  taskRuns: number;
  executionId: string;
  taskName: string;
  /** Position of this step in the execution (1 = the start task). */
  seq: number;
  /**
   * `<execution id>:<task name>:<step>`: the same for every attempt of this step and different for
   * every other step. Pass it to external systems that deduplicate (payment APIs, queues) so that a
   * re-run after a lost invocation does not repeat an effect there.
   */
  idempotencyKey: string;
  /**
   * A task with `wait_for_callback`: the token to hand to whoever will answer (POST
   * /api/v1/flows/callbacks/success|failure|heartbeat). The run's own result only starts the wait.
   */
  taskToken?: string;
  /**
   * Answers another task's callback wait (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat on
   * this engine: docs/callbacks.md); present when the engine runs the task. Each throws a
   * TaskCallbackError (`code`: TaskDoesNotExist, InvalidToken, TaskTimedOut, InvalidOutput) when the
   * answer is refused. `request` names the answer: the same request sent again is taken as done.
   */
  callbacks?: TaskCallbacks;
  /** Aborted when the task's `timeout_seconds` is up: stop work and return. */
  signal: AbortSignal;
  logger: TaskLogger;
}

export interface TaskCallbacks {
  success(token: string, output: unknown, request: string): Promise<void>;
  failure(token: string, failure: { error?: string; cause?: string }, request: string): Promise<void>;
  heartbeat(token: string): Promise<void>;
}

export interface TaskType<S extends z.ZodType = z.ZodType> {
  /** The name flows use in `task_type`. Lower snake case. */
  type: string;
  description: string;
  /**
   * Error codes this type's runs may fail with (its own names, besides States.*): what retriers and
   * catchers can name. `'any'` for a type whose errors are named by something outside (a called
   * function's errorType): no name is then warned about.
   */
  errorCodes?: readonly string[] | 'any';
  /**
   * `wait`: the engine runs this type as a durable wait (src/service/durable-wait.ts) before `run`.
   * `callback`: the engine only waits for a callback with the step's task token; `run` is never called.
   * `start_flow`: the engine starts a saved flow as a child execution (src/service/child-flow-step.ts)
   * and never calls `run` on its engine path.
   */
  kind?: 'wait' | 'callback' | 'start_flow';
  parameters: S;
  run(ctx: TaskContext<z.output<S>>): Promise<TaskRunResult>;
}

/** Identity function that gives a task module full type inference from its parameter schema. */
export function defineTask<S extends z.ZodType>(task: TaskType<S>): TaskType<S> {
  return task;
}
