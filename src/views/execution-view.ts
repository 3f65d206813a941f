import type { ErrorDetail } from '../domain/errors';
import { type Execution, type ExecutionDetail, shownAttempt } from '../domain/execution/execution';
import { executionOutput } from '../domain/execution/execution-state';
import { failRouteText } from '../domain/execution/fail-route';
import { type CountedFanOut, fanOutCountsView } from './fan-out-summary';
import { currentTask, stoppedStep, taskAttempts, taskStatus, waitingUntil } from './task-progress';

/**
 * The v1 service's execution document (GET /api/v1/flows/executions/{id}). `tasks` comes from the
 * head; `task_results` is one page of recorded steps: the whole execution for ordinary lengths,
 * otherwise a page with `task_results_next_token` for the next one (`task_results_paged` says so).
 * Given the execution's fan-out items, `fan_out` counts the children of each map and parallel task.
 */
export function executionView(detail: ExecutionDetail, warnings?: ErrorDetail[], fanOuts?: readonly CountedFanOut[]) {
  const { execution, flow, page } = detail;
  const paged = page.nextToken !== undefined || (page.steps[0]?.seq ?? 1) > 1;
  return {
    execution_id: execution.execution_id,
    name: execution.name ?? null,
    flow_id: execution.flow_id,
    flow_name: execution.flow_name,
    flow_version: execution.flow_version ?? null,
    started_by: execution.started_by ?? null,
    status: execution.status,
    current_task: currentTask(execution),
    input: execution.state.input,
    output: executionOutput(execution),
    created_at: execution.created_at,
    started_at: execution.started_at ?? null,
    completed_at: execution.completed_at ?? null,
    failed_task: execution.failed_task ?? null,
    fail_route: execution.fail_route ?? null,
    stopped_step: stoppedStep(execution) ?? null,
    error: execution.error ?? null,
    error_code: execution.reason ?? null,
    steps_executed: execution.steps_recorded,
    max_steps: execution.max_steps,
    timeout_seconds: execution.timeout_seconds ?? null,
    deadline_at: execution.deadline_at ?? null,
    waiting_until: waitingUntil(execution),
    redrive_count: execution.redrive_count ?? 0,
    redriven_at: execution.redrive?.at ?? null,
    test_case: execution.mock ?? null,
    tasks: flow.tasks.map((task) => ({
      name: task.name,
      task_type: task.task_type,
      status: taskStatus(execution, task.name),
      attempts: taskAttempts(execution, task.name),
    })),
    task_results: page.steps.map((step) => ({
      task_name: step.task_name,
      status: step.status === 'SUCCEEDED' ? ('success' as const) : ('failure' as const),
      data: step.output ?? null,
      error: step.error ?? null,
      error_code: step.error_code ?? null,
      attempt: shownAttempt(step),
      step: step.seq,
      started_at: step.started_at,
      completed_at: step.completed_at,
      duration_ms: step.duration_ms,
      ...(step.truncated && { truncated: true as const }),
    })),
    task_results_paged: paged,
    task_results_next_token: page.nextToken ?? null,
    ...(fanOuts && { fan_out: fanOutCountsView(fanOuts) }),
    ...(warnings && warnings.length > 0 && { warnings }),
  };
}

/** The v1 service's one-line summary of a finished execution. */
export function completionMessage(execution: Execution): string {
  const count = execution.steps_recorded;
  const name = execution.flow_name;
  switch (execution.status) {
    case 'SUCCEEDED':
      return `Flow '${name}' completed successfully. Executed ${count} task(s).`;
    case 'FAILED':
      if (execution.fail_route)
        return `Flow '${name}' ${failRouteText(execution.fail_route)}: ${execution.error ?? 'no cause given'}. Executed ${count} task(s).`;
      return execution.failed_task
        ? `Flow '${name}' failed at task '${execution.failed_task}': ${execution.error ?? 'unknown error'}. Executed ${count} task(s).`
        : `Flow '${name}' failed: ${execution.error ?? 'unknown error'}. Executed ${count} task(s).`;
    case 'CANCELLED':
      return `Flow '${name}' was cancelled after ${count} task(s).`;
    case 'ABORTED':
      return `Flow '${name}' was stopped after ${count} task(s)${execution.error ? `: ${execution.error}` : ''}.`;
    case 'TIMED_OUT':
      return `Flow '${name}' timed out after ${count} task(s).`;
    default:
      return `Flow '${name}' is ${execution.status}. Executed ${count} task(s) so far.`;
  }
}
