/**
 * Typed domain errors. Services throw these; the HTTP layer maps each to its status code and the
 * `{ error: { code, message, details? } }` body, so handlers never pick status codes themselves.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: ErrorDetail[]) {
    super(400, 'validation_error', message, details);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(reason: string) {
    super(401, 'unauthorized', `a valid API key is required (${reason})`, [
      { path: 'headers.authorization', message: "must be 'Bearer <api key>' with a configured key" },
    ], { 'WWW-Authenticate': 'Bearer' });
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(method: string, path: string, allowed: string[]) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, undefined, {
      Allow: allowed.join(', '),
    });
  }
}

export class ConflictError extends DomainError {
  /** `code` names the conflict where clients act on it (e.g. `ExecutionNotRedrivable`). */
  constructor(message: string, options: { code?: string; details?: ErrorDetail[] } = {}) {
    super(409, options.code ?? 'conflict', message, options.details);
  }
}

/**
 * A named start whose name is held by another execution: one already closed, or one started with
 * another flow or input. Step Functions' code for the same answer, so its clients recognise it.
 */
export class ExecutionAlreadyExistsError extends DomainError {
  constructor(name: string, executionId: string, why: string) {
    super(409, 'ExecutionAlreadyExists', `execution name '${name}' is already used by execution ${executionId}, ${why}`, [
      { path: 'name', message: `is used by execution ${executionId}` },
    ]);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number, actualBytes: number, path = 'body') {
    super(413, 'payload_too_large', `${path} is ${actualBytes} bytes; the limit is ${limitBytes} bytes`, [
      { path, message: `must be at most ${limitBytes} bytes` },
    ]);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(contentType: string | undefined) {
    super(
      415,
      'unsupported_media_type',
      `content-type must be application/json; got ${contentType ? `'${contentType}'` : 'none'}`,
      [{ path: 'headers.content-type', message: 'must be application/json' }],
    );
  }
}
