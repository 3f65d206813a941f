import { ErrorCode } from '../domain/error-codes';
import type { ErrorDetail } from '../domain/errors';
import {
  type ChoiceCondition,
  type ConditionDefinition,
  END,
  type ExpressionChoiceRule,
  FAIL,
  type FlowDefinition,
  isAslChoiceRule,
  isChoiceCondition,
  type SubFlowDefinition,
  type TaskDefinition,
} from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';
import { LIMITS } from '../domain/limits';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import { NEVER_ENDS_MESSAGE, neverEnds } from '../domain/flow/termination';
import {
  type AslCatcher,
  type AslMachine,
  type AslState,
  type AslStateMachine,
  CAUGHT_ERROR_OUTPUT,
  MAX_STATE_NAME_LENGTH,
  PASS_THROUGH_FAIL,
  QUERY_LANGUAGE,
  TASK_RUNNER_PLACEHOLDER,
} from './asl-definition';
import { aslString, aslTemplate } from './templates';
import { AslNotExpressibleError } from './asl-errors';
import { isTerminal, reachableStates } from './state-graph';
import { StateNames } from './state-names';
import { fanOutState } from './fan-out-export';
import { integrationState, isIntegrationTask, lostCallbackWarning } from './integration-export';
import { catcherOf, isPlainWait, retrierOf, type Success, taskState, waitState } from './task-states';

export interface AslExport {
  asl: AslStateMachine;
  /** What the state machine cannot say as our flow does (e.g. `max_steps`), each by path. */
  warnings: ErrorDetail[];
}

export interface AslExportOptions {
  /** `Arguments.FunctionName` of every Task state; default TASK_RUNNER_PLACEHOLDER. */
  functionName?: string;
}

/**
 * A validated flow as an equivalent state machine in JSONata mode. Routing is carried over in
 * our engine's order (retry → catch → condition → next in the list):
 * - each task is a Task state invoking the task-runner function with `{ task_type, parameters, input }`,
 *   or a plain Wait state for a `wait` task that only waits; an `aws_sdk` or `start_flow` task is
 *   the Step Functions integration it stands for (integration-export.ts);
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

/** Shared by a machine and its branches and item processors: state names are unique in the whole machine. */
interface ExportContext {
  names: StateNames;
  warnings: ErrorDetail[];
  functionName: string;
  waitsAsTasks: boolean;
}

function build(flow: FlowDefinition, options: AslExportOptions, waitsAsTasks: boolean): AslExport {
  const warnings: ErrorDetail[] = [];
  const context: ExportContext = {
    names: new StateNames(),
    warnings,
    functionName: options.functionName ?? TASK_RUNNER_PLACEHOLDER,
    waitsAsTasks,
  };
  if (flow.max_steps !== LIMITS.defaultMaxSteps) {
    warnings.push({
      path: 'flow.max_steps',
      message: 'Step Functions has no max_steps: the state machine runs until it ends or times out',
    });
  }
  const machine = machineOf(flow, ['flow'], context);
  return {
    asl: {
      Comment: flow.name,
      QueryLanguage: QUERY_LANGUAGE,
      StartAt: machine.StartAt,
      ...(flow.timeout_seconds !== undefined && { TimeoutSeconds: flow.timeout_seconds }),
      States: machine.States,
    },
    warnings,
  };
}

/**
 * A flow's body as a machine's states: the flow itself, or a branch or item processor in it
 * (`prefix`, the path of the sub-flow: `['flow', 'tasks', 0, 'branches', 1]`), whose transitions
 * stay within it as Step Functions wants.
 */
