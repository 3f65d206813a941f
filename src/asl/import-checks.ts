import { isSfnCallbackResource } from './sfn-callback-import';
import { mockOnlyReason, mockOnlyRefusal, mocksPossibleHere, unfilledFunctionName } from '../tasks/mock-only-resources';
import { LIMITS } from '../domain/limits';
import type { ErrorDetail } from '../domain/errors';
import { isPlainObject } from '../domain/flow/flow-schema';
import { jsonDocumentProblems } from '../lib/json-guards';
import { FLOW_RESOURCE_PREFIX, LAMBDA_INVOKE, QUERY_LANGUAGE } from './asl-definition';
import { isStartExecutionResource } from './start-execution-import';
import { ASL_MESSAGES, aslPath } from './asl-errors';
import {
  isSupportedStateType,
  SUPPORTED_CATCHER_FIELDS,
  SUPPORTED_CHOICE_RULE_FIELDS,
  SUPPORTED_RETRIER_FIELDS,
  SUPPORTED_STATE_FIELDS,
  SUPPORTED_STATE_MACHINE_FIELDS,
  REFUSED_STATE_FIELDS,
} from './supported-fields';
import { fanOutStateProblems } from './fan-out-state-checks';
import { choiceStateProblems } from './choice-rules/choice-rule-problems';
import { JSONPATH_CATCHER_FIELDS, JSONPATH_STATE_FIELDS, REFUSED_JSONPATH_FIELDS } from './jsonpath-state-fields';
import { isJsonataLanguage, languageOf, machineLanguage, type QueryLanguage } from './query-language';
import { jsonPathStateProblems } from './jsonpath-state-checks';
import { isLambdaFunctionResource } from './lambda-import';
import { isCallbackResource } from './callback-resources';
import { awsCallResourceProblem, isAwsCallResource } from './aws-sdk-import';

export type AslObject = Record<string, unknown>;

/** A definition whose shape the import can read: every state a supported type with supported fields. */
export interface ReadableMachine {
  Comment?: unknown;
  QueryLanguage?: unknown;
  StartAt: string;
  TimeoutSeconds?: unknown;
  States: Record<string, AslObject>;
}

const PAYLOAD_FIELDS = ['task_type', 'parameters', 'input'];
const LAMBDA_ARGUMENT_FIELDS = ['FunctionName', 'Payload'];

/**
 * Every problem that makes a definition unreadable as a flow, each by path (`asl.States.Fan.Type`):
 * JSONPath mode, unsupported state types, fields and integrations, transitions to nowhere.
 * Values inside supported fields (numbers, error names, expressions) are checked later, by the
 * flow validation, with the same paths.
 */
export function stateMachineProblems(asl: unknown): ErrorDetail[] {
  if (!isPlainObject(asl)) return [{ path: 'asl', message: `asl ${ASL_MESSAGES.notAnObject}` }];
  const guard = jsonDocumentProblems(asl, 'asl', LIMITS.maxJsonDepth);
  if (guard.length > 0) return guard;
  const details: ErrorDetail[] = [];
  const problem: Problem = Object.assign(
    (message: string, ...path: Array<string | number>) => void details.push({ path: aslPath(...path), message }),
    { report: (detail: ErrorDetail) => void details.push(detail) },
  );
  unknownFields(asl, SUPPORTED_STATE_MACHINE_FIELDS, 'a state machine', [], problem);
  const language = machineLanguage(asl);
  if (language === undefined) problem(ASL_MESSAGES.queryLanguage, 'QueryLanguage');
  machineProblems(asl, [], problem, language ?? QUERY_LANGUAGE);
  return details;
}

/**
 * The states of a machine, or of a branch or item processor in one (`prefix` its path): each in
 * its own scope of names, as Step Functions reads them, a Parallel's or Map's own sub-machines
 * checked the same way.
 */
