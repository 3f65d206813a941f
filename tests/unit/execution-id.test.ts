import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as flowExecute } from '../../handlers/flow-service/flow-execute';
import { hashApiKey } from '../../src/auth/api-keys';
import { executionIdInBody, executionIdParam } from '../../src/http/request';
import { thrownDomainError } from '../support/validation-problems';

const RULE = "must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'";
const MALFORMED = ['', 'a'.repeat(65), 'EXEC#abc', 'a/b', 'a b', '../x', 'é', 'id\u0000', 'STEP#00001'];

const pathEvent = (id: string) => ({ pathParameters: { execution_id: id } }) as unknown as APIGatewayProxyEventV2;

describe('one rule for an execution id, in a path or in a body', () => {
  it.each(MALFORMED.map((id) => [JSON.stringify(id), id]))('refuses %s the same way in both', (_label, id) => {
    const inPath = thrownDomainError(() => executionIdParam(pathEvent(id)));
    const inBody = thrownDomainError(() => executionIdInBody({ execution_id: id }));
    expect(inPath).toMatchObject({
      status: 400,
      code: 'invalid_execution_id',
      details: [{ path: 'path.execution_id', message: RULE }],
    });
    expect(inBody).toMatchObject({
      status: 400,
      code: 'invalid_execution_id',
      details: [{ path: 'execution_id', message: RULE }],
    });
    expect(inBody.message).toBe(inPath.message);
  });

  it('accepts the same ids in both', () => {
    for (const id of ['0b7e2c1a-4d5f-4a8e-9c3b-2f1e0d9c8b7a', 'a', 'A_b-9', 'x'.repeat(64)]) {
      expect(executionIdParam(pathEvent(id))).toBe(id);
      expect(executionIdInBody({ execution_id: id })).toBe(id);
    }
  });

  it('keeps a missing or mistyped id and unknown fields validation errors, listing every problem', () => {
    expect(thrownDomainError(() => executionIdInBody({}))).toMatchObject({
      code: 'validation_error',
      details: [{ path: 'execution_id', message: 'execution_id is required' }],
    });
    expect(thrownDomainError(() => executionIdInBody({ execution_id: 5 }))).toMatchObject({
      details: [{ path: 'execution_id', message: 'execution_id must be a string' }],
    });
    expect(thrownDomainError(() => executionIdInBody({ execution_id: 'a#b', force: true }))).toMatchObject({
      code: 'validation_error',
      details: expect.arrayContaining([
        { path: 'execution_id', message: `execution_id ${RULE}` },
        { path: 'force', message: "unknown field 'force'" },
      ]),
    });
  });
});

describe('POST /flow/execute with a malformed execution_id', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.FLOW_API_KEY_HASHES = hashApiKey('test-key');
  });
  afterAll(() => {
    process.env = saved;
  });

  it('answers 400 invalid_execution_id naming execution_id, before any storage is touched', async () => {
    const event = {
      rawPath: '/flow/execute',
      body: JSON.stringify({ execution_id: 'EXEC#abc' }),
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST' }, requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2;
    const res = await flowExecute(event);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!)).toEqual({
      error: {
        code: 'invalid_execution_id',
        message: 'execution_id is malformed',
        details: [{ path: 'execution_id', message: RULE }],
      },
    });
  });
});
