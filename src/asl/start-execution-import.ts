/*
 * Task states that start a child execution, as `start_flow` tasks (docs/child-flows.md): Step
 * Functions' `arn:aws:states:::states:startExecution` (started, not waited for), `.sync` (waited
 * for, its Output as JSON text) and `.sync:2` (waited for, its Output as JSON), and `.waitForTaskToken` (started,
 * then the task waits for a callback: a `start_flow` task with `wait_for_callback`). Its arguments
 * `StateMachineArn`, `Input` and `Name` become `flow_id`, `input` and `name`; the ARN names a saved
 * flow, and is read as one when the step runs (it may be computed). Pure.
 */

import type { ErrorDetail } from '../domain/errors';
import { flowOfStateMachineArn } from '../domain/state-machine-arn';
import { isExpression } from '../expressions/template-syntax';
import { hasArgument, renamedArguments } from './argument-renaming';
import { hasExpression, plainLiterals } from './templates';

type AslObject = Record<string, unknown>;

export const START_EXECUTION = 'arn:aws:states:::states:startExecution';
const AWS_SDK_START_EXECUTION = 'arn:aws:states:::aws-sdk:sfn:startExecution';
const FORMS: Record<string, { wait: boolean; output_format?: 'json' | 'string'; callback?: true }> = {
  [START_EXECUTION]: { wait: false },
  // Started, then the task waits for a callback whose token the Input hands the child (docs/callbacks.md).
  [`${START_EXECUTION}.waitForTaskToken`]: { wait: false, callback: true },
  [`${START_EXECUTION}.sync`]: { wait: true, output_format: 'string' },
  [`${START_EXECUTION}.sync:2`]: { wait: true, output_format: 'json' },
  // The same API call through the aws-sdk integration (its answer has the same shape): on this
  // engine every state machine is one of its own saved flows, never one on AWS.
  [AWS_SDK_START_EXECUTION]: { wait: false },
  [`${AWS_SDK_START_EXECUTION}.waitForTaskToken`]: { wait: false, callback: true },
};

/** The arguments of startExecution, by start_flow's parameter names. */
const ARGUMENTS: Record<string, string> = { StateMachineArn: 'flow_id', Input: 'input', Name: 'name' };

/** startExecution, `.sync`, `.sync:2` or `.waitForTaskToken`, or aws-sdk's sfn:startExecution. */
export const isStartExecutionResource = (resource: string): boolean => Object.hasOwn(FORMS, resource);

const isObject = (value: unknown): value is AslObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The `start_flow` task fields of a Task state whose Resource `isStartExecutionResource`: in
 * JSONPath mode its Parameters as `jsonpath.parameters` (a payload template), in JSONata mode its
 * Arguments as `parameters` (all literal: checked at submission) or `arguments` (expressions).
 * Problems go to `details`, each at its place in the definition.
 */
export function startExecutionTaskFields(
  state: AslObject,
  at: (...segments: Array<string | number>) => string,
  details: ErrorDetail[],
  mode: 'JSONPath' | 'JSONata',
): Record<string, unknown> {
  const form = FORMS[state.Resource as string]!;
  const field = mode === 'JSONPath' ? 'Parameters' : 'Arguments';
  const written = state[field];
  const fixed = { wait: form.wait, ...(form.output_format && { output_format: form.output_format }) };
  if (!isObject(written)) {
    details.push({ path: at(field), message: 'must be an object naming StateMachineArn (and Input, Name as needed)' });
    return { task_type: 'start_flow' };
  }
  const renamed = renamedArguments(written, ARGUMENTS, {
    mode,
    call: 'states:startExecution',
    at: (key) => at(field, key),
    details,
  });
  if (!hasArgument(renamed, 'flow_id'))
    details.push({ path: at(field), message: 'names no StateMachineArn: the saved flow to start' });
  const arn = renamed.flow_id;
  if (typeof arn === 'string' && !isExpression(arn) && !flowOfStateMachineArn(arn))
    details.push({
      path: at(field, 'StateMachineArn'),
      message: `'${String(arn)}' is not a state machine ARN: write arn:aws:states:<region>:<account>:stateMachine:<saved flow id>`,
    });
  if (form.wait && hasArgument(renamed, 'name'))
    details.push({
      path: at(field, 'Name'),
      message: 'is not taken by a .sync start: the child waited for is named after the step that starts it',
    });
  const parameters = { ...renamed, ...fixed };
  const type = { task_type: 'start_flow', ...(form.callback && { wait_for_callback: true }) };
  if (mode === 'JSONPath') return { ...type, jsonpath: { parameters } };
  const literal = plainLiterals(parameters);
  return hasExpression(literal) ? { ...type, arguments: parameters } : { ...type, parameters: literal };
}
