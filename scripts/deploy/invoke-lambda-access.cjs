/**
 * The step function's permission to call the functions of the `invoke_lambda` allow-list (stage
 * parameter `invokeLambdaFunctions`, comma-separated names): exactly those functions, by ARN, and
 * their aliases and versions (`…:function:<name>:*`, the only wildcard: the task accepts
 * `name:alias` and qualified ARNs, which IAM matches only with the qualifier). serverless resolves
 * `${file(./scripts/deploy/invoke-lambda-access.cjs)}` with it.
 */
module.exports = async ({ resolveVariable }) => {
  const names = String(await resolveVariable('param:invokeLambdaFunctions'))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new Error('invokeLambdaFunctions must name at least one function (by default the example greet function)');
  }
  return {
    Effect: 'Allow',
    Action: ['lambda:InvokeFunction'],
    Resource: names.flatMap((name) =>
      [name, `${name}:*`].map((fn) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}`,
      })),
    ),
  };
};
