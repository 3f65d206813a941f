/*
 * The export's states for tasks that call a service Step Functions integrates with (export.ts):
 * an `aws_sdk` task as the integration it stands for (`arn:aws:states:::aws-sdk:<service>:<action>`
 * or the optimized one), a `start_flow` task as `states:startExecution` (`.sync`, `.sync:2`), each
 * in its `.waitForTaskToken` form when it waits for a callback, a `mock_only` task as the call it
 * keeps (mock-only-export.ts), an `answer_callback` task as `sfn:sendTask…` (sfn-callback-export.ts);
 * and the warning for a callback wait that no state carries. The reverse of aws-sdk-import.ts,
 * start-execution-import.ts, mock-only-import.ts and sfn-callback-import.ts: an export imports back
 * as the same task.
 */

import type { ErrorDetail } from '../domain/errors';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';
import { flowOfStateMachineArn, looksLikeArn } from '../domain/state-machine-arn';
import { stateMachineArn } from '../engine/child-flow/child-flow-output';
import { expressionText, isExpression } from '../expressions/template-syntax';
import { OPTIMIZED } from '../tasks/aws-sdk-result';
import type { AslState } from './asl-definition';
import { awsCallOf } from './aws-sdk-import';
import {
  CALLBACK,
  callbackTiming,
  type CommonFields,
  isBoolean,
  isInteger,
  isString,
  oneOf,
  runTiming,
  type Segment,
  WrittenFields,
} from './integration-fields';
import { mockOnlyState } from './mock-only-export';
import { sfnCallbackState } from './sfn-callback-export';
import { START_EXECUTION } from './start-execution-import';
import { aslTemplate, plainLiterals } from './templates';

export type { CommonFields } from './integration-fields';

const STATE_OF_TYPE = {
  aws_sdk: awsSdkState,
  start_flow: startExecutionState,
  mock_only: mockOnlyState,
  answer_callback: sfnCallbackState,
} as const;

const INTEGRATION_TYPES: ReadonlySet<string> = new Set(Object.keys(STATE_OF_TYPE));

/** Integration tasks whose state carries a callback wait (a mock_only task's is its Resource's, mock-only-export.ts). */
const CALLBACK_FORMS: ReadonlySet<string> = new Set(['aws_sdk', 'start_flow', 'mock_only']);

/** A task the export writes as a Step Functions integration of its own, not as a call to the task runner. */
export const isIntegrationTask = (task: TaskDefinition): boolean => INTEGRATION_TYPES.has(task.task_type);

/**
 * The task's state. Its parameters (or `arguments`, when it computes them) become the state's
 * Arguments; the fields that choose the Resource (`service`, `action`, `integration`; `wait`,
 * `output_format`; `resource`; `outcome`) must be written out, as a Resource cannot be computed: a
 * computed one is refused, naming it.
 */
export function integrationState(
  task: TaskDefinition,
  at: Segment[],
  warnings: ErrorDetail[],
  common: CommonFields,
): AslState {
  const stateOf = STATE_OF_TYPE[task.task_type as keyof typeof STATE_OF_TYPE];
  return stateOf(task, new WrittenFields(task, at), warnings, common);
}

/**
 * `arn:aws:states:::aws-sdk:<service>:<action>`, or with `integration: 'optimized'` the optimized
 * resource (`dynamodb:getItem`, `sns:publish`, `sqs:sendMessage`, `events:putEvents`), the call's
 * `parameters` as Arguments. With `wait_for_callback`, its `.waitForTaskToken` form; DynamoDB's
 * optimized integration has none, so that call waits through the aws-sdk one, with a warning.
 */
function awsSdkState(
  task: TaskDefinition,
  written: WrittenFields,
  warnings: ErrorDetail[],
  common: CommonFields,
): AslState {
  const service = written.fixed('service', undefined, isString, 'a service name');
  const action = written.fixed('action', undefined, isString, "an API action's name");
  if (service === undefined || action === undefined)
    throw written.refusal([service === undefined ? 'service' : 'action'], 'names no AWS API call');
  const integration = written.fixed(
    'integration',
    'aws-sdk',
    oneOf('aws-sdk', 'optimized'),
    "'aws-sdk' or 'optimized'",
  );
  const generic = `arn:aws:states:::aws-sdk:${service}:${action}`;
  let resource = generic;
  if (integration === 'optimized') {
    const key = Object.keys(OPTIMIZED).find((k) => OPTIMIZED[k]!.service === service);
    if (key === undefined || !OPTIMIZED[key]!.actions.includes(action))
      throw written.refusal(['integration'], `${service}:${action} has no optimized integration; use 'aws-sdk'`);
    resource = `arn:aws:states:::${key}:${action}`;
  }
  const callback = task.wait_for_callback === true;
  if (callback && awsCallOf(`${resource}${CALLBACK}`) === undefined) {
    warnings.push({
      path: written.path('integration'),
      message: `Step Functions' optimized ${service}:${action} has no ${CALLBACK} form: task '${task.name}' waits through ${generic}${CALLBACK}, whose errors are named as aws-sdk integrations name them`,
    });
    resource = generic;
  }
  return {
    Type: 'Task',
    Resource: callback ? `${resource}${CALLBACK}` : resource,
    Arguments: aslTemplate(written.template('parameters') ?? {}),
    ...(callback ? callbackTiming(task) : runTiming(task)),
    ...common,
  };
}

