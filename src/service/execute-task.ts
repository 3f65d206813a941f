import { ErrorCode } from '../domain/error-codes';
import { LIMITS } from '../domain/limits';
import type { TaskContext, TaskRunResult, TaskType } from '../tasks/task-type';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export type TaskInvocation = Omit<TaskContext, 'parameters' | 'signal'>;

/**
 * Runs a task body under its timeout and normalises whatever it does into a TaskRunResult: a
 * throw, a malformed return value, an output that cannot be stored as JSON, or running past
 * `timeoutSeconds` (error code `timeout`, ErrorCode.TaskTimeout) all become failures, never crashes.
 */
export async function executeTask(
  taskType: TaskType,
  ctx: TaskInvocation,
  rawParameters: unknown,
  timeoutSeconds: number,
): Promise<TaskRunResult> {
  const parameters = taskType.parameters.safeParse(rawParameters);
  if (!parameters.success) {
    return {
      status: 'failure',
      error: `parameters no longer match task type '${taskType.type}': ${parameters.error.message}`,
    };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<TaskRunResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`task timed out after ${timeoutSeconds} s`));
      resolve({
        status: 'failure',
        error: `task timed out after ${timeoutSeconds} s`,
        error_code: ErrorCode.TaskTimeout,
      });
    }, timeoutSeconds * 1000);
  });
  let result: TaskRunResult;
  try {
    result = await Promise.race([
      taskType.run({ ...ctx, parameters: parameters.data, signal: controller.signal }),
      timedOut,
    ]);
  } catch (error) {
    return { status: 'failure', error: errorMessage(error) || 'task threw an error' };
  } finally {
    clearTimeout(timer);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a task type's result is checked, not trusted
  if (!result || (result.status !== 'success' && result.status !== 'failure')) {
    return { status: 'failure', error: `task type '${taskType.type}' returned no valid status` };
  }
  if (result.output !== undefined) {
    let bytes: number;
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify returns undefined for a function or a symbol
      bytes = Buffer.byteLength(JSON.stringify(result.output) ?? '', 'utf8');
    } catch (error) {
      return { status: 'failure', error: `task output is not JSON-serialisable: ${errorMessage(error)}` };
    }
    if (bytes > LIMITS.maxTaskOutputBytes) {
      return {
        status: 'failure',
        error: `task output is ${bytes} bytes; the limit is ${LIMITS.maxTaskOutputBytes}`,
        error_code: ErrorCode.OutputTooLarge,
      };
    }
  }
  return result;
}
