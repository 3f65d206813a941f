import type { ErrorDetail } from '../domain/errors';
import { awsCallTaskFields, isAwsCallResource } from './aws-sdk-import';
import { type AslObject, isTaskRunnerInvoke } from './import-checks';
import { isLambdaFunctionResource, lambdaTaskFields, type QueryMode } from './lambda-import';
import { isStartExecutionResource, startExecutionTaskFields } from './start-execution-import';

type At = (...path: Array<string | number>) => string;

/**
 * The fields of a Task state that calls something outside the engine's own task types: a child
 * execution (`states:startExecution`), a Lambda function (its ARN or `lambda:invoke`, but the
 * engine's own task runner) or an AWS service (aws-sdk, optimized integrations), each in either
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
  if (isLambdaFunctionResource(resource) && !isTaskRunnerInvoke(state))
    return (mode) => lambdaTaskFields(state, at, details, mode);
  if (isAwsCallResource(resource)) return (mode) => awsCallTaskFields(state, at, details, mode);
  return undefined;
}
