import { ErrorCode } from '../domain/error-codes';
import { type FailRoute, failRouteText } from '../domain/execution/fail-route';
import { END, FAIL, type FlowDefinition, isChoiceCondition, type TaskDefinition } from '../domain/flow/flow-definition';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import { catcherFor, errorName, retrierFor } from './error-matching';
import { retryDelaySeconds } from './retry-policy';
import type { RouteVia, StepResult, Transition } from '../domain/execution/transition';

/** The first step of every execution. */
export const startTransition = (flow: FlowDefinition): Transition => ({ type: 'run', task: flow.start_task, seq: 1 });

type Finish = Extract<Transition, { type: 'finish' }>;

/**
 * The engine's heart: given the flow, the number of the step that just ran and its result, what
 * happens next. Pure and deterministic: no clock, no randomness (jitter comes in with the result),
 * no I/O. In order, as in Amazon States Language:
 * 1. a failure is retried by the first retrier whose `error_equals` matches, while it has retries left;
 * 2. then the first matching catcher routes it;
 * 3. otherwise the task's condition routes it (on its outcome, or on its data through choice rules
 *    after a success); without a condition, success goes on to the next task in the list and a
 *    failure finishes the execution.
 * `end` finishes (SUCCEEDED if the last task succeeded or its failure was handled, FAILED if not);
 * `fail` finishes FAILED on purpose. A step beyond `max_steps` is never run.
 */
export function nextTransition(flow: FlowDefinition, seq: number, result: StepResult): Transition {
  const task = flow.tasks.find((t) => t.name === result.task);
  if (result.outcome === 'failure' && result.terminal) return failed(result);
  if (result.outcome === 'failure' && task) {
    const handled = retryOrCatch(flow, task, seq, result);
    if (handled) return handled;
  }
  const condition = conditionFor(flow, result.task);
  if (!condition) {
    if (result.outcome === 'failure') return failed(result);
    const next = taskAfter(flow, result.task);
    return next === undefined ? { type: 'finish', status: 'SUCCEEDED' } : run(flow, seq, next, 'next_task');
  }
  if (isChoiceCondition(condition)) {
    if (result.outcome === 'failure') return failed(result);
    if (typeof result.choice === 'number')
      return to(flow, seq, condition.choices[result.choice]!.next, result, 'choice', result.choice, condition);
    if (result.choice === 'default' && condition.default !== undefined)
      return to(flow, seq, condition.default, result, 'default', undefined, condition);
    return {
      type: 'finish',
      status: 'FAILED',
      failed_task: result.task,
      error: `no choice rule of condition '${condition.name}' matched the output of '${result.task}', and it has no default`,
      reason: ErrorCode.NoChoiceMatched,
    };
  }
  const target = result.outcome === condition.outcome ? condition.target_task_success : condition.target_task_failure;
  return to(flow, seq, target, result, 'condition', undefined, condition);
}

function retryOrCatch(
  flow: FlowDefinition,
  task: TaskDefinition,
  seq: number,
  result: StepResult,
): Transition | undefined {
  const name = errorName(result.error_code);
  const retriers = task.retry ?? [];
  const index = retrierFor(retriers, name);
  if (index >= 0) {
    const used = result.retries?.[index] ?? 0;
    const retrier = retriers[index]!;
    if (used < retrier.max_attempts) {
      const retries = retriers.map((_, i) => result.retries?.[i] ?? 0);
      retries[index] = used + 1;
      const delay = retryDelaySeconds(retrier, used + 1, result.random ?? 0);
      const next = run(flow, seq, task.name, 'retry', index);
      return next.type === 'run' ? { ...next, retries, delay_seconds: delay } : next;
    }
  }
  const catchers = task.catch ?? [];
  const catcher = catcherFor(catchers, name);
  if (!catcher) return undefined;
  // A caught failure counts as handled: reaching `end` from here is a success.
  return to(flow, seq, catcher.next, { ...result, outcome: 'success' }, 'catch', catchers.indexOf(catcher));
}

function to(
  flow: FlowDefinition,
  seq: number,
  target: string,
  result: StepResult,
  via: RouteVia,
  rule?: number,
  condition?: { error?: string; cause?: string; name: string },
): Transition {
  if (target === END)
    return result.outcome === 'success' ? { type: 'finish', status: 'SUCCEEDED', via } : failed(result);
  if (target === FAIL) {
    // No task failed to run: the flow routed to `fail`. The route, not a task, is what ended it.
    const fail_route: FailRoute = {
      after_task: result.task,
      by: via === 'catch' || via === 'choice' || via === 'default' ? via : 'condition',
      ...(condition && via !== 'catch' && { condition: condition.name }),
      ...(rule !== undefined && { rule }),
    };
    return {
      type: 'finish',
      status: 'FAILED',
      error: condition?.cause ?? result.error ?? failRouteText(fail_route),
      reason: condition?.error ?? (via === 'catch' ? errorName(result.error_code) : ErrorCode.Fail),
      via: 'fail',
      fail_route,
    };
  }
  return run(flow, seq, target, via, rule);
}

function run(flow: FlowDefinition, seq: number, task: string, via: RouteVia, rule?: number): Transition {
  if (seq + 1 > flow.max_steps) {
    return {
      type: 'finish',
      status: 'FAILED',
      error: `max_steps (${flow.max_steps}) exceeded: step ${seq + 1} would have run task '${task}'`,
      reason: ErrorCode.MaxStepsExceeded,
      via: 'max_steps',
    };
  }
  return { type: 'run', task, seq: seq + 1, via, ...(rule !== undefined && { rule }) };
}

const failed = (result: StepResult): Finish => ({
  type: 'finish',
  status: 'FAILED',
  failed_task: result.task,
  error: result.error ?? `task '${result.task}' failed`,
  reason: result.error_code ?? ErrorCode.FailedWithoutCode,
});
