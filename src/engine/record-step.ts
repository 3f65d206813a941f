import type { Cursor, ExecutionState, StepRecord, TaskProgress } from '../domain/execution/execution';
import type { FlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { truncateUtf8 } from '../domain/execution/execution-state';
import { withProgress } from '../domain/execution/progress-map';
import type { Transition } from '../domain/execution/transition';

/**
 * What recording a step does to the execution's bounded state, pure: the task's output becomes its
 * latest result (moved to the end, so "latest run last" holds), its progress entry is replaced,
 * and the cursor moves to the next step. Nothing here grows with the number of steps run.
 */
export function stateAfter(state: ExecutionState, step: StepRecord): ExecutionState {
  if (step.output === undefined) return state;
  const results = new Map(state.results);
  results.delete(step.task_name);
  results.set(step.task_name, step.output);
  return { ...state, results };
}

export function progressAfter(
  progress: ReadonlyMap<string, TaskProgress>,
  step: StepRecord,
): ReadonlyMap<string, TaskProgress> {
  const before = progress.get(step.task_name);
  const error = step.error === undefined ? undefined : truncateUtf8(step.error, LIMITS.maxSummaryErrorBytes);
  const message = step.message === undefined ? undefined : truncateUtf8(step.message, LIMITS.maxSummaryErrorBytes);
  return withProgress(progress, step.task_name, {
    status: step.status,
    attempts: (before?.attempts ?? 0) + step.attempt,
    last_seq: step.seq,
    last_attempt: step.attempt,
    started_at: step.started_at,
    completed_at: step.completed_at,
    duration_ms: step.duration_ms,
    ...(step.error_code !== undefined && { error_code: step.error_code }),
    ...(error && { error: error.text }),
    ...(message && { message: message.text }),
    ...((error?.truncated || message?.truncated || step.truncated) && { truncated: true }),
  });
}

/**
 * The step after `transition`, as the head stores it; undefined when the execution finishes. A
 * retry keeps its counts and is due after its delay (divided by `timeScale`, which speeds up every
 * wait and backoff on the local stack).
 */
export function cursorAfter(
  flow: FlowDefinition,
  transition: Transition,
  nowMs = 0,
  timeScale = 1,
): Cursor | undefined {
  if (transition.type !== 'run') return undefined;
  const delayMs = ((transition.delay_seconds ?? 0) * 1000) / timeScale;
  return {
    seq: transition.seq,
    task: transition.task,
    timeout_seconds: taskTimeout(flow, transition.task),
    ...(transition.retries && { retries: transition.retries }),
    ...(delayMs > 0 && { due_at: new Date(nowMs + delayMs).toISOString() }),
  };
}

export const taskTimeout = (flow: FlowDefinition, task: string): number =>
  stepTimeout(flow.tasks.find((t) => t.name === task));

/**
 * How long one run of a task's step may take: its `timeout_seconds`, which sizes the step's lease.
 * A map or parallel's step only opens or gathers its fan-out, whatever the fan-out's own
 * `timeout_seconds` (hours, maybe), which counts from when it parked instead.
 */
export const stepTimeout = (task: TaskDefinition | undefined): number =>
  task?.fan_out ? LIMITS.defaultTaskTimeoutSeconds : (task?.timeout_seconds ?? LIMITS.defaultTaskTimeoutSeconds);
