/*
 * Task states that call an AWS service, as `aws_sdk` tasks (docs/integrations.md): the generic
 * `arn:aws:states:::aws-sdk:<service>:<action>` and the optimized integrations
 * `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`, `…:sns:publish`,
 * `…:sqs:sendMessage` and `…:events:putEvents`. Their Parameters (JSONPath, `.$` keys computed
 * by the step) or Arguments (JSONata) are the call's input as written. Pure: the translation adds
 * the state's other fields, as for Lambda tasks (lambda-import.ts).
 */

import type { ErrorDetail } from '../domain/errors';
import { isExpression } from '../expressions/template-syntax';
import { allowedIntegrations, integrationRefusal } from '../tasks/aws-allow-list';
import { callResources } from '../tasks/aws-call-resources';
import { OPTIMIZED } from '../tasks/aws-sdk-result';
import { commandOf, serviceProblem } from '../tasks/aws-services';
import type { QueryMode } from './lambda-import';

type AslObject = Record<string, unknown>;

const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(\.waitForTaskToken)?$/;
const OPTIMIZED_RESOURCE = /^arn:aws[a-z-]*:states:::([a-z]+):([A-Za-z]+)(\.waitForTaskToken)?$/;

/**
 * The optimized integrations with a callback form, as Step Functions has them (SNS, SQS and
 * EventBridge; DynamoDB's answer is all there is to wait for). Every aws-sdk call has one.
 */
const CALLBACK_SERVICES: ReadonlySet<string> = new Set(['sns', 'sqs', 'eventbridge']);

interface AwsCall {
  service: string;
  action: string;
  integration: 'aws-sdk' | 'optimized';
  /** `.waitForTaskToken`: the call is made, then the task waits for a callback (docs/callbacks.md). */
  callback: boolean;
}

/** The call a Resource names, when it is an aws-sdk or a supported optimized integration (or its callback form). */
export function awsCallOf(resource: string): AwsCall | undefined {
  const sdk = AWS_SDK.exec(resource);
  if (sdk) return { service: sdk[1]!, action: sdk[2]!, integration: 'aws-sdk', callback: sdk[3] !== undefined };
  const optimized = OPTIMIZED_RESOURCE.exec(resource);
  const known = optimized && Object.hasOwn(OPTIMIZED, optimized[1]!) ? OPTIMIZED[optimized[1]!] : undefined;
  if (!known?.actions.includes(optimized![2]!)) return undefined;
  const callback = optimized![3] !== undefined;
  if (callback && !CALLBACK_SERVICES.has(known.service)) return undefined;
  return { service: known.service, action: optimized![2]!, integration: 'optimized', callback };
}

export const isAwsCallResource = (resource: string): boolean => awsCallOf(resource) !== undefined;

/**
 * Why the Resource's call cannot run on this deployment, or undefined: its service's client is not
 * installed, its action does not exist, or the stage does not allow it (stage parameter
 * awsIntegrations). The resources it touches are checked from the Parameters (awsCallTaskFields).
 */
export function awsCallResourceProblem(resource: string): string | undefined {
  const call = awsCallOf(resource)!;
  const problem = serviceProblem(call.service);
  if (problem) return problem;
  if (!commandOf(call.service, call.action))
    return `service '${call.service}' has no action '${call.action}' in its AWS SDK client`;
  const grants = allowedIntegrations();
  return grants && integrationRefusal(grants, call.service, call.action, 'unchecked');
}

/**
 * The `aws_sdk` task fields of a Task state whose Resource `isAwsCallResource`: `task_type` and
 * either `jsonpath.parameters` (JSONPath) or `arguments` (JSONata). The resources the call touches
 * are checked here when the Parameters or Arguments write them literally, else when the step
 * computes them.
 */
export function awsCallTaskFields(
  state: AslObject,
  at: (...segments: Array<string | number>) => string,
  details: ErrorDetail[],
  mode: QueryMode,
): Record<string, unknown> {
  const call = awsCallOf(state.Resource as string)!;
  const field = mode === 'JSONPath' ? 'Parameters' : 'Arguments';
  const written = state[field] ?? {};
  const grants = allowedIntegrations();
  if (grants && awsCallResourceProblem(state.Resource as string) === undefined) {
    const literal = literalPart(written);
    const resources =
      literal.value === undefined ? 'unknown' : callResources(call.service, call.action, literal.value as AslObject);
    // A computed bus name inside an event entry would read as the default bus: left to the step.
    const unchecked = literal.computed && (resources === 'unknown' || call.service === 'eventbridge');
    const refusal = integrationRefusal(grants, call.service, call.action, unchecked ? 'unchecked' : resources);
    if (refusal) details.push({ path: at(field), message: refusal });
  }
  const parameters = { service: call.service, action: call.action, integration: call.integration, parameters: written };
  const callback = call.callback ? { wait_for_callback: true } : {};
  return mode === 'JSONPath'
    ? { task_type: 'aws_sdk', ...callback, jsonpath: { parameters } }
    : { task_type: 'aws_sdk', ...callback, arguments: parameters };
}

/** A template without its computed parts (`.$` keys, `{% … %}` values), and whether it had any. */
function literalPart(template: unknown): { value: unknown; computed: boolean } {
  let computed = false;
  const walk = (value: unknown): unknown => {
    if (isExpression(value)) {
      computed = true;
      return undefined;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const kept: AslObject = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key.endsWith('.$')) computed = true;
      else kept[key] = walk(inner);
    }
    return kept;
  };
  const value = walk(template);
  return { value: value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined, computed };
}
