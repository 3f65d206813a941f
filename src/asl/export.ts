import type { Catcher, Retrier } from '../domain/flow/error-handling';
import { ErrorCode } from '../domain/error-codes';
import type { ErrorDetail } from '../domain/errors';
import {
  type ConditionDefinition,
  END,
  FAIL,
  type FlowDefinition,
  isChoiceCondition,
  type TaskDefinition,
} from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import { NEVER_ENDS_MESSAGE, neverEnds } from '../domain/flow/termination';
import {
  type AslCatcher,
  type AslRetrier,
  type AslState,
  type AslStateMachine,
  CAUGHT_ERROR_OUTPUT,
  LAMBDA_INVOKE,
  PASS_THROUGH_FAIL,
  QUERY_LANGUAGE,
  TASK_RUNNER_PLACEHOLDER,
} from './asl-definition';
import { aslString, aslTemplate, resultAsPayload } from './templates';
import { AslNotExpressibleError } from './asl-errors';
import { isTerminal, reachableStates } from './state-graph';
import { StateNames } from './state-names';

export interface AslExport {
  asl: AslStateMachine;
  /** What the state machine cannot say as our flow does (e.g. `max_steps`), each by path. */
  warnings: ErrorDetail[];
}

export interface AslExportOptions {
  /** `Arguments.FunctionName` of every Task state; default TASK_RUNNER_PLACEHOLDER. */
  functionName?: string;
}

type Success = { Next: string } | { End: true };

/**
 * A validated flow as an equivalent state machine in JSONata mode. Routing is carried over in
 * our engine's order (retry → catch → condition → next in the list):
 * - each task is a Task state invoking the task-runner function with `{ task_type, parameters, input }`,
 *   or a plain Wait state for a `wait` task that only waits;
 * - the success side of a condition is the state's `Next`/`End` (or a Choice state after it, for
 *   choices), the failure side a last `Catch` on `States.ALL`; a failure our engine would let end
 *   the execution needs nothing, as an uncaught error ends it in Step Functions too;
 * - `end` is `End: true` or a Succeed state, `fail` a Fail state with the condition's error and cause.
 */
export function flowToAsl(flow: FlowDefinition, options: AslExportOptions = {}): AslExport {
  // A state machine needs a state that ends it; validation warns about the same flows.
  if (neverEnds(flow)) throw new AslNotExpressibleError(NEVER_ENDS_MESSAGE);
  try {
    return build(flow, options, false);
  } catch (error) {
    // A loop of waits with no way out: as Task states, one of them can end the machine on a failure.
    if (error instanceof AslNotExpressibleError) return build(flow, options, true);
    throw error;
  }
}

