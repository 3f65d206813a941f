import { evaluateIntrinsic, IntrinsicFailureError } from '../asl/intrinsics';
import {
  assignTemplate,
  contextObject,
  inputPath,
  JsonPathRuntimeError,
  outputPath,
  payloadTemplate,
  resultPath,
  taskSecondsFromPath,
  waitSecondsFromPath,
  waitTimestampFromPath,
} from '../asl/jsonpath';
import { stateInput } from '../domain/execution/execution-state';
import type { TaskRunResult } from '../domain/execution/task-result';
import type { ChoiceCondition, TaskDefinition } from '../domain/flow/flow-definition';
import type { JsonPathFields } from '../domain/flow/jsonpath-fields';
import { errorName } from '../engine/error-matching';
import { contextFacts, type DataScope, type Evaluated } from './step-data';

/**
 * A task's data in JSONPath mode (docs/decisions/0027-jsonpath-mode-as-task-fields.md), as Step
 * Functions processes a state's: its parameters from `input_path` then the `parameters`
 * template; what it hands on from `result_selector` on its result, `result_path` into the
 * state's input, then `output_path`. A path that selects nothing or a result that cannot be
 * placed fails the step with States.Runtime, an intrinsic's bad argument with
 * States.IntrinsicFailure, both catchable.
 */
export function jsonPathParameters(scope: DataScope, fields: JsonPathFields): Evaluated<unknown> {
  // A noop's `parameters` template computes its result (a Pass state's Parameters), not its parameters.
  if (handsOnItsInput(scope.task)) return { ok: true, value: scope.task.parameters };
  return caught(() => {
    const { context, variables } = pathSources(scope);
    const input = inputPath(stateInput(scope.execution.state), fields.input_path, context, variables);
    return fields.parameters === undefined
      ? scope.task.parameters
      : payloadTemplate(fields.parameters, input, context, intrinsicEvaluator, 'Parameters', variables);
  });
}

/** What a JSONPath path reads besides the data: the context object (`$$`) and the variables before the state (`$name`). */
export function pathSources(
  scope: DataScope,
  variables: ReadonlyMap<string, unknown> = scope.execution.state.variables ?? new Map<string, unknown>(),
): { context: ReturnType<typeof contextObject>; variables: ReadonlyMap<string, unknown> } {
  return { context: contextObject(contextFacts(scope)), variables };
}

/**
 * What the task hands on after it succeeded with `result`, and the variables its `assign` sets. A
 * noop or wait returns nothing of its own: its result is `result` (a Pass state's Result) or its
 * effective input, as a Pass, Wait, Choice or Succeed state hands on. `assign` reads that result
 * as `$` (before `result_selector`, as Step Functions evaluates a state's Assign), and every path
 * reads the variables as they were before the task.
 */
export function jsonPathAfterSuccess(
  scope: DataScope,
  fields: JsonPathFields,
  result: unknown,
): Evaluated<{ handedOn: unknown; assigned: Map<string, unknown> }> {
  return caught(() => {
    const { context, variables } = pathSources(scope);
    const own = handsOnItsInput(scope.task)
      ? fields.result !== undefined
        ? fields.result
        : effectiveInput(scope, fields, context, variables)
      : result;
    const assigned =
      fields.assign === undefined
        ? new Map<string, unknown>()
        : assignTemplate(fields.assign, own, context, intrinsicEvaluator, variables);
    const selected =
      fields.result_selector === undefined
        ? own
        : payloadTemplate(fields.result_selector, own, context, intrinsicEvaluator, 'ResultSelector', variables);
    const placed = resultPath(stateInput(scope.execution.state), selected, fields.result_path);
    return { handedOn: outputPath(placed, fields.output_path, context, variables), assigned };
  });
}

/**
 * What a choice hands its chosen task: its input, or the part its `output_path` (a Choice state's
 * OutputPath) keeps. `variables`: as the choice sees them (after its source task's assign).
 */
export function choiceOutput(
  scope: DataScope,
  condition: ChoiceCondition,
  input: unknown,
  variables: ReadonlyMap<string, unknown>,
): Evaluated<unknown> {
  if (condition.output_path === undefined) return { ok: true, value: input };
  return caught(() => outputPath(input, condition.output_path, contextObject(contextFacts(scope)), variables));
}

/** A wait's `seconds` or `timestamp`: read through `seconds_path` or `timestamp_path`, else as its parameters say. */
export function jsonPathWaitFor(scope: DataScope, fields: JsonPathFields): Evaluated<unknown> {
  return caught(() => {
    if (fields.seconds_path === undefined && fields.timestamp_path === undefined) return scope.task.parameters;
    const { context, variables } = pathSources(scope);
    const input = inputPath(stateInput(scope.execution.state), fields.input_path, context, variables);
    const data = { input, context, variables };
    return fields.seconds_path !== undefined
      ? { seconds: waitSecondsFromPath(data, fields.seconds_path) }
      : { timestamp: waitTimestampFromPath(data, fields.timestamp_path!) };
  });
}

/**
 * The run's time limit: read through `timeout_seconds_path` (a TimeoutSecondsPath) when there is
 * one, at most the task's `timeout_seconds` (what its lease was sized for), else that.
 */
export function jsonPathTimeout(scope: DataScope, fields: JsonPathFields, limit: number): Evaluated<number> {
  if (fields.timeout_seconds_path === undefined) return { ok: true, value: limit };
  return caught(() => {
    const { context, variables } = pathSources(scope);
    const input = inputPath(stateInput(scope.execution.state), fields.input_path, context, variables);
    const data = { input, context, variables };
    const seconds = taskSecondsFromPath(data, fields.timeout_seconds_path!, 'TimeoutSecondsPath');
    if (seconds > limit)
      throw new JsonPathRuntimeError(
        'TimeoutSecondsPath',
        fields.timeout_seconds_path!,
        `selects ${seconds} seconds, more than the ${limit} a task may run here`,
      );
    return seconds;
  });
}

/**
 * A failure as a JSONPath state records it: its error name as Step Functions gives it, so the
 * execution fails with `States.Timeout` (not the native `timeout`) or `States.TaskFailed` (not
 * no code at all). Catchers and retriers match either spelling the same.
 */
export const withStatesErrorName = (result: TaskRunResult): TaskRunResult =>
  result.status === 'failure' ? { ...result, error_code: errorName(result.error_code) } : result;

/** Task types that return nothing of their own, and so hand on their effective input in JSONPath mode. */
const handsOnItsInput = (task: TaskDefinition): boolean => task.task_type === 'noop' || task.task_type === 'wait';

function effectiveInput(
  scope: DataScope,
  fields: JsonPathFields,
  context: unknown,
  variables: ReadonlyMap<string, unknown>,
): unknown {
  const input = inputPath(stateInput(scope.execution.state), fields.input_path, context, variables);
  return fields.parameters === undefined
    ? input
    : payloadTemplate(fields.parameters, input, context, intrinsicEvaluator, 'Parameters', variables);
}

/** Intrinsic functions in a payload template, their paths read by the template's reader. */
export const intrinsicEvaluator = (expression: string, readPath: (path: string) => unknown): unknown =>
  evaluateIntrinsic(expression, { readPath });

/** `work`'s value, or its JSONPath failure (States.Runtime, States.IntrinsicFailure) as the step's, catchable. */
export function caught<T>(work: () => T): Evaluated<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    if (error instanceof JsonPathRuntimeError || error instanceof IntrinsicFailureError)
      return { ok: false, failure: { status: 'failure', error: error.message, error_code: error.errorName } };
    throw error;
  }
}
