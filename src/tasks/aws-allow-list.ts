import { iamAction } from './aws-services';

/**
 * What a stage lets `aws_sdk` tasks call: FLOW_AWS_INTEGRATIONS, which serverless.yml sets from the
 * stage parameter `awsIntegrations`, from which the step function's IAM statements are built too
 * (scripts/deploy/aws-integrations-access.cjs), so the check and the permissions cannot disagree.
 * Entries are IAM terms, `<iam action>=<resource ARN>`, separated by commas or white space:
 * `dynamodb:GetItem=arn:aws:dynamodb:us-east-1:123456789012:table/orders`. `*` in an action or a
 * resource matches anything, as in IAM, and only where the entry writes it.
 */
export interface IntegrationGrant {
  action: string;
  resource: string;
}

export const INTEGRATIONS_PARAMETER = 'stage parameter awsIntegrations';

/** The grants of a list; entries that are not `action=resource` are left out (packaging refuses them). */
export function parseIntegrationGrants(text: string): IntegrationGrant[] {
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .flatMap((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0 || at === entry.length - 1) return [];
      return [{ action: entry.slice(0, at), resource: entry.slice(at + 1) }];
    });
}

/** The stage's grants; undefined where no deployment is known (the CLI on a laptop): the API checks then. */
export function allowedIntegrations(env: NodeJS.ProcessEnv = process.env): IntegrationGrant[] | undefined {
  return env.FLOW_AWS_INTEGRATIONS === undefined ? undefined : parseIntegrationGrants(env.FLOW_AWS_INTEGRATIONS);
}

/**
 * A resource a call touches, as an ARN whose parts may be unknown before it runs (`undefined`): a
 * table named without its ARN is in this deployment's account, which the code does not know, so
 * such a part matches whatever the grant says there.
 */
export interface ResourceRef {
  partition?: string;
  service: string;
  region?: string;
  account?: string;
  resource: string;
}

export const arnText = (ref: ResourceRef): string =>
  `arn:${ref.partition ?? '<partition>'}:${ref.service}:${ref.region ?? '<region>'}:${ref.account ?? '<account>'}:${ref.resource}`;

export function parseArn(text: string): ResourceRef | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(text);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service: service!, region, account, resource: resource! };
}

/** IAM's wildcards: `*` any run of characters, `?` one character. */
function glob(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

function resourceMatches(pattern: string, ref: ResourceRef): boolean {
  if (pattern === '*') return true;
  const granted = parseArn(pattern);
  if (!granted) return false;
  const part = (want: string, have: string | undefined) => have === undefined || glob(want).test(have);
  return (
    part(granted.partition!, ref.partition) &&
    part(granted.service, ref.service) &&
    part(granted.region!, ref.region) &&
    part(granted.account!, ref.account) &&
    glob(granted.resource).test(ref.resource)
  );
}

/**
 * Why the stage refuses a call, or undefined when it allows it: its IAM action must be granted,
 * and on every resource it touches (`unknown`: the resource cannot be told from the parameters,
 * so only a grant on `*` covers it).
 */
export function integrationRefusal(
  grants: readonly IntegrationGrant[],
  service: string,
  action: string,
  resources: readonly ResourceRef[] | 'unknown' | 'unchecked',
): string | undefined {
  const needed = iamAction(service, action);
  const forAction = grants.filter((grant) => glob(grant.action, 'i').test(needed));
  const set = `set ${INTEGRATIONS_PARAMETER}`;
  if (forAction.length === 0) return `${needed} is not allowed on this stage: ${set} to allow it`;
  if (resources === 'unchecked') return undefined;
  if (resources === 'unknown')
    return forAction.some((grant) => grant.resource === '*')
      ? undefined
      : `${needed} names no resource this stage can check (only a grant on '*' allows it): ${set}`;
  const refused = resources.find((ref) => !forAction.some((grant) => resourceMatches(grant.resource, ref)));
  return refused && `${needed} is not allowed on ${arnText(refused)} on this stage: ${set} to allow it`;
}
