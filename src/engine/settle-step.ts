import { ErrorCode } from '../domain/error-codes';
import type { Execution, ExecutionState, StepRecord, TaskProgress } from '../domain/execution/execution';
import { stateBytes, truncateUtf8 } from '../domain/execution/execution-state';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import type { TaskRunResult } from '../domain/execution/task-result';
import { errorName } from './error-matching';
import { nextTransition } from './next-transition';
import { progressAfter, stateAfter } from './record-step';
import type { Transition } from '../domain/execution/transition';

export interface StepRun {
  seq: number;
  task: string;
  taskType: string;
  attempt: number;
  startedAt: Date;
  completedAt: Date;
  result: TaskRunResult;
  /**
   * After a success: what the task hands on (its `output`), and the variables it set (`assign`);
   * after a failure a catcher takes, the variables that catcher's `assign` set.
   */
  handedOn?: unknown;
  assigned?: ReadonlyMap<string, unknown>;
  /** After a success with a choice condition: the rule that held. */
  choice?: number | 'default' | 'none';
  /** After a failure a JSONPath catcher takes: what the next state reads (the error placed by its ResultPath). */
  caughtOutput?: unknown;
  /** In [0, 1): the draw for a retrier's FULL jitter. */
  random?: number;
  /** The failure is terminal: nothing takes it (StepResult.terminal). */
  terminal?: boolean;
}

export interface SettledStep {
  step: StepRecord;
  transition: Transition;
  state: ExecutionState;
  progress: ReadonlyMap<string, TaskProgress>;
}

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
    error_code: ErrorCode.DataLimitExceeded,
    error: `the execution's state would be ${bytes} bytes with this task's output; the limit is ${LIMITS.maxStateBytes} bytes (input, the latest output of each task and per-task progress)`,
  });
}

function settle(flow: FlowDefinition, execution: Execution, run: StepRun, result: TaskRunResult): SettledStep {
  const error = result.error === undefined ? undefined : truncateUtf8(result.error, LIMITS.maxErrorBytes);
  const message = result.message === undefined ? undefined : truncateUtf8(result.message, LIMITS.maxErrorBytes);
  const success = result.status === 'success';
  const transition = nextTransition(flow, run.seq, {
    task: run.task,
    outcome: result.status,
    ...(error && { error: truncateUtf8(error.text, LIMITS.maxSummaryErrorBytes).text }),
    ...(result.error_code !== undefined && { error_code: result.error_code }),
    ...(success && run.choice !== undefined && { choice: run.choice }),
    ...(execution.cursor?.retries && { retries: execution.cursor.retries }),
    ...(run.random !== undefined && { random: run.random }),
    ...(run.terminal && { terminal: true }),
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
  return {
    step,
    transition,
    state: dataAfter(stateAfter(execution.state, step), run, result, transition),
    progress: progressAfter(execution.progress, step),
  };
}

/**
 * What the next task reads as `$states.input`, and the variables: a success hands on its output
 * (after its `output` template) and sets its `assign`ed variables; a retry runs again on the same
 * input; a failure that ends the execution keeps the input the task failed on, which a redrive
 * runs it on again, as Step Functions reruns a failed state; any other failure hands on the
 * error, as a caught error becomes the next state's input in Step Functions, and sets the
 * variables its catcher assigned.
 */
function dataAfter(state: ExecutionState, run: StepRun, result: TaskRunResult, transition: Transition): ExecutionState {
  if (transition.type === 'run' && transition.via === 'retry') return state;
  if (result.status === 'failure' && transition.type === 'finish' && transition.status !== 'SUCCEEDED') return state;
  const variables =
    run.assigned && run.assigned.size > 0 ? new Map([...(state.variables ?? []), ...run.assigned]) : state.variables;
  if (result.status === 'failure')
    return {
      ...state,
      data:
        run.caughtOutput !== undefined
          ? run.caughtOutput
          : { error: errorName(result.error_code), cause: result.error ?? '' },
      ...(variables && { variables }),
    };
  const handedOn = run.handedOn === undefined ? (result.output ?? null) : run.handedOn;
  return { ...state, data: handedOn, ...(variables && { variables }) };
}