/**
 * `states:startExecution` (`wait: false`), `.sync` (`output_format: 'string'`: the child's Output
 * as JSON text), `.sync:2` (its Output as JSON) or, with `wait_for_callback`, `.waitForTaskToken`
 * (started, then a callback waited for), with `StateMachineArn`, `Input` and `Name`. A start that
 * waits for its child has no TimeoutSeconds: the task's `timeout_seconds` bounds its own run
 * here, never the child's.
 */
function startExecutionState(
  task: TaskDefinition,
  written: WrittenFields,
  warnings: ErrorDetail[],
  common: CommonFields,
): AslState {
  const wait = written.fixed('wait', false, isBoolean, 'true or false');
  const format = written.fixed('output_format', 'json', oneOf('json', 'string'), "'json' or 'string'");
  const callback = task.wait_for_callback === true;
  if (callback && wait)
    throw written.refusal(['wait'], 'with wait_for_callback, Step Functions has no form that also waits for the child');
  const input = written.template('input');
  const name = written.template('name');
  const { arn, flowId, version } = stateMachineOf(written);
  const named =
    flowId === undefined
      ? `a saved flow its expression names, as the state machine ${stateMachineArn('<flow id>')} unless it computes an ARN`
      : `the saved flow '${flowId}' as the state machine ${arn}`;
  warnings.push({
    path: written.path('flow_id'),
    message: `task '${task.name}' starts ${named}: a state machine of that name must exist on Step Functions (the ARN has the region and account this engine answers with: change them to yours)${input === undefined ? ", and it starts with no input rather than the saved flow's default input" : ''}`,
  });
  if (version !== undefined)
    warnings.push({
      path: written.path(written.template('version') === undefined ? 'flow_id' : 'version'),
      message: `the version is the state machine version ARN's :${version}: Step Functions numbers versions as they are published, so its version ${version} must be the one that runs this saved flow's version ${version}`,
    });
  return {
    Type: 'Task',
    Resource: `${START_EXECUTION}${callback ? CALLBACK : wait ? (format === 'string' ? '.sync' : '.sync:2') : ''}`,
    Arguments: {
      StateMachineArn: arn,
      ...(input !== undefined && { Input: aslTemplate(input) }),
      ...(name !== undefined && { Name: aslTemplate(name) }),
    },
    ...(callback ? callbackTiming(task) : !wait && runTiming(task)),
    ...common,
  };
}

/**
 * The state machine a `flow_id` names: an ARN as given, a saved flow's id as the ARN this engine
 * answers with (child-flow-output.ts), a computed id as an expression giving either. A `version`
 * becomes the ARN's `:<version>`, a state machine version's ARN (the engine reads it back so).
 */
function stateMachineOf(written: WrittenFields): { arn: string; flowId?: string; version?: number } {
  const flowId = plainLiterals(written.template('flow_id'));
  const version = written.fixed('version', undefined, isInteger, 'a whole number');
  if (isExpression(flowId)) {
    if (version !== undefined)
      throw written.refusal(
        ['version'],
        'with a computed flow_id, Step Functions has no place for a version: compute the version ARN (…:stateMachine:<flow id>:<version>) as flow_id instead',
      );
    const computed = expressionText(flowId).trim();
    return {
      arn: `{% ($flowId := (${computed}); $substring($flowId, 0, 4) = 'arn:' ? $flowId : '${stateMachineArn('')}' & $flowId) %}`,
    };
  }
  if (typeof flowId !== 'string') throw written.refusal(['flow_id'], 'names no saved flow');
  const named = looksLikeArn(flowId) ? flowOfStateMachineArn(flowId) : { flow_id: flowId };
  if (!named)
    throw written.refusal(
      ['flow_id'],
      `'${flowId}' is not a state machine ARN: write arn:aws:states:<region>:<account>:stateMachine:<saved flow id>`,
    );
  // A version given beside an ARN replaces the ARN's own, as the engine reads them.
  const unversioned = !looksLikeArn(flowId)
    ? stateMachineArn(flowId)
    : named.version !== undefined
      ? flowId.replace(/:\d+$/, '')
      : flowId;
  return {
    arn: version === undefined ? unversioned : `${unversioned}:${version}`,
    flowId: named.flow_id,
    version: version ?? named.version,
  };
}

/**
 * What a task that waits for a callback loses in the export, when nothing carries its wait: a
 * `callback` task only waits, and Step Functions has no state that only waits for a task token;
 * another task's wait would need the task runner's invoke to hand the token out. An `aws_sdk` or
 * `start_flow` task's wait is its integration's `.waitForTaskToken`, a `mock_only` task's its Resource's.
 */
export function lostCallbackWarning(task: TaskDefinition, at: Segment[]): ErrorDetail | undefined {
  if (task.task_type === 'callback')
    return {
      path: formatPath([...at, 'task_type']),
      message: `task '${task.name}' only waits for a callback (docs/callbacks.md), and Step Functions has no state that only waits for a task token: the exported state calls the task runner, which fails a callback task. To keep the wait, make it the ${CALLBACK} form of the call that hands the token out (for example arn:aws:states:::sqs:sendMessage${CALLBACK} with $states.context.Task.Token in the message)`,
    };
  if (task.wait_for_callback === true && !CALLBACK_FORMS.has(task.task_type))
    return {
      path: formatPath([...at, 'wait_for_callback']),
      message: `task '${task.name}' waits for a callback here (docs/callbacks.md); the exported state runs it as a plain task that does not wait: make it a ${CALLBACK} state to keep the wait`,
    };
  return undefined;
}
