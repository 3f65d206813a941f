import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { freePort } from '../../scripts/local-stack/ports';

/** The health handler against a DynamoDB endpoint where nothing listens: it must say 503, not throw. */
describe('GET /health when DynamoDB is unreachable', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('answers 503 with status unhealthy', async () => {
    const port = await freePort();
    Object.assign(process.env, {
      TABLE_NAME: 'flow-manager-test',
      STEP_FUNCTION_NAME: 'flow-manager-test-step',
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
      LAMBDA_ENDPOINT: `http://127.0.0.1:${port}`,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    let handler!: (e: APIGatewayProxyEventV2) => Promise<{ statusCode?: number; body?: string }>;
    jest.isolateModules(() => {
      // A fresh module graph, so the services are built from the environment set above.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside isolateModules, after the environment is set
      handler = (require('../../handlers/public/health') as { handler: typeof handler }).handler;
    });
    const event = {
      rawPath: '/health',
      headers: {},
      requestContext: { http: { method: 'GET' } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handler(event);
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 'unhealthy', dynamodb: { reachable: false } });
  }, 20_000);
});
