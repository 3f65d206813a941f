import { z } from 'zod';
import { ErrorCode } from '../domain/error-codes';
import { LIMITS } from '../domain/limits';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { TaskRegistry } from '../ports/task-registry';
import type { TaskLogger } from '../tasks/task-type';
import { executeTask } from './execute-task';

/** What an exported state machine's Task state sends (src/asl/export.ts): one task of ours, once. */
export const TaskRunnerEventSchema = z.object({
  task_type: z.string().min(1),
  parameters: z.unknown().optional(),
  input: z.unknown().optional(),
  /** Set by Step Functions' context if the definition passes it; used as the idempotency key. */
  execution_id: z.string().optional(),
});

/**
 * A task failure as Step Functions sees a Lambda error: its name is the task's error code, so the
 * state machine's Retry and Catch match the same names as our engine does (`timeout` is
 * `States.Timeout` there too: Step Functions names its own timeout so).
 */
export class TaskRunFailed extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code === ErrorCode.TaskTimeout ? ErrorCode.Timeout : code;
  }
}

/**
 * Runs one task of ours for a state machine the export produced: the same task code, parameter
 * schema and timeout handling (src/service/execute-task.ts) as a step of our engine, without the
 * engine around it (routing, retries and data are the state machine's). The state's input is
 * also offered as the one earlier result, so tasks that read earlier outputs (`process_data`,
 * `store_data`) find the previous state's output there.
 */
export async function runTaskForStateMachine(
  event: unknown,
  deps: { registry: TaskRegistry; logger: TaskLogger; sleep?: (ms: number) => Promise<void> },
  timeoutSeconds: number = LIMITS.maxTaskTimeoutSeconds,
): Promise<unknown> {
  const parsed = TaskRunnerEventSchema.safeParse(event);
  if (!parsed.success)
    throw new TaskRunFailed(
      ErrorCode.Runtime,
      `the task runner needs { task_type, parameters, input }: ${parsed.error.message}`,
    );
  const { task_type, parameters, input, execution_id } = parsed.data;
  const taskType = deps.registry.get(task_type);
  if (!taskType)
    throw new TaskRunFailed(ErrorCode.Runtime, `task type '${task_type}' is not registered in this deployment`);
  // A wait the export kept as a Task (it has retries, a failure route or templates) waits here,
  // within the invocation: our engine waits durably, a Lambda only for so long.
  const waited = taskType.kind === 'wait' ? await waitWithin(parameters, deps.sleep ?? sleep) : undefined;
  const inputObject = isPlainObject(input) ? input : {};
  const results = Object.create(null) as Record<string, unknown>;
  if (input !== undefined) results['$states.input'] = input;
  const id = execution_id ?? 'state-machine';
  const result = await executeTask(
    taskType,
    {
      input: inputObject,
      results,
      attempt: 1,
      taskRuns: 1,
      executionId: id,
      taskName: task_type,
      seq: 1,
      idempotencyKey: `${id}:${task_type}`,
      logger: deps.logger,
    },
    parameters ?? {},
    timeoutSeconds,
  );
  if (result.status === 'failure')
    throw new TaskRunFailed(
      result.error_code ?? ErrorCode.TaskFailed,
      result.error ?? `task type '${task_type}' failed`,
    );
  // As in our engine, a wait's result says how long it waited.
  return waited !== undefined ? { waited_seconds: waited } : (result.output ?? null);
}

/** The longest wait the task runner holds an invocation for (Lambda stops at 15 minutes). */
export const MAX_RUNNER_WAIT_SECONDS = 14 * 60;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits as the parameters say; answers the seconds waited. */
async function waitWithin(parameters: unknown, sleepFor: (ms: number) => Promise<void>): Promise<number> {
  const p = isPlainObject(parameters) ? parameters : {};
  const ms =
    typeof p.seconds === 'number'
      ? p.seconds * 1000
      : typeof p.timestamp === 'string'
        ? Date.parse(p.timestamp) - Date.now()
        : Number.NaN;
  if (!Number.isFinite(ms))
    throw new TaskRunFailed(ErrorCode.Runtime, 'wait: needs a number of seconds or a timestamp');
  if (ms > MAX_RUNNER_WAIT_SECONDS * 1000) {
    throw new TaskRunFailed(
      ErrorCode.Runtime,
      `wait: ${Math.round(ms / 1000)} s is longer than the task runner can hold an invocation (${MAX_RUNNER_WAIT_SECONDS} s); give the wait no retries, failure route or templates so that it exports as a Wait state`,
    );
  }
  if (ms > 0) await sleepFor(ms);
  return Math.max(0, Math.round(ms / 100) / 10);
}
