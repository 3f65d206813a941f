/**
 * The step function's `access` statements: the ones serverless.yml lists for it (custom.access.step),
 * then one statement per IAM action the stage parameter `awsIntegrations` grants to `aws_sdk` tasks,
 * with exactly the resources it names for that action, wildcards only where it writes them
 * (docs/integrations.md). The code checks flows against the same list (src/tasks/aws-allow-list.ts),
 * so what a flow may call and what the role allows cannot disagree. serverless resolves
 * `${file(./scripts/deploy/aws-integrations-access.cjs)}` with it.
 */
function integrationStatements(text) {
  const byAction = new Map();
  for (const entry of String(text)
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      throw new Error(
        `awsIntegrations: '${entry}' is not <iam action>=<resource ARN> (dynamodb:GetItem=arn:aws:dynamodb:…:table/orders)`,
      );
    }
    const action = entry.slice(0, at);
    const resources = byAction.get(action) ?? [];
    if (!resources.includes(entry.slice(at + 1))) resources.push(entry.slice(at + 1));
    byAction.set(action, resources);
  }
  return [...byAction].map(([action, resources]) => ({ Effect: 'Allow', Action: [action], Resource: resources }));
}

module.exports = async ({ resolveVariable }) => [
  ...(await resolveVariable('self:custom.access.step')),
  ...integrationStatements(await resolveVariable('self:custom.awsIntegrations')),
];
module.exports.integrationStatements = integrationStatements;
