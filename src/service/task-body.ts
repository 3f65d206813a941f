import { resultsRecord } from '../domain/execution/execution-state';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';
import { LIMITS } from '../domain/limits';
import { toTaskLogger } from '../observability/logger';
import type { TaskRunResult, TaskType } from '../tasks/task-type';
import { executeTask } from './execute-task';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './task-callbacks';
import { mockedRun } from './mocked-runs';
import { jsonPathParameters, jsonPathTimeout } from './jsonpath-data';
import { type DataScope, taskParameters } from './step-data';
import type { StepDeps } from './step-deps';

/**
 * A task's body as the step runs it on `scope`: its arguments evaluated (with the task token in
 * their context, for a task that waits for a callback), then its run under its timeout, given the
 * token too.
 */
export function taskBody(
  deps: StepDeps,
  o: { task: TaskDefinition; taskType: TaskType; attempt: number; seq: number },
): (scope: DataScope) => Promise<TaskRunResult> {
  const { task, taskType, attempt, seq } = o;
  return async (scope) => {
    const { execution } = scope;
    let parameters: unknown = task.parameters;
    if (task.arguments !== undefined || task.jsonpath !== undefined) {
      const evaluated = task.jsonpath
        ? jsonPathParameters(scope, task.jsonpath)
        : await taskParameters(scope, execution.definition_hash, 'arguments');
      if (!evaluated.ok) return evaluated.failure;
      parameters = evaluated.value;
    }
    // Only a fan-out (never run here) may be without a timeout.
    const limit = task.timeout_seconds ?? LIMITS.defaultTaskTimeoutSeconds;
    const timeout = task.jsonpath ? jsonPathTimeout(scope, task.jsonpath, limit) : { ok: true as const, value: limit };
    if (!timeout.ok) return timeout.failure;
    const taskToken = execution.cursor?.callback?.token;
    const mocked = mockedRun(execution, task, deps);
    if (mocked) return mocked;
    return executeTask(
      taskType,
      {
        input: isPlainObject(execution.state.input) ? execution.state.input : {},
        results: resultsRecord(execution.state.results),
        attempt,
        taskRuns: (execution.progress.get(task.name)?.attempts ?? 0) + attempt,
        executionId: execution.execution_id,
        taskName: task.name,
        seq,
        idempotencyKey: `${execution.execution_id}:${task.name}:${seq}`,
        ...(taskToken !== undefined && { taskToken }),
        callbacks: {
          success: (token, output, request) => sendTaskSuccess(token, output, deps, request),
          failure: (token, failure, request) => sendTaskFailure(token, failure, deps, request),
          heartbeat: (token) => sendTaskHeartbeat(token, deps),
        },
        logger: toTaskLogger(deps.logger),
      },
      parameters,
      timeout.value,
    );
  };
}
