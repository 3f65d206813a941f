import type { FlowDefinition } from '../domain/flow-definition';
import { route } from '../domain/routing';
import type { StepResult, Transition } from './transition';

/** The first step of every execution. */
export const startTransition = (flow: FlowDefinition): Transition => ({ type: 'run', task: flow.start_task, seq: 1 });

/**
 * The engine's heart: given the flow, the number of the step that just ran and its result, what
 * happens next. Pure and deterministic: no clock, no randomness, no I/O.
 *
 * Finishing: SUCCEEDED if the last task that ran succeeded, FAILED (naming it) if it failed.
 * A step beyond `max_steps` is never run: the execution fails with reason `max_steps_exceeded`.
 */
export function nextTransition(flow: FlowDefinition, seq: number, result: StepResult): Transition {
  const target = route(flow, result.task, result.outcome);
  if (target.finish) {
    return result.outcome === 'success'
      ? { type: 'finish', status: 'SUCCEEDED' }
      : {
          type: 'finish',
          status: 'FAILED',
          failed_task: result.task,
          error: result.error ?? `task '${result.task}' failed`,
          reason: result.error_code ?? 'task_failed',
        };
  }
  if (seq + 1 > flow.max_steps) {
    return {
      type: 'finish',
      status: 'FAILED',
      error: `max_steps (${flow.max_steps}) exceeded: step ${seq + 1} would have run task '${target.task}'`,
      reason: 'max_steps_exceeded',
    };
  }
  return { type: 'run', task: target.task, seq: seq + 1 };
}
