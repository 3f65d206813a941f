/**
 * Typed domain errors. Services throw these; the HTTP layer maps each to its status code and the
 * `{ error: { code, message, details? } }` body, so handlers never pick status codes themselves.
 * One that stands for a caught error carries it as its `cause` (ES2022), for logs and debugging;
 * the answer never shows it. Errors that only HTTP has (with headers) are in src/http/http-errors.ts.
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
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: ErrorDetail[], options?: ErrorOptions) {
    super(400, 'validation_error', message, details, options);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[], options?: ErrorOptions) {
    super(400, code, message, details, options);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, options?: ErrorOptions) {
    super(404, 'not_found', message, undefined, options);
  }
}

export class ConflictError extends DomainError {
  /** `code` names the conflict where clients act on it (e.g. `ExecutionNotRedrivable`). */
  constructor(message: string, options: { code?: string; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(
      409,
      options.code ?? 'conflict',
      message,
      options.details,
      'cause' in options ? { cause: options.cause } : undefined,
    );
  }
}

/**
 * A named start whose name is held by another execution: one already closed, or one started with
 * another flow or input. Step Functions' code for the same answer, so its clients recognise it.
 */
export class ExecutionAlreadyExistsError extends DomainError {
  constructor(name: string, executionId: string, why: string) {
    super(
      409,
      'ExecutionAlreadyExists',
      `execution name '${name}' is already used by execution ${executionId}, ${why}`,
      [{ path: 'name', message: `is used by execution ${executionId}` }],
    );
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

/**
 * A callback (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) that cannot be taken, by Step
 * Functions' error names so that its clients recognise them: `InvalidToken` (not a token this
 * engine issues), `InvalidOutput` (an output that is not JSON or is too large), `TaskDoesNotExist`
 * (no such execution, or a token that step never issued) and `TaskTimedOut` (the task no longer
 * waits: it completed, timed out, or its execution ended).
 */
export class TaskCallbackError extends DomainError {
  constructor(
    code: 'InvalidToken' | 'InvalidOutput' | 'TaskDoesNotExist' | 'TaskTimedOut',
    message: string,
    path?: string,
  ) {
    const status = code === 'TaskDoesNotExist' ? 404 : code === 'TaskTimedOut' ? 409 : 400;
    super(status, code, message, path === undefined ? undefined : [{ path, message }]);
  }
}
