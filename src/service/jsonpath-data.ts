import { evaluateIntrinsic, IntrinsicFailureError } from '../asl/intrinsics';
import {
  contextObject,
  inputPath,
  JsonPathRuntimeError,
  outputPath,
  payloadTemplate,
  resultPath,
} from '../asl/jsonpath';
import { stateInput } from '../domain/execution/execution-state';
import type { JsonPathFields } from '../domain/flow/jsonpath-fields';
import { contextFacts, type DataScope, type Evaluated } from './step-data';

/**
 * A task's data in JSONPath mode (docs/decisions/0027-jsonpath-mode-as-task-fields.md), as Step
 * Functions processes a Task state's: its parameters from `input_path` then the `parameters`
 * template; what it hands on from `result_selector` on its result, `result_path` into the
 * state's input, then `output_path`. A path that selects nothing or a result that cannot be
 * placed fails the step with States.Runtime, an intrinsic's bad argument with
 * States.IntrinsicFailure, both catchable.
 */
export function jsonPathParameters(scope: DataScope, fields: JsonPathFields): Evaluated<unknown> {
  return caught(() => {
    const context = contextObject(contextFacts(scope));
    const input = inputPath(stateInput(scope.execution.state), fields.input_path, context);
    return fields.parameters === undefined
      ? scope.task.parameters
      : payloadTemplate(fields.parameters, input, context, intrinsicEvaluator, 'Parameters');
  });
}

/** What the task hands on after it succeeded with `result` (JSONPath fields set no variables). */
export function jsonPathAfterSuccess(
  scope: DataScope,
  fields: JsonPathFields,
  result: unknown,
): Evaluated<{ handedOn: unknown; assigned: Map<string, unknown> }> {
  return caught(() => {
    const context = contextObject(contextFacts(scope));
    const selected =
      fields.result_selector === undefined
        ? result
        : payloadTemplate(fields.result_selector, result, context, intrinsicEvaluator, 'ResultSelector');
    const placed = resultPath(stateInput(scope.execution.state), selected, fields.result_path);
    return { handedOn: outputPath(placed, fields.output_path, context), assigned: new Map<string, unknown>() };
  });
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
