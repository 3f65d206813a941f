import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { checkHealth } from '../../src/service/execution-queries';

/** GET /health: 200 when DynamoDB answers, 503 when it does not. */
export const handler = httpHandler(
  'GET /health',
  async () => {
    const health = await checkHealth(services());
    return {
      status: health.healthy ? 200 : 503,
      body: {
        status: health.healthy ? 'healthy' : 'unhealthy',
        timestamp: new Date().toISOString(),
        dynamodb: {
          reachable: health.healthy,
          latency_ms: health.latencyMs,
          ...(health.error && { error: health.error }),
        },
      },
    };
  },
  { public: true },
);
