import type { LambdaFunctionRef } from '../domain/lambda-function-name';

/**
 * The Lambda functions `invoke_lambda` may call: exact names from INVOKE_LAMBDA_FUNCTIONS (comma-
 * separated; serverless.yml sets it from the stage's `invokeLambdaFunctions` parameter, from which
 * the step function's IAM policy is built too, so the two cannot disagree). Read when asked, so a
 * flow is checked against the deployment it is submitted to. Undefined where no deployment is
 * known (`flow validate` on a laptop without the variable): the check is then left to the API.
 */
export function allowedFunctions(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (env.INVOKE_LAMBDA_FUNCTIONS === undefined) return undefined;
  return env.INVOKE_LAMBDA_FUNCTIONS.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * Why the deployment may not call a function, or undefined when it may: its name is not on the
 * allow-list, or its ARN is of another region (IAM grants nothing there).
 */
export function allowListProblem(
  text: string,
  ref: LambdaFunctionRef,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const allowed = allowedFunctions(env);
  if (allowed === undefined) return undefined;
  if (!allowed.includes(ref.name))
    return `function_name '${text}' is not in this deployment's allow-list (${allowed.length > 0 ? allowed.join(', ') : 'empty'}; stage parameter invokeLambdaFunctions)`;
  if (ref.region !== undefined && env.AWS_REGION && ref.region !== env.AWS_REGION)
    return `function_name '${text}' is in region ${ref.region}; this deployment may call functions of ${env.AWS_REGION} only`;
  return undefined;
}
