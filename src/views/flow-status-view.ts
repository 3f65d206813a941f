import type { Execution, TaskProgress } from '../domain/execution/execution';
import type { ExecutionStatus } from '../domain/statuses';
import { currentTask } from './task-progress';

/** The /flow service's names for our statuses. */
const FLOW_SERVICE_STATUS = {
  PENDING: 'CREATED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  ABORTED: 'ABORTED',
  TIMED_OUT: 'TIMED_OUT',
} as const satisfies Record<ExecutionStatus, string>;

/**
 * The /flow service's status document (GET /flow/{id}/status, POST /flow/execute), built from the
 * execution's head alone: each task's latest run, whatever the number of steps. Its size is
 * bounded by the state limit. Keyed by task name on a prototype-free object, so a task named
 * `__proto__` is listed like any other.
 */
export function flowStatusView(execution: Execution) {
  const taskResults = Object.create(null) as Record<string, ReturnType<typeof taskResult>>;
  for (const [task, progress] of execution.progress) taskResults[task] = taskResult(execution, task, progress);
  return {
    execution_id: execution.execution_id,
    flow_name: execution.flow_name,
    status: FLOW_SERVICE_STATUS[execution.status],
    current_task: currentTask(execution),
    completed_tasks: [...execution.progress].filter(([, p]) => p.status === 'SUCCEEDED').map(([task]) => task),
    started_at: execution.started_at ?? null,
    ended_at: execution.completed_at ?? null,
    task_results: taskResults,
  };
}

/** A task's latest run, in the /flow service's words. */
function taskResult(execution: Execution, task: string, progress: TaskProgress) {
  const success = progress.status === 'SUCCEEDED';
  return {
    task_name: task,
    status: success ? ('SUCCESS' as const) : ('FAILURE' as const),
    message: progress.message ?? (success ? 'Task completed successfully' : 'Task failed'),
    data: (success && execution.state.results.get(task)) ?? null,
    execution_time: progress.duration_ms / 1000,
    timestamp: progress.completed_at,
    error: progress.error ?? null,
    ...(progress.truncated && { truncated: true as const }),
  };
}
