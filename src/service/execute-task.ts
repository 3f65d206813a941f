import type { TaskContext, TaskRunResult, TaskType } from '../tasks/task-type';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs a task body and normalises whatever it does into a TaskRunResult: a throw, a malformed
 * return value or an output that cannot be stored as JSON all become failures, never crashes.
 */
export async function executeTask(taskType: TaskType, ctx: Omit<TaskContext, 'parameters'>, rawParameters: unknown): Promise<TaskRunResult> {
  const parameters = taskType.parameters.safeParse(rawParameters);
  if (!parameters.success) {
    return { status: 'failure', error: `parameters no longer match task type '${taskType.type}': ${parameters.error.message}` };
  }
  let result: TaskRunResult;
  try {
    result = await taskType.run({ ...ctx, parameters: parameters.data });
  } catch (error) {
    return { status: 'failure', error: errorMessage(error) || 'task threw an error' };
  }
  if (!result || (result.status !== 'success' && result.status !== 'failure')) {
    return { status: 'failure', error: `task type '${taskType.type}' returned no valid status` };
  }
  if (result.output !== undefined) {
    try {
      JSON.stringify(result.output);
    } catch (error) {
      return { status: 'failure', error: `task output is not JSON-serialisable: ${errorMessage(error)}` };
    }
  }
  return result;
}
