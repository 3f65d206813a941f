import type { ErrorDetail } from '../domain/errors';
import { awsCallTaskFields, isAwsCallResource } from './aws-sdk-import';
import { type AslObject, isTaskRunnerInvoke } from './import-checks';
import { isLambdaFunctionResource, lambdaTaskFields, type QueryMode } from './lambda-import';
import { isStartExecutionResource, startExecutionTaskFields } from './start-execution-import';
import { mockOnlyTaskFields } from './mock-only-import';
import { isSfnCallbackResource, sfnCallbackTaskFields } from './sfn-callback-import';
import { mockOnlyReason, mocksPossibleHere, unfilledFunctionName } from '../tasks/mock-only-resources';

type At = (...path: Array<string | number>) => string;

/**
 * The fields of a Task state that calls something outside the engine's own task types: a child
 * execution (`states:startExecution`), a Lambda function (its ARN or `lambda:invoke`, but the
 * engine's own task runner), an AWS service (aws-sdk, optimized integrations) or a call the engine
 * can only mock (mock-only-import.ts) or answers itself (sfn-callback-import.ts), each in either
 * query language; undefined for any other state. The translation adds what every task has.
 */
export function integrationFields(
  state: AslObject,
  at: At,
  details: ErrorDetail[],
): ((mode: QueryMode) => Record<string, unknown>) | undefined {
  if (state.Type !== 'Task') return undefined;
  const resource = String(state.Resource);
  if (isStartExecutionResource(resource)) return (mode) => startExecutionTaskFields(state, at, details, mode);
  if (isSfnCallbackResource(resource)) return (mode) => sfnCallbackTaskFields(state, at, details, mode);
  // The export's own task-runner invokes name their function by a placeholder: they are not this.
  const unfilled =
    mocksPossibleHere() &&
    !isTaskRunnerInvoke(state) &&
    unfilledFunctionName(resource, state.Parameters ?? state.Arguments);
  if (mockOnlyReason(resource) !== undefined || unfilled) return (mode) => mockOnlyTaskFields(state, at, details, mode);
  if (isLambdaFunctionResource(resource) && !isTaskRunnerInvoke(state))
    return (mode) => lambdaTaskFields(state, at, details, mode);
  if (isAwsCallResource(resource)) return (mode) => awsCallTaskFields(state, at, details, mode);
  return undefined;
}