function machineProblems(
  machine: AslObject,
  prefix: Array<string | number>,
  problem: Problem,
  language: QueryLanguage,
): void {
  const states = machine.States;
  if (!isPlainObject(states) || Object.keys(states).length === 0) {
    problem('must be an object of at least one state', ...prefix, 'States');
    return;
  }
  const names = new Set(Object.keys(states));
  const target = (value: unknown, ...path: Array<string | number>) => {
    if (typeof value !== 'string') problem('must name a state', ...path);
    else if (!names.has(value)) problem(ASL_MESSAGES.noState(value), ...path);
  };
  target(machine.StartAt, ...prefix, 'StartAt');
  for (const [name, state] of Object.entries(states)) {
    if (!isPlainObject(state)) {
      problem(ASL_MESSAGES.notAnObject, ...prefix, 'States', name);
      continue;
    }
    stateProblems([...prefix, 'States', name], state, problem, target, language);
    if (state.Type === 'Choice' && languageOf(state, language) === 'JSONPath')
      choiceStateProblems(state, ['asl', ...prefix, 'States', name], names).forEach(problem.report);
  }
}

/** Reports a problem at a path (`asl.` is put before it); `report` takes one whose path is written out. */
export type Problem = ((message: string, ...path: Array<string | number>) => void) & {
  report: (detail: ErrorDetail) => void;
};
type Target = (value: unknown, ...path: Array<string | number>) => void;

function stateProblems(
  statePath: Array<string | number>,
  state: AslObject,
  problem: Problem,
  target: Target,
  machine: QueryLanguage,
): void {
  const at = (...path: Array<string | number>) => [...statePath, ...path];
  const type = state.Type;
  if (!isSupportedStateType(type)) {
    problem(ASL_MESSAGES.stateType(type), ...at('Type'));
    return;
  }
  const language = languageOf(state, machine);
  if (state.QueryLanguage !== undefined && state.QueryLanguage !== language)
    problem(ASL_MESSAGES.queryLanguage, ...at('QueryLanguage'));
  else if (state.QueryLanguage === 'JSONPath' && isJsonataLanguage(machine))
    problem(ASL_MESSAGES.jsonPathInJsonata, ...at('QueryLanguage'));
  // A Task's Credentials (a role to assume) is left out, with a warning, where mocks exist: refused elsewhere.
  const { Credentials: _credentials, ...withoutCredentials } = state;
  const checked = type === 'Task' && mocksPossibleHere() ? withoutCredentials : state;
  if (isJsonataLanguage(language))
    unknownFields(checked, SUPPORTED_STATE_FIELDS[type], `a ${type} state`, at(), problem, REFUSED_STATE_FIELDS[type]);
  else
    unknownFields(
      checked,
      JSONPATH_STATE_FIELDS[type],
      `a JSONPath ${type} state`,
      at(),
      problem,
      REFUSED_JSONPATH_FIELDS,
    );
  if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
    const hasNext = state.Next !== undefined;
    if (hasNext === (state.End === true) || (state.End !== undefined && state.End !== true))
      problem(ASL_MESSAGES.transition, ...at(hasNext ? 'Next' : 'End'));
    if (hasNext) target(state.Next, ...at('Next'));
  }
  if (type === 'Task' || type === 'Parallel' || type === 'Map')
    errorHandlingProblems(state, at, problem, target, isJsonataLanguage(language));
  if (type === 'Parallel' || type === 'Map')
    fanOutStateProblems(type, state, at, problem, (sub, path, fields, where) => {
      unknownFields(sub, fields, where, path, problem);
      machineProblems(sub, path, problem, machine);
    });
  if (type === 'Choice' && state.Default === undefined)
    for (const field of isJsonataLanguage(language) ? ['Assign', 'Output'] : ['Assign'])
      if (state[field] !== undefined)
        problem(`applies only when the Default is taken: give a Default, or give the ${field} on a rule`, ...at(field));
  if (!isJsonataLanguage(language)) {
    jsonPathStateProblems(type, state, at, problem);
    return;
  }
  if (type === 'Task') taskProblems(state, at, problem);
  if (type === 'Wait' && (state.Seconds === undefined) === (state.Timestamp === undefined))
    problem('give exactly one of Seconds and Timestamp', ...at('Seconds'));
  if (type === 'Choice') {
    if (!Array.isArray(state.Choices) || state.Choices.length === 0)
      problem('must be an array of at least one rule { Condition, Next }', ...at('Choices'));
    else {
      state.Choices.forEach((rule: unknown, i) => {
        if (!isPlainObject(rule)) return problem(ASL_MESSAGES.notAnObject, ...at('Choices', i));
        unknownFields(
          rule,
          SUPPORTED_CHOICE_RULE_FIELDS,
          'a choice rule (JSONata mode has Condition, not Variable and comparisons)',
          at('Choices', i),
          problem,
        );
        target(rule.Next, ...at('Choices', i, 'Next'));
      });
    }
    if (state.Default !== undefined) target(state.Default, ...at('Default'));
  }
  if (type === 'Fail') {
    for (const field of ['Error', 'Cause'])
      if (state[field] !== undefined && typeof state[field] !== 'string') problem('must be a string', ...at(field));
  }
}

