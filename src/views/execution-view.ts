import type { ErrorDetail } from '../domain/errors';
import type { ExecutionRecord } from '../domain/execution';
import { completedSteps, currentTask, isFinished, stepsByTask, taskStatus } from './task-progress';

/** The v1 service's execution document (GET /api/v1/flows/executions/{id}). */
export function executionView(record: ExecutionRecord, warnings?: ErrorDetail[]) {
  const { execution } = record;
  const byTask = stepsByTask(record);
  const finished = isFinished(record);
  return {
    execution_id: execution.execution_id,
    flow_id: execution.flow.id,
    flow_name: execution.flow.name,
    status: execution.status,
    current_task: currentTask(record),
    input: execution.input,
    created_at: execution.created_at,
    started_at: execution.started_at ?? null,
    completed_at: execution.completed_at ?? null,
    failed_task: execution.failed_task ?? null,
    error: execution.error ?? null,
    error_code: execution.reason ?? null,
    steps_executed: completedSteps(record).length,
    max_steps: execution.flow.max_steps,
    tasks: execution.flow.tasks.map((task) => {
      const steps = byTask.get(task.name) ?? [];
      return {
        name: task.name,
        task_type: task.task_type,
        status: taskStatus(steps, finished),
        attempts: steps.reduce((sum, s) => sum + s.attempt, 0),
      };
    }),
    task_results: completedSteps(record).map((step) => ({
      task_name: step.task_name,
      status: step.status === 'SUCCEEDED' ? 'success' : 'failure',
      data: step.output ?? null,
      error: step.error ?? null,
      error_code: step.error_code ?? null,
      attempt: step.attempt,
      step: step.seq,
      started_at: step.started_at,
      completed_at: step.completed_at ?? null,
      duration_ms: step.duration_ms ?? null,
    })),
    ...(warnings && warnings.length > 0 && { warnings }),
  };
}

/** The v1 service's one-line summary of a finished execution. */
export function completionMessage(record: ExecutionRecord): string {
  const { execution } = record;
  const count = completedSteps(record).length;
  switch (execution.status) {
    case 'SUCCEEDED':
      return `Flow '${execution.flow.name}' completed successfully. Executed ${count} task(s).`;
    case 'FAILED':
      return execution.failed_task
        ? `Flow '${execution.flow.name}' failed at task '${execution.failed_task}': ${execution.error ?? 'unknown error'}. Executed ${count} task(s).`
        : `Flow '${execution.flow.name}' failed: ${execution.error ?? 'unknown error'}. Executed ${count} task(s).`;
    case 'CANCELLED':
      return `Flow '${execution.flow.name}' was cancelled after ${count} task(s).`;
    default:
      return `Flow '${execution.flow.name}' is ${execution.status}. Executed ${count} task(s) so far.`;
  }
}
