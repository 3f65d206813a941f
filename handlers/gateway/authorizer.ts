import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { checkBearer } from '../../src/auth/api-keys';
import { apiKeyHashes } from '../../src/auth/key-source';
import { rootLogger } from '../../src/observability/logger';

/**
 * HTTP API Lambda authorizer (simple responses). API Gateway itself answers 401 when the
 * Authorization header is missing. For a present header this checks the bearer key and passes
 * the verdict on: API Gateway can only answer 403 {"message":"Forbidden"} for a denial, so a
 * wrong key is let through marked unauthenticated and the handler middleware answers the
 * documented 401 JSON error before any service code runs (it re-checks the key itself).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2) => {
  const header =
    event.identitySource?.[0] ??
    Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const verdict = checkBearer(header, await apiKeyHashes());
  if (!verdict.ok) rootLogger.info('request not authenticated', { reason: verdict.reason, route: event.routeKey });
  return {
    isAuthorized: true,
    context: verdict.ok
      ? { authenticated: 'yes', key_id: verdict.keyId }
      : { authenticated: 'no', reason: verdict.reason },
  };
};
