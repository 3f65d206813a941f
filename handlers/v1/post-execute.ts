import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { idempotencyKey, jsonBody, query, WaitQuerySchema } from '../../src/http/request';
import { startedExecutionResponse } from '../../src/http/started-execution';
import { executeFlow } from '../../src/service/execute-flow';

/**
 * POST /api/v1/flows/execute[?wait_seconds=N]: 202 and a Location, or 200 with the finished
 * execution; 200 with the 202's body when a name (body `name` or Idempotency-Key) finds its open execution.
 */
export const handler = httpHandler('POST /api/v1/flows/execute', async ({ event, logger }) => {
  const body = jsonBody(event);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const out = await executeFlow(
    body,
    { waitSeconds: wait_seconds, name: idempotencyKey(event) },
    { ...services(), logger },
  );
  return startedExecutionResponse(out);
});
