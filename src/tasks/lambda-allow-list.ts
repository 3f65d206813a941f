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
