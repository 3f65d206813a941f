import { randomUUID } from 'node:crypto';
import type { AppLogger } from '../observability/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ConfigError } from '../config/config';
import { checkBearer } from '../auth/api-keys';
import { apiKeyHashes } from '../auth/key-source';
import { DomainError } from '../domain/errors';
import { rootLogger, withKeys } from '../observability/logger';
import { HttpError, UnauthorizedError } from './http-errors';
import { header } from './request';

export interface HttpRequest {
  event: APIGatewayProxyEventV2;
  requestId: string;
  logger: AppLogger;
}

export type HttpResponse =
  | { status: number; body: unknown; headers?: Record<string, string> }
  /** A text answer (a Mermaid diagram): sent as is, `text/plain` unless the headers say otherwise. */
  | { status: number; text: string; headers?: Record<string, string> };

export type HttpLambda = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

const result = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/**
 * Middleware for every HTTP function: a logger whose lines carry the request id and route, one
 * access log line, and the mapping of typed domain errors to `{ error: { code, message, details } }`.
 * Anything else becomes a 500 that names the request id and never leaks a stack trace.
 */
export function httpHandler(
  route: string,
  handle: (request: HttpRequest) => Promise<HttpResponse>,
  options: { public?: boolean } = {},
): HttpLambda {
  return async (event, context) => {
    const requestId = context?.awsRequestId || event.requestContext?.requestId || randomUUID();
    const logger = withKeys(rootLogger, { request_id: requestId, route });
    const started = Date.now();
    let response: APIGatewayProxyStructuredResultV2;
    try {
      // Every route but the public ones needs a valid key, checked here whatever the gateway did:
      // the key itself is re-checked, never a context value a client could have forged.
      if (!options.public) {
        const verdict = checkBearer(header(event, 'authorization'), await apiKeyHashes());
        if (!verdict.ok) throw new UnauthorizedError(verdict.reason);
      }
      const out = await handle({ event, requestId, logger });
      response =
        'text' in out
          ? {
              statusCode: out.status,
              headers: { 'content-type': 'text/plain; charset=utf-8', ...out.headers },
              body: out.text,
            }
          : result(out.status, out.body, out.headers);
    } catch (error) {
      if (error instanceof DomainError) {
        const body = { code: error.code, message: error.message, ...(error.details && { details: error.details }) };
        response = result(error.status, { error: body }, error instanceof HttpError ? error.headers : {});
      } else {
        logger.error('request failed', { error: error as Error });
        const message = error instanceof ConfigError ? 'the service is misconfigured' : 'internal error';
        response = result(500, { error: { code: 'internal_error', message, request_id: requestId } });
      }
    }
    logger.info('request', {
      method: event.requestContext?.http?.method,
      path: event.rawPath,
      status: response.statusCode,
      duration_ms: Date.now() - started,
    });
    return response;
  };
}
