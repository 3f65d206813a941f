import { OPTIMIZED } from './aws-sdk-result';
import { serviceProblem } from './aws-services';
import { sfnCallbackAnswer } from './engine-sfn-calls';

/**
 * Calls a state machine may make that this engine cannot (docs/testing-with-mocks.md): an AWS
 * service integration it does not build in (`arn:aws:states:::ecs:runTask.sync`,
 * `…:glue:startJobRun.sync`, `…:bedrock:invokeModel`, `…:http:invoke`), an aws-sdk call of a
 * service whose SDK client is not installed here, or an activity. Where mocks exist (the local
 * stack, and a check with no deployment known) such a state imports as a `mock_only` task, which
 * runs when the execution's test case mocks it, as Step Functions Local ran them; on an AWS stage,
 * where nothing can mock it, it is refused at submission.
 */

/** `arn:aws:states:::<service>:<action>` with an optional `.sync`, `.sync:2` or `.waitForTaskToken`. */
const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z0-9]+)(\.sync(?::2)?|\.waitForTaskToken)?$/;
const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(\.waitForTaskToken)?$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]*:\d*:activity:[A-Za-z0-9_.-]+$/;

/** Integrations the engine runs itself (lambda-import.ts, start-execution-import.ts): never mock-only. */
const BUILT_IN_SERVICES: ReadonlySet<string> = new Set(['lambda', 'states', 'aws-sdk', ...Object.keys(OPTIMIZED)]);

/**
 * Why the engine cannot make the call a Resource names, when it is a call it could only mock; else
 * undefined (a call it makes, or a Resource that is not a call at all: refused as it is).
 */
export function mockOnlyReason(resource: string): string | undefined {
  if (PLACEHOLDER.test(resource)) return placeholderReason(resource);
  if (sfnCallbackAnswer(resource) !== undefined) return undefined;
  const sdk = AWS_SDK.exec(resource);
  if (sdk) {
    const problem = serviceProblem(sdk[1]!);
    return problem && `the aws-sdk integration's ${problem}`;
  }
  if (ACTIVITY.test(resource)) return 'activities (workers polling for tasks) are not run by this engine';
  const integration = INTEGRATION.exec(resource);
  if (!integration || BUILT_IN_SERVICES.has(integration[1]!)) return undefined;
  return `the ${integration[1]}:${integration[2]}${integration[3] ?? ''} integration is not built into this engine`;
}

const PLACEHOLDER = /\$\{[^}]*\}/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;

const placeholderReason = (text: string) =>
  `'${text}' holds a \${…} placeholder that no 'substitutions' of the request fill (as CloudFormation's DefinitionSubstitutions would)`;

/**
 * A `lambda:invoke` whose FunctionName is a placeholder no substitution filled (a SAM template's
 * `${GreetFunctionArn}`): which function it calls cannot be known, so it can only be mocked.
 */
export function unfilledFunctionName(resource: string, parameters: unknown): string | undefined {
  if (!LAMBDA_INVOKE.test(resource) || parameters === null || typeof parameters !== 'object') return undefined;
  const name = (parameters as { FunctionName?: unknown }).FunctionName;
  return typeof name === 'string' && PLACEHOLDER.test(name) ? `FunctionName ${placeholderReason(name)}` : undefined;
}

/** Why a call can only be mocked, its Parameters or Arguments read too (unfilledFunctionName). */
export const mockOnlyCallReason = (resource: string, parameters: unknown): string | undefined =>
  mockOnlyReason(resource) ?? unfilledFunctionName(resource, parameters);

/** Whether the Resource is a call that waits for a callback (`.waitForTaskToken`). */
export const mockOnlyWaitsForCallback = (resource: string): boolean => resource.endsWith('.waitForTaskToken');

/**
 * Whether this deployment can run a mock-only call at all: anywhere but an AWS stage, whose
 * executions take no test case (FLOW_STAGE_KIND, set on every deployed stage by serverless.yml).
 */
export const mocksPossibleHere = (env: NodeJS.ProcessEnv = process.env): boolean => env.FLOW_STAGE_KIND !== 'aws';

/** The 400's text for a mock-only call on an AWS stage. */
export const mockOnlyRefusal = (reason: string): string =>
  `${reason}; on the local stack it runs when a test case mocks its state (SFN_MOCK_CONFIG), but an AWS stage has no mocks`;
