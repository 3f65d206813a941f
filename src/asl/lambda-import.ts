/*
 * Task states that call a Lambda function, as `invoke_lambda` tasks: a Resource naming the
 * function's ARN (the payload is the state's input, the result the function's return value), or
 * Step Functions' optimized integration `arn:aws:states:::lambda:invoke` (its arguments renamed,
 * the result the integration's envelope `{ ExecutedVersion, Payload, SdkHttpMetadata,
 * SdkResponseMetadata, StatusCode }`). Pure: the import calls these and adds the state's other
 * fields (InputPath, ResultSelector, ResultPath, OutputPath, Retry, Catch, TimeoutSeconds, Comment).
 */

import type { ErrorDetail } from '../domain/errors';
import {
  LAMBDA_FUNCTION_NAME_FORMS,
  isLambdaFunctionArn,
  parseLambdaFunctionName,
} from '../domain/lambda-function-name';
import { formatPath } from '../domain/problems/issue-paths';
import { isExpression } from '../expressions/template-syntax';
import { LAMBDA_INVOKE } from './asl-definition';
import { ASL_MESSAGES } from './asl-errors';
import { hasArgument, renamedArguments } from './argument-renaming';

type AslObject = Record<string, unknown>;
export type QueryMode = 'JSONPath' | 'JSONata';

/** The optimized integration's callback form: the function is invoked, then the task waits for a callback. */
export const LAMBDA_INVOKE_CALLBACK = `${LAMBDA_INVOKE}.waitForTaskToken`;

/** A function ARN, or the optimized integration (or its `.waitForTaskToken` callback form). */
export function isLambdaFunctionResource(resource: string): boolean {
  return resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_CALLBACK || isLambdaFunctionArn(resource);
}

/** The integration's arguments by invoke_lambda's parameter names. */
const INVOKE_ARGUMENTS: Record<string, string> = {
  FunctionName: 'function_name',
  Payload: 'payload',
  Qualifier: 'qualifier',
  InvocationType: 'invocation_type',
  ClientContext: 'client_context',
  LogType: 'log_type',
};
const PATH_SUFFIX = '.$';
/** The JSONata expression of a state's whole input. */
const STATE_INPUT = '{% $states.input %}';

const isObject = (value: unknown): value is AslObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The `invoke_lambda` task fields of a Task state whose Resource `isLambdaFunctionResource`:
 * `task_type` and either `jsonpath.parameters` (JSONPath) or `arguments` (JSONata). Problems go to
 * `details`, each at its place in the definition (`at('Parameters', 'Retries')`). Without a
 * `Payload`, the integration sends none and the function receives `{}`, as Lambda gives it.
 * JSONata states whose `Arguments.Payload` has a `task_type` call the flow engine's own task
 * runner: the caller recognises those before calling this.
 */
export function lambdaTaskFields(
  state: AslObject,
  at: (...segments: Array<string | number>) => string,
  details: ErrorDetail[],
  mode: QueryMode,
): Record<string, unknown> {
  const resource = state.Resource as string;
  // The callback form invokes the function the same way; its result only starts the wait.
  const callback = resource === LAMBDA_INVOKE_CALLBACK ? { wait_for_callback: true } : {};
  if (resource !== LAMBDA_INVOKE && resource !== LAMBDA_INVOKE_CALLBACK) {
    // The Resource is the function; the state's input (or Parameters/Arguments) is its payload.
    if (mode === 'JSONPath') {
      const parameters =
        state.Parameters === undefined
          ? { function_name: resource, [`payload${PATH_SUFFIX}`]: '$' }
          : { function_name: resource, payload: state.Parameters };
      return { task_type: 'invoke_lambda', jsonpath: { parameters } };
    }
    return {
      task_type: 'invoke_lambda',
      arguments: { function_name: resource, payload: state.Arguments === undefined ? STATE_INPUT : state.Arguments },
    };
  }
  const field = mode === 'JSONPath' ? 'Parameters' : 'Arguments';
  const written = state[field];
  if (!isObject(written)) {
    details.push({
      path: at(field),
      message: `must be an object naming at least FunctionName (and ${Object.keys(INVOKE_ARGUMENTS).slice(1).join(', ')} as needed)`,
    });
    return { task_type: 'invoke_lambda', ...callback };
  }
  const renamed = renamedArguments(written, INVOKE_ARGUMENTS, {
    mode,
    call: 'lambda:invoke',
    at: (key) => at(field, key),
    details,
  });
  if (!hasArgument(renamed, 'function_name'))
    details.push({ path: at(field), message: 'names no FunctionName: the function to call' });
  const functionName = renamed.function_name;
  if (typeof functionName === 'string' && !isExpression(functionName) && !parseLambdaFunctionName(functionName))
    details.push({
      path: at(field, 'FunctionName'),
      message: String(renamed.function_name).includes('${')
        ? ASL_MESSAGES.placeholder(String(renamed.function_name))
        : `'${String(renamed.function_name)}' is not a function name: write ${LAMBDA_FUNCTION_NAME_FORMS}`,
    });
  const withResult = resource === LAMBDA_INVOKE_CALLBACK ? renamed : { ...renamed, result: 'envelope' };
  return mode === 'JSONPath'
    ? { task_type: 'invoke_lambda', ...callback, jsonpath: { parameters: withResult } }
    : { task_type: 'invoke_lambda', ...callback, arguments: withResult };
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * A definition with its `${Name}` placeholders filled in every string (field names are left as
 * written), as CloudFormation's `DefinitionSubstitutions` and SAM's fill them; a placeholder
 * without a value in `substitutions` stays as written and is a problem at its path.
 */
export function substituteDefinition(
  definition: unknown,
  substitutions: Record<string, string>,
): { definition: unknown; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const walk = (value: unknown, segments: Array<string | number>): unknown => {
    const path = formatPath(['asl', ...segments]);
    if (typeof value === 'string')
      return value.replace(PLACEHOLDER, (placeholder, name: string) => {
        if (Object.hasOwn(substitutions, name)) return substitutions[name]!;
        problems.push({ path, message: `placeholder ${placeholder} has no value in 'substitutions'` });
        return placeholder;
      });
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...segments, index]));
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, [...segments, key])]));
    return value;
  };
  return { definition: walk(definition, []), problems };
}
