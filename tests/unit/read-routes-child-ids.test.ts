import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as flowStatus } from '../../handlers/flow-service/flow-status';
import { handler as executionGraph } from '../../handlers/v1/get-execution-graph';
import { hashApiKey } from '../../src/auth/api-keys';
import { LIMITS } from '../../src/domain/limits';
import { openApiDocument } from '../../src/http/openapi/document';

/**
 * The legacy status route and the graph route only read an execution, so they take a child
 * execution's id as the v1 read routes do. Decided by the handler before any storage is touched
 * (no table here): a child-shaped id that breaks the rule is refused with the read routes' rule.
 */
describe('child execution ids on GET /flow/{id}/status and GET …/executions/{id}/graph', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.FLOW_API_KEY_HASHES = hashApiKey('test-key');
  });
  afterAll(() => {
    process.env = saved;
  });

  const call = async (route: 'status' | 'graph', id: string) => {
    const event = {
      rawPath: route === 'status' ? `/flow/${id}/status` : `/api/v1/flows/executions/${id}/graph`,
      pathParameters: { execution_id: id },
      queryStringParameters: {},
      headers: { authorization: 'Bearer test-key' },
      requestContext: { http: { method: 'GET' }, requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2;
    const res = await (route === 'status' ? flowStatus : executionGraph)(event);
    return { status: res.statusCode, body: JSON.parse(res.body!) };
  };

  it.each([
    ['status', 'a.b.1.0'],
    ['status', 'order.0.1'],
    ['graph', `${'x'.repeat(64)}${'.1.0'.repeat(17)}`],
    ['graph', 'EXEC#a.1.0'],
  ] as const)('the %s route refuses %s with the rule that names child ids', async (route, id) => {
    const res = await call(route, id);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_execution_id' } } });
    expect(res.body.error.details).toEqual([
      { path: 'path.execution_id', message: expect.stringContaining("or a child execution's id") },
    ]);
  });

  it('documents both routes as taking a child id', () => {
    const doc = openApiDocument() as any;
    const idParameter = (path: string) =>
      doc.paths[path].get.parameters.find((p: any) => p.name === 'execution_id').schema;
    for (const path of ['/flow/{execution_id}/status', '/api/v1/flows/executions/{execution_id}/graph'])
      expect(idParameter(path)).toMatchObject({ maxLength: LIMITS.maxChildExecutionIdLength });
  });
});