export type At = (...path: Array<string | number>) => Array<string | number>;

function taskProblems(state: AslObject, at: At, problem: Problem): void {
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
        (mocksPossibleHere() && !isTaskRunnerInvoke(state)
          ? unfilledFunctionName(resource, state.Parameters ?? state.Arguments)
          : undefined))
      : undefined;
  if (mockOnly !== undefined) {
    if (!mocksPossibleHere()) problem(mockOnlyRefusal(mockOnly), ...at('Resource'));
    return;
  }
  if (typeof resource !== 'string') problem(ASL_MESSAGES.resource, ...at('Resource'));
  else if (resource.includes('${')) problem(ASL_MESSAGES.placeholder(resource), ...at('Resource'));
  else if (/\.(sync|waitForTaskToken)(:\d+)?$/.test(resource) && !isCallbackResource(resource))
    problem(ASL_MESSAGES.callback, ...at('Resource'));
  else if (resource === LAMBDA_INVOKE) {
    const args = state.Arguments;
    // Any other function's invoke is read by lambdaTaskFields, which names its problems.
    if (isTaskRunnerInvoke(state) && isPlainObject(args) && isPlainObject(args.Payload)) {
      unknownFields(args, LAMBDA_ARGUMENT_FIELDS, "the task runner's Arguments", at('Arguments'), problem);
      unknownFields(args.Payload, PAYLOAD_FIELDS, "the task runner's Payload", at('Arguments', 'Payload'), problem);
      if (args.Payload.input !== undefined && args.Payload.input !== '{% $states.input %}') {
        problem(
          "must be '{% $states.input %}': a task reads its input from the state's input",
          ...at('Arguments', 'Payload', 'input'),
        );
      }
    }
  } else if (isLambdaFunctionResource(resource)) return;
  else if (isAwsCallResource(resource)) {
    const refusal = awsCallResourceProblem(resource);
    if (refusal) problem(refusal, ...at('Resource'));
  } else if (!resource.startsWith(FLOW_RESOURCE_PREFIX) || resource.length === FLOW_RESOURCE_PREFIX.length)
    problem(ASL_MESSAGES.resource, ...at('Resource'));
}

function errorHandlingProblems(state: AslObject, at: At, problem: Problem, target: Target, jsonata: boolean): void {
  const rules = (field: 'Retry' | 'Catch', fields: readonly string[]) => {
    const list = state[field];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problem('must be an array', ...at(field));
      return;
    }
    list.forEach((rule: unknown, i) => {
      if (!isPlainObject(rule)) return problem(ASL_MESSAGES.notAnObject, ...at(field, i));
      unknownFields(rule, fields, field === 'Retry' ? 'a retrier' : 'a catcher', at(field, i), problem);
      if (field === 'Catch') {
        target(rule.Next, ...at(field, i, 'Next'));
      }
    });
  };
  rules('Retry', SUPPORTED_RETRIER_FIELDS);
  rules('Catch', jsonata ? SUPPORTED_CATCHER_FIELDS : JSONPATH_CATCHER_FIELDS);
}

function unknownFields(
  value: AslObject,
  known: readonly string[],
  where: string,
  path: Array<string | number>,
  problem: Problem,
  refused: Record<string, string> = {},
): void {
  for (const field of Object.keys(value)) {
    if (known.includes(field)) continue;
    problem(Object.hasOwn(refused, field) ? refused[field]! : ASL_MESSAGES.unknownField(field, where), ...path, field);
  }
}

/** A JSONata Task invoking the flow engine's own task runner, as the export writes it: its Payload names a task type. */
export function isTaskRunnerInvoke(state: AslObject): boolean {
  const args = state.Arguments;
  return (
    state.Resource === LAMBDA_INVOKE &&
    isPlainObject(args) &&
    isPlainObject(args.Payload) &&
    typeof args.Payload.task_type === 'string'
  );
}
