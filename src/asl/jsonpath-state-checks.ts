import { isSfnCallbackResource } from './sfn-callback-import';
import { mockOnlyReason, mockOnlyRefusal, mocksPossibleHere, unfilledFunctionName } from '../tasks/mock-only-resources';
import { isPlainObject } from '../domain/flow/flow-schema';
import { ASL_MESSAGES } from './asl-errors';
import { isStartExecutionResource } from './start-execution-import';
import type { SupportedStateType } from './supported-fields';
import { FLOW_RESOURCE_PREFIX } from './asl-definition';
import { isLambdaFunctionResource } from './lambda-import';
import { isCallbackResource } from './callback-resources';
import { awsCallResourceProblem, isAwsCallResource } from './aws-sdk-import';

type AslObject = Record<string, unknown>;
type At = (...path: Array<string | number>) => Array<string | number>;
/** As import-checks.ts reports: a message at a path (`asl.` is put before it). */
type Problem = (message: string, ...path: Array<string | number>) => void;

/**
 * What makes a JSONPath-mode state unreadable beyond its field names, by path: a Task's resource,
 * the one time of a Wait, a Fail's Error or ErrorPath (not both), the shape of the payload
 * templates. Paths and templates themselves are checked by the flow validation, with the same
 * paths (src/flow-requests/jsonpath-problems.ts); Choice rules by src/asl/choice-rules.
 */
export function jsonPathStateProblems(type: SupportedStateType, state: AslObject, at: At, problem: Problem): void {
  for (const field of ['Parameters', 'ResultSelector'])
    if (state[field] !== undefined && !isPlainObject(state[field]))
      problem('must be a JSON object (a payload template)', ...at(field));
  if (state.Assign !== undefined && !isPlainObject(state.Assign))
    problem('must be a JSON object of variable names and values (a payload template)', ...at('Assign'));
  for (const field of ['InputPath', 'OutputPath', 'ResultPath'])
    if (state[field] !== undefined && state[field] !== null && typeof state[field] !== 'string')
      problem('must be a path string or null', ...at(field));
  if (type === 'Task') resourceProblems(state, at, problem);
  if (type === 'Task') {
    for (const [seconds, path] of [
      ['TimeoutSeconds', 'TimeoutSecondsPath'],
      ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
    ] as const) {
      if (state[seconds] !== undefined && state[path] !== undefined)
        problem(`give ${seconds} or ${path}, not both`, ...at(path));
      if (state[path] !== undefined && typeof state[path] !== 'string') problem('must be a path string', ...at(path));
    }
  }
  if (type === 'Task' && state.HeartbeatSeconds !== undefined) {
    const heartbeat = state.HeartbeatSeconds;
    if (typeof heartbeat !== 'number' || !Number.isInteger(heartbeat) || heartbeat < 1)
      problem('must be a whole number of seconds, 1 or more', ...at('HeartbeatSeconds'));
  }
  if (type === 'Wait') {
    const given = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((f) => state[f] !== undefined);
    if (given.length !== 1)
      problem('give exactly one of Seconds, Timestamp, SecondsPath and TimestampPath', ...at(given[1] ?? 'Seconds'));
    for (const field of ['SecondsPath', 'TimestampPath'])
      if (state[field] !== undefined && typeof state[field] !== 'string')
        problem('must be a path string', ...at(field));
  }
  if (type === 'Fail') {
    for (const [text, path] of [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ] as const) {
      if (state[text] !== undefined && state[path] !== undefined)
        problem(`give ${text} or ${path}, not both`, ...at(path));
      for (const field of [text, path])
        if (state[field] !== undefined && typeof state[field] !== 'string') problem('must be a string', ...at(field));
    }
  }
}

function resourceProblems(state: AslObject, at: At, problem: Problem): void {
  const resource = state.Resource;
  // A child execution's start: its arguments are read by startExecutionTaskFields, which names its problems.
  if (typeof resource === 'string' && isStartExecutionResource(resource)) return;
  // An answer to a task token, which the engine sends itself: its arguments are read by sfnCallbackTaskFields.
  if (typeof resource === 'string' && isSfnCallbackResource(resource)) return;
  // A call the engine can only mock: a mock_only task where mocks exist, else refused.
  // A function named by an unfilled placeholder is mock-only where mocks exist; elsewhere lambdaTaskFields refuses it.
  const mockOnly =
    typeof resource === 'string'
      ? (mockOnlyReason(resource) ??
        (mocksPossibleHere() ? unfilledFunctionName(resource, state.Parameters ?? state.Arguments) : undefined))
      : undefined;
  if (mockOnly !== undefined) {
    if (!mocksPossibleHere()) problem(mockOnlyRefusal(mockOnly), ...at('Resource'));
    return;
  }
  if (typeof resource !== 'string') problem(ASL_MESSAGES.resource, ...at('Resource'));
  else if (resource.includes('${')) problem(ASL_MESSAGES.placeholder(resource), ...at('Resource'));
  else if (/\.(sync|waitForTaskToken)(:\d+)?$/.test(resource) && !isCallbackResource(resource))
    problem(ASL_MESSAGES.callback, ...at('Resource'));
  else if (isLambdaFunctionResource(resource)) return;
  else if (isAwsCallResource(resource)) {
    const refusal = awsCallResourceProblem(resource);
    if (refusal) problem(refusal, ...at('Resource'));
  } else if (!resource.startsWith(FLOW_RESOURCE_PREFIX) || resource.length === FLOW_RESOURCE_PREFIX.length)
    problem(ASL_MESSAGES.resource, ...at('Resource'));
}
