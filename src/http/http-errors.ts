import { DomainError, type ErrorDetail } from '../domain/errors';

/**
 * An error only the HTTP layer gives, whose answer needs headers of its own. The error-to-response
 * mapping (./http-handler.ts) sends them with the `{ error }` body.
 */
export class HttpError extends DomainError {
  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetail[] | undefined,
    readonly headers: Record<string, string>,
  ) {
    super(status, code, message, details);
  }
}

/** 401 for a missing, malformed or unknown API key; `WWW-Authenticate` names the scheme. */
export class UnauthorizedError extends HttpError {
  constructor(reason: string) {
    super(
      401,
      'unauthorized',
      `a valid API key is required (${reason})`,
      [{ path: 'headers.authorization', message: "must be 'Bearer <api key>' with a configured key" }],
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
}

/** 405 for a known path asked with a method it does not take; `Allow` lists the ones it does. */
export class MethodNotAllowedError extends HttpError {
  constructor(method: string, path: string, allowed: string[]) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, undefined, {
      Allow: allowed.join(', '),
    });
  }
}
