import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as getChildren } from '../../handlers/v1/get-children';
import { hashApiKey } from '../../src/auth/api-keys';
import { LIMITS } from '../../src/domain/limits';

/** The children route's 400s: decided by the handler before any storage is touched (no table here). */
describe('GET /api/v1/flows/executions/{execution_id}/children with bad input', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.FLOW_API_KEY_HASHES = hashApiKey('test-key');
  });
  afterAll(() => {
    process.env = saved;
  });

  const call = async (id: string, query: Record<string, string> = {}) => {
    const event = {
      rawPath: `/api/v1/flows/executions/${id}/children`,
      pathParameters: { execution_id: id },
      queryStringParameters: query,
      headers: { authorization: 'Bearer test-key' },
      requestContext: { http: { method: 'GET' }, requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2;
    const res = await getChildren(event);
    return { status: res.statusCode, body: JSON.parse(res.body!) };
  };

  it.each([
    [{ limit: '0' }, 'query.limit', 'limit must be at least 1'],
    [{ limit: String(LIMITS.childPageMax + 1) }, 'query.limit', `limit must be at most ${LIMITS.childPageMax}`],
    [{ limit: 'ten' }, 'query.limit', 'limit must be a number'],
    [{ status: 'DONE' }, 'query.status', expect.stringContaining('status must be one of PENDING')],
    [{ task: '' }, 'query.task', 'task must not be empty'],
    [{ next_token: '' }, 'query.next_token', 'next_token must not be empty'],
    [{ page: '2' }, 'query.page', expect.stringContaining('page')],
    [{ include: 'outputs' }, 'query.include', "include must be 'output'"],
    [{ include: '' }, 'query.include', "include must be 'output'"],
    [{ run: '0' }, 'query.run', 'run must be at least 1'],
    [{ run: '1.5' }, 'query.run', 'run must be a whole number'],
    [{ run: 'last' }, 'query.run', 'run must be a number'],
  ])('refuses %j naming %s', async (query, path, message) => {
    const res = await call('order-42', query);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path, message }]);
  });

  it('refuses a malformed execution id naming path.execution_id', async () => {
    const res = await call('order#42');
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_execution_id' } } });
    expect(res.body.error.details[0].path).toBe('path.execution_id');
  });
});