function machineOf(flow: SubFlowDefinition, prefix: Segment[], context: ExportContext): AslMachine {
  const { names, warnings, functionName, waitsAsTasks } = context;
  if (prefix.length > 1 && neverEnds(flow))
    throw new AslNotExpressibleError(`${formatPath(prefix)}: ${NEVER_ENDS_MESSAGE}`);
  const stateOf = new Map(flow.tasks.map((task) => [task.name, names.allocate(task.name)]));
  flow.tasks.forEach((task, i) => {
    const lostWait = lostCallbackWarning(task, [...prefix, 'tasks', i]);
    if (lostWait) warnings.push(lostWait);
    const state = stateOf.get(task.name)!;
    if (state !== task.name) {
      warnings.push({
        path: `${formatPath([...prefix, 'tasks', i])}.name`,
        message:
          [...task.name].length > MAX_STATE_NAME_LENGTH
            ? `state names are at most 80 characters: task '${task.name}' is the state '${state}'`
            : `state names are unique in the whole state machine, branches included: task '${task.name}' is the state '${state}'`,
      });
    }
  });

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
        Choices: expressionRules(condition, [...prefix, 'conditions', flow.conditions.indexOf(condition)]).map(
          (rule) => ({
            Condition: aslTemplate(rule.condition) as string,
            ...(rule.assign !== undefined && { Assign: aslTemplate(rule.assign) as Record<string, unknown> }),
            Next: to(rule.next),
          }),
        ),
        ...(condition.default !== undefined && { Default: to(condition.default) }),
        ...(condition.default_output !== undefined && { Output: aslTemplate(condition.default_output) }),
        ...(condition.default_assign !== undefined && {
          Assign: aslTemplate(condition.default_assign) as Record<string, unknown>,
        }),
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
  flow.tasks.forEach((task, i) => {
    const condition = conditionFor(flow, task.name);
    const success = successOf(task, condition);
    const failureRoute = failureRouteOf(condition);
    const catchers: AslCatcher[] = (task.catch ?? []).map((c) =>
      catcherOf(c, (name) => target(name, succeed, failWithCaughtError)),
    );
    const caughtAll = task.catch?.some((c) => c.error_equals.includes(ErrorCode.All)) ?? false;
    if (failureRoute !== undefined && !caughtAll)
      catchers.push({ ErrorEquals: [ErrorCode.All], Next: failureRoute, Output: CAUGHT_ERROR_OUTPUT });
    const taskAt = [...prefix, 'tasks', i];
    const placing = task.catch?.findIndex((c) => c.result_path !== undefined) ?? -1;
    if (placing >= 0)
      throw new AslNotExpressibleError(
        `${formatPath([...taskAt, 'catch', placing, 'result_path'])}: the export writes JSONata mode, which has no catcher ResultPath; give the catcher an output template ($states.errorOutput) instead`,
      );
    if (task.jsonpath !== undefined)
      throw new AslNotExpressibleError(
        `${formatPath([...taskAt, 'jsonpath'])}: the export writes JSONata mode, and a task's JSONPath fields are not translated to it yet; write the task with arguments and output to export it`,
      );
    // A fan-out's or an integration's result is its own, not a Lambda envelope: templates as written.
    const common = {
      ...(task.output !== undefined && { Output: aslTemplate(task.output) }),
      ...(task.assign !== undefined && { Assign: aslTemplate(task.assign) as Record<string, unknown> }),
      ...(task.retry && { Retry: task.retry.map(retrierOf) }),
      ...(catchers.length > 0 && { Catch: catchers }),
      ...(task.description !== undefined && { Comment: task.description }),
      ...success,
    };
    states[stateOf.get(task.name)!] = task.fan_out
      ? fanOutState(task, task.fan_out, taskAt, warnings, common, (subFlow, path) =>
          machineOf(subFlow, [...taskAt, ...path], context),
        )
      : isIntegrationTask(task)
        ? integrationState(task, taskAt, warnings, common)
        : !waitsAsTasks && isPlainWait(task) && catchers.length === 0
          ? waitState(task, success)
          : taskState(task, success, catchers, functionName);
  });
  for (const [name, state] of helpers) states[name] = state;
  const startAt = stateOf.get(flow.start_task)!;
  if (!endsSomewhere({ StartAt: startAt, States: states })) endOnUncaughtFailure(states, startAt, failWithCaughtError);

  // Step Functions refuses states that nothing reaches; our flows only warn about such tasks.
  const reachable = reachableStates(states, startAt);
  flow.tasks.forEach((task, i) => {
    if (!reachable.has(stateOf.get(task.name)!))
      warnings.push({
        path: formatPath([...prefix, 'tasks', i]),
        message: `task '${task.name}' is unreachable, so the state machine leaves it out`,
      });
  });
  return {
    StartAt: startAt,
    States: Object.fromEntries(Object.entries(states).filter(([name]) => reachable.has(name))),
  };
}

type Segment = string | number;

/**
 * A condition's choices as JSONata rules. A States Language `rule` (JSONPath mode) is refused
 * rather than dropped: the machine is in JSONata mode, where Step Functions allows no JSONPath
 * state, and translating the rule would change what a missing path means (an error, not false).
 */
function expressionRules(condition: ChoiceCondition, at: Segment[]): ExpressionChoiceRule[] {
  if (condition.output_path !== undefined) {
    const path = formatPath([...at, 'output_path']);
    throw new AslNotExpressibleError(`${path}: the export writes JSONata mode, which has no OutputPath`, path);
  }
  return condition.choices.map((choice, i) => {
    if (!isAslChoiceRule(choice)) return choice;
    const path = formatPath([...at, 'choices', i, 'rule']);
    throw new AslNotExpressibleError(
      `${path}: the export writes JSONata mode, which has no JSONPath-mode Choice rules; write the rule as a condition '{% … %}' to export it`,
      path,
    );
  });
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
    if (
      !(state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') ||
      state.Catch?.some((c) => c.ErrorEquals.includes(ErrorCode.All))
    )
      continue;
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
