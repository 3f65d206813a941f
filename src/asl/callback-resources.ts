import { FLOW_RESOURCE_PREFIX } from './asl-definition';
import { awsCallOf } from './aws-sdk-import';
import { LAMBDA_INVOKE_CALLBACK } from './lambda-import';
import { START_EXECUTION } from './start-execution-import';
import { mockOnlyReason, mockOnlyWaitsForCallback } from '../tasks/mock-only-resources';

/**
 * A Task that waits for a callback (docs/callbacks.md): a `.waitForTaskToken` resource whose base
 * resource runs here (Lambda's invoke, a child flow's start, an aws-sdk call, SNS, SQS or EventBridge's optimized
 * integration), or the engine's own `callback` task type.
 */
export const isCallbackResource = (resource: unknown): boolean =>
  typeof resource === 'string' &&
  (resource === LAMBDA_INVOKE_CALLBACK ||
    resource === `${START_EXECUTION}.waitForTaskToken` ||
    resource === `${FLOW_RESOURCE_PREFIX}callback` ||
    awsCallOf(resource)?.callback === true ||
    (mockOnlyWaitsForCallback(resource) && mockOnlyReason(resource) !== undefined));
