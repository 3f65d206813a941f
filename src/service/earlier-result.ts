import type { StepMessage } from '../domain/execution/step-message';
import type { TaskRunResult } from '../tasks/task-type';
import type { StepDeps } from './step-deps';

/** The result an earlier attempt of this step recorded, if one did (its commit never took effect). */
export async function earlierResult(
  deps: StepDeps,
  executionId: string,
  message: StepMessage,
  attempt: number,
): Promise<TaskRunResult | undefined> {
  const earlier = await deps.store.loadStep(executionId, message.seq);
  if (!earlier || earlier.attempt >= attempt || earlier.task_name !== message.task) return undefined;
  deps.logger.info('step result reused', { from_attempt: earlier.attempt });
  return {
    status: earlier.status === 'SUCCEEDED' ? 'success' : 'failure',
    ...(earlier.output !== undefined && { output: earlier.output }),
    ...(earlier.error !== undefined && { error: earlier.error }),
    ...(earlier.error_code !== undefined && { error_code: earlier.error_code }),
    ...(earlier.message !== undefined && { message: earlier.message }),
  };
}
