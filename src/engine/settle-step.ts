import type { Execution, ExecutionState, StepRecord, TaskProgress } from '../domain/execution';
import { stateBytes, truncateUtf8 } from '../domain/execution-state';
import type { FlowDefinition } from '../domain/flow-definition';
import { LIMITS } from '../domain/limits';
import type { TaskRunResult } from '../tasks/task-type';
import { nextTransition } from './next-transition';
import { progressAfter, stateAfter } from './record-step';
import type { Transition } from './transition';

export interface StepRun {
  seq: number;
  task: string;
  taskType: string;
  attempt: number;
  startedAt: Date;
  completedAt: Date;
  result: TaskRunResult;
}

export interface SettledStep {
  step: StepRecord;
  transition: Transition;
  state: ExecutionState;
  progress: Map<string, TaskProgress>;
}

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/**
 * Turns a task run into what gets committed, pure: the step record (error and message cut to
 * their limit), the routing decision, and the execution's next state. An output that would push
 * the state past LIMITS.maxStateBytes is not kept: the step fails with `States.DataLimitExceeded`
 * and is routed like any failure.
 */
export function settleStep(flow: FlowDefinition, execution: Execution, run: StepRun): SettledStep {
  const first = settle(flow, execution, run, run.result);
  const bytes = stateBytes(first.state, first.progress);
  if (bytes <= LIMITS.maxStateBytes) return first;
  return settle(flow, execution, run, {
    status: 'failure',
    error_code: DATA_LIMIT_EXCEEDED,
    error: `the execution's state would be ${bytes} bytes with this task's output; the limit is ${LIMITS.maxStateBytes} bytes (input, the latest output of each task and per-task progress)`,
  });
}

function settle(flow: FlowDefinition, execution: Execution, run: StepRun, result: TaskRunResult): SettledStep {
  const error = result.error === undefined ? undefined : truncateUtf8(result.error, LIMITS.maxErrorBytes);
  const message = result.message === undefined ? undefined : truncateUtf8(result.message, LIMITS.maxErrorBytes);
  const transition = nextTransition(flow, run.seq, {
    task: run.task,
    outcome: result.status,
    ...(error && { error: truncateUtf8(error.text, LIMITS.maxSummaryErrorBytes).text }),
    ...(result.error_code !== undefined && { error_code: result.error_code }),
  });
  const step: StepRecord = {
    seq: run.seq,
    task_name: run.task,
    task_type: run.taskType,
    status: result.status === 'success' ? 'SUCCEEDED' : 'FAILED',
    attempt: run.attempt,
    started_at: run.startedAt.toISOString(),
    completed_at: run.completedAt.toISOString(),
    duration_ms: run.completedAt.getTime() - run.startedAt.getTime(),
    ...(result.output !== undefined && { output: result.output }),
    ...(error && { error: error.text }),
    ...(result.error_code !== undefined && { error_code: result.error_code }),
    ...(message && { message: message.text }),
    next: transition,
    ...((error?.truncated || message?.truncated) && { truncated: true }),
  };
  return { step, transition, state: stateAfter(execution.state, step), progress: progressAfter(execution.progress, step) };
}
