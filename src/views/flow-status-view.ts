import type { ExecutionRecord } from '../domain/execution';
import type { ExecutionStatus } from '../domain/statuses';
import { completedSteps, currentTask } from './task-progress';

/** The /flow service's names for our statuses. */
const FLOW_SERVICE_STATUS: Record<ExecutionStatus, string> = {
  PENDING: 'CREATED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
};

/** The /flow service's status document (GET /flow/{id}/status, POST /flow/execute). */
export function flowStatusView(record: ExecutionRecord) {
  const { execution } = record;
  const done = completedSteps(record);
  // Keyed by task name: without a prototype, a task named `__proto__` is a key like any other
  // (on a plain object, assigning it would replace the prototype and vanish from the JSON).
  const taskResults: Record<string, unknown> = Object.create(null);
  for (const step of done) {
    const success = step.status === 'SUCCEEDED';
    taskResults[step.task_name] = {
      task_name: step.task_name,
      status: success ? 'SUCCESS' : 'FAILURE',
      message: step.message ?? (success ? 'Task completed successfully' : 'Task failed'),
      data: step.output ?? null,
      execution_time: (step.duration_ms ?? 0) / 1000,
      timestamp: step.completed_at ?? null,
      error: step.error ?? null,
    };
  }
  return {
    execution_id: execution.execution_id,
    flow_name: execution.flow.name,
    status: FLOW_SERVICE_STATUS[execution.status],
    current_task: currentTask(record),
    completed_tasks: done.filter((s) => s.status === 'SUCCEEDED').map((s) => s.task_name),
    started_at: execution.started_at ?? null,
    ended_at: execution.completed_at ?? null,
    task_results: taskResults,
  };
}