function build(flow: FlowDefinition, options: AslExportOptions, waitsAsTasks: boolean): AslExport {
  const functionName = options.functionName ?? TASK_RUNNER_PLACEHOLDER;
  const names = new StateNames();
  const warnings: ErrorDetail[] = [];
  const stateOf = new Map(flow.tasks.map((task) => [task.name, names.allocate(task.name)]));
  flow.tasks.forEach((task, i) => {
    if (stateOf.get(task.name) !== task.name) {
      warnings.push({
        path: `flow.tasks[${i}].name`,
        message: `state names are at most 80 characters: task '${task.name}' is the state '${stateOf.get(task.name)}'`,
      });
    }
  });
  if (flow.max_steps !== LIMITS.defaultMaxSteps) {
    warnings.push({
      path: 'flow.max_steps',
      message: 'Step Functions has no max_steps: the state machine runs until it ends or times out',
    });
  }

  // Helper states (Succeed, Fail, Choice) come after the tasks, so the tasks keep their order.
  const helpers = new Map<string, AslState>();
  const helperByContent = new Map<string, string>();
  // The same state for the same content, within one owner (the whole machine, or one condition).
  const helper = (wanted: string, state: AslState, owner = ''): string => {
    const key = `${owner}\u0000${JSON.stringify(state)}`;
    const existing = helperByContent.get(key);
    if (existing !== undefined) return existing;
    const name = names.allocate(wanted);
    helpers.set(name, state);
    helperByContent.set(key, name);
    return name;
  };
  const succeed = () => helper('Succeeded', { Type: 'Succeed' });
  const failWithCaughtError = () => helper('Failed', { Type: 'Fail', ...PASS_THROUGH_FAIL });
  // After a success there is no error to pass on; after a failure its cause is the execution's.
  const failByCondition = (condition: ConditionDefinition, side: 'success' | 'failure') =>
    helper(
      `${condition.name} fail`,
      {
        Type: 'Fail',
        Error: aslString(condition.error ?? ErrorCode.Fail),
        ...(condition.cause !== undefined
          ? { Cause: aslString(condition.cause) }
          : side === 'failure' && { Cause: PASS_THROUGH_FAIL.Cause }),
      },
      condition.source_task,
    );
  const target = (name: string, orEnd: () => string, orFail: () => string) =>
    name === END ? orEnd() : name === FAIL ? orFail() : stateOf.get(name)!;

  const successOf = (task: TaskDefinition, condition: ConditionDefinition | undefined): Success => {
    if (!condition) {
      const next = taskAfter(flow, task.name);
      return next === undefined ? { End: true } : { Next: stateOf.get(next)! };
    }
    if (isChoiceCondition(condition)) {
      const to = (name: string) => target(name, succeed, () => failByCondition(condition, 'success'));
      const choice: AslState = {
        Type: 'Choice',
        Choices: condition.choices.map((rule) => ({
          Condition: aslTemplate(rule.condition) as string,
          Next: to(rule.next),
        })),
        ...(condition.default !== undefined && { Default: to(condition.default) }),
        ...(condition.description !== undefined && { Comment: condition.description }),
      };
      return { Next: helper(condition.name, choice, condition.source_task) };
    }
    const onSuccess = condition.outcome === 'success' ? condition.target_task_success : condition.target_task_failure;
    if (onSuccess === END) return { End: true };
    return { Next: target(onSuccess, succeed, () => failByCondition(condition, 'success')) };
  };

  /** Where the condition sends a failure that retriers and catchers left; undefined: the execution fails. */
  const failureRouteOf = (condition: ConditionDefinition | undefined): string | undefined => {
    if (!condition || isChoiceCondition(condition)) return undefined;
    const onFailure = condition.outcome === 'success' ? condition.target_task_failure : condition.target_task_success;
    if (onFailure === END) return undefined;
    return target(onFailure, succeed, () => failByCondition(condition, 'failure'));
  };

  const states: Record<string, AslState> = {};
  for (const task of flow.tasks) {
    const condition = conditionFor(flow, task.name);
    const success = successOf(task, condition);
    const failureRoute = failureRouteOf(condition);
    const catchers: AslCatcher[] = (task.catch ?? []).map((c) =>
      catcherOf(c, (name) => target(name, succeed, failWithCaughtError)),
    );
    const caughtAll = task.catch?.some((c) => c.error_equals.includes(ErrorCode.All)) ?? false;
    if (failureRoute !== undefined && !caughtAll)
      catchers.push({ ErrorEquals: [ErrorCode.All], Next: failureRoute, Output: CAUGHT_ERROR_OUTPUT });
    states[stateOf.get(task.name)!] =
      !waitsAsTasks && isPlainWait(task) && catchers.length === 0
        ? waitState(task, success)
        : taskState(task, success, catchers, functionName);
  }
  for (const [name, state] of helpers) states[name] = state;
  const startAt = stateOf.get(flow.start_task)!;
  if (!endsSomewhere({ StartAt: startAt, States: states })) endOnUncaughtFailure(states, startAt, failWithCaughtError);

  // Step Functions refuses states that nothing reaches; our flows only warn about such tasks.
  const reachable = reachableStates(states, startAt);
  flow.tasks.forEach((task, i) => {
    if (!reachable.has(stateOf.get(task.name)!))
      warnings.push({
        path: `flow.tasks[${i}]`,
        message: `task '${task.name}' is unreachable, so the state machine leaves it out`,
      });
  });
  return {
    asl: {
      Comment: flow.name,
      QueryLanguage: QUERY_LANGUAGE,
      StartAt: startAt,
      ...(flow.timeout_seconds !== undefined && { TimeoutSeconds: flow.timeout_seconds }),
      States: Object.fromEntries(Object.entries(states).filter(([name]) => reachable.has(name))),
    },
    warnings,
  };
}

const endsSomewhere = (asl: Pick<AslStateMachine, 'StartAt' | 'States'>): boolean =>
  [...reachableStates(asl.States, asl.StartAt)].some((name) => isTerminal(asl.States[name]!));

