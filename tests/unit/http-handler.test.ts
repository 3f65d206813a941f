import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ConfigError, loadConfig } from '../../src/config/config';
import { BadRequestError, ConflictError, DomainError, ValidationError } from '../../src/domain/errors';
import { jsonDocument } from '../../src/flow-requests/json-document';
import { MethodNotAllowedError } from '../../src/http/http-errors';
import { httpHandler } from '../../src/http/http-handler';

const event = (headers: Record<string, string> = {}) =>
  ({
    rawPath: '/x',
    headers,
    requestContext: { http: { method: 'GET' }, requestId: 'api-req' },
  }) as unknown as APIGatewayProxyEventV2;
const context = { awsRequestId: 'lambda-req' } as never;

describe('httpHandler', () => {
  // Test files may share a worker process: leave its environment as it was found.
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });
  afterAll(() => {
    process.env = saved;
  });

  it('maps a typed domain error to its status and the { error: { code, message, details } } body', async () => {
    const res = await httpHandler(
      't',
      async () => {
        throw new ValidationError('flow is invalid: 1 problem(s)', [
          { path: 'tasks[0].name', message: 'task name is required' },
        ]);
      },
      { public: true },
    )(event(), context);
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body!)).toEqual({
      error: {
        code: 'validation_error',
        message: 'flow is invalid: 1 problem(s)',
        details: [{ path: 'tasks[0].name', message: 'task name is required' }],
      },
    });
    const conflict = await httpHandler(
      't',
      async () => {
        throw new ConflictError('not PENDING');
      },
      { public: true },
    )(event(), context);
    expect(conflict.statusCode).toBe(409);
  });

  it('answers 405 with an Allow header', async () => {
    const res = await httpHandler(
      't',
      async () => {
        throw new MethodNotAllowedError('GET', '/x', ['POST']);
      },
      { public: true },
    )(event(), context);
    expect(res.statusCode).toBe(405);
    expect(res.headers?.Allow).toBe('POST');
    expect(JSON.parse(res.body!)).toEqual({
      error: { code: 'method_not_allowed', message: 'GET is not allowed on /x; allowed: POST' },
    });
  });

  it('sends no header of its own with a domain error, which carries none', async () => {
    const error = new ConflictError('not PENDING');
    expect('headers' in error).toBe(false);
    const res = await httpHandler(
      't',
      async () => {
        throw error;
      },
      { public: true },
    )(event(), context);
    expect(Object.keys(res.headers ?? {})).toEqual(['content-type']);
  });

  it('turns anything else into a 500 naming the request id, without a stack trace', async () => {
    const res = await httpHandler(
      't',
      async () => {
        throw new Error('secret detail at /internal/path.ts:42');
      },
      { public: true },
    )(event(), context);
    expect(res.statusCode).toBe(500);
    const body = JSON.parse(res.body!);
    expect(body).toEqual({ error: { code: 'internal_error', message: 'internal error', request_id: 'lambda-req' } });
    expect(res.body).not.toContain('secret detail');
  });

  it('refuses a non-public route without a valid key before the handler runs', async () => {
    process.env.FLOW_API_KEY_HASHES = 'a'.repeat(64);
    let ran = false;
    const res = await httpHandler('t', async () => {
      ran = true;
      return { status: 200, body: {} };
    })(event({ Authorization: 'Bearer nope' }), context);
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['WWW-Authenticate']).toBe('Bearer');
    expect(JSON.parse(res.body!).error).toMatchObject({
      code: 'unauthorized',
      details: [{ path: 'headers.authorization' }],
    });
    expect(ran).toBe(false);
  });
});

describe('loadConfig', () => {
  it('names each missing variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/TABLE_NAME is required.*STEP_FUNCTION_NAME is required/);
  });

  it('treats empty endpoint overrides as unset and rejects malformed ones', () => {
    const base = { TABLE_NAME: 't', STEP_FUNCTION_NAME: 's' };
    expect(loadConfig({ ...base, DYNAMODB_ENDPOINT: '' })).toMatchObject({
      DYNAMODB_ENDPOINT: undefined,
      AWS_REGION: 'us-east-1',
      RECOVERY_GRACE_SECONDS: 120,
    });
    expect(() => loadConfig({ ...base, LAMBDA_ENDPOINT: 'not a url' })).toThrow(/LAMBDA_ENDPOINT/);
  });
});

describe('domain errors', () => {
  it('carry the error they stand for as their cause, and never show it in the answer', async () => {
    const caught = new Error('the disk is full');
    const conflict = new ConflictError('cannot redrive', { code: 'ExecutionNotRedrivable', cause: caught });
    expect(conflict.cause).toBe(caught);
    expect(new BadRequestError('bad', 'it is bad', undefined, { cause: caught }).cause).toBe(caught);
    expect(new ConflictError('no cause').cause).toBeUndefined();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const res = await httpHandler(
      't',
      async () => {
        throw conflict;
      },
      { public: true },
    )(event(), context);
    expect(res.statusCode).toBe(409);
    expect(res.body).not.toContain('the disk is full');
  });

  it('keep the parse error of a body that is not JSON as the cause of the 400', () => {
    let thrown: unknown;
    try {
      jsonDocument('{ nope');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('invalid_json');
    expect((thrown as DomainError).cause).toBeInstanceOf(SyntaxError);
  });
});