/**
 * A flow that only loops still ends when a task fails uncaught; Step Functions wants that end
 * written down (a machine needs a terminal state). Catching every error into a Fail state that
 * fails with it says the same thing. Flows that never end were refused before (neverEnds); what
 * is left here is a loop of Wait states, which cannot fail (flowToAsl then makes them tasks), or
 * one that ends only when no choice rule matches.
 */
function endOnUncaughtFailure(
  states: Record<string, AslState>,
  startAt: string,
  failWithCaughtError: () => string,
): void {
  for (const name of reachableStates(states, startAt)) {
    const state = states[name]!;
    if (state.Type !== 'Task' || state.Catch?.some((c) => c.ErrorEquals.includes(ErrorCode.All))) continue;
    state.Catch = [
      ...(state.Catch ?? []),
      { ErrorEquals: [ErrorCode.All], Next: failWithCaughtError(), Output: CAUGHT_ERROR_OUTPUT },
    ];
    states[failWithCaughtError()] ??= { Type: 'Fail', ...PASS_THROUGH_FAIL };
    return;
  }
  throw new AslNotExpressibleError(
    'the flow has no state that ends it but a choice that no rule matches, and a state machine needs one',
  );
}

/** A `wait` that only waits: anything more (a failure rate, templates, retries) needs the task runner. */
function isPlainWait(task: TaskDefinition): boolean {
  if (
    task.task_type !== 'wait' ||
    task.arguments !== undefined ||
    task.output !== undefined ||
    task.assign !== undefined ||
    task.retry
  )
    return false;
  const { seconds, timestamp, failure_rate = 0, ...rest } = task.parameters;
  return failure_rate === 0 && Object.keys(rest).length === 0 && (seconds !== undefined) !== (timestamp !== undefined);
}

function waitState(task: TaskDefinition, success: Success): AslState {
  const { seconds, timestamp } = task.parameters;
  return {
    Type: 'Wait',
    ...(seconds !== undefined
      ? { Seconds: aslTemplate(seconds) as number | string }
      : { Timestamp: aslTemplate(timestamp) as string }),
    ...(task.description !== undefined && { Comment: task.description }),
    ...success,
  };
}

const PASS_INPUT = '{% $states.input %}';

function taskState(task: TaskDefinition, success: Success, catchers: AslCatcher[], functionName: string): AslState {
  const parameters = task.arguments !== undefined ? task.arguments : task.parameters;
  return {
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Arguments: {
      FunctionName: functionName,
      Payload: { task_type: task.task_type, parameters: aslTemplate(parameters), input: '{% $states.input %}' },
    },
    // Without an `output`, a task hands on its result, but a wait hands on its input (as a Wait state does).
    Output:
      task.output === undefined
        ? task.task_type === 'wait'
          ? PASS_INPUT
          : '{% $states.result.Payload %}'
        : resultAsPayload(aslTemplate(task.output)),
    ...(task.assign !== undefined && { Assign: resultAsPayload(aslTemplate(task.assign)) as Record<string, unknown> }),
    // Step Functions counts whole seconds; a fraction rounds up, never cutting a run short.
    ...(task.timeout_seconds !== undefined && { TimeoutSeconds: Math.ceil(task.timeout_seconds) }),
    ...(task.retry && { Retry: task.retry.map(retrierOf) }),
    ...(catchers.length > 0 && { Catch: catchers }),
    ...(task.description !== undefined && { Comment: task.description }),
    ...success,
  };
}

/** Step Functions knows a task timeout only as `States.Timeout`; our flows may also say `timeout`. */
const aslErrorEquals = (names: readonly string[]): string[] => [
  ...new Set(names.map((name) => (name === ErrorCode.TaskTimeout ? ErrorCode.Timeout : name))),
];

const retrierOf = (r: Retrier): AslRetrier => ({
  ErrorEquals: aslErrorEquals(r.error_equals),
  IntervalSeconds: r.interval_seconds,
  MaxAttempts: r.max_attempts,
  BackoffRate: r.backoff_rate,
  ...(r.max_delay_seconds !== undefined && { MaxDelaySeconds: r.max_delay_seconds }),
  JitterStrategy: r.jitter,
});

const catcherOf = (c: Catcher, to: (name: string) => string): AslCatcher => ({
  ErrorEquals: aslErrorEquals(c.error_equals),
  Next: to(c.next),
  Output: CAUGHT_ERROR_OUTPUT,
});
