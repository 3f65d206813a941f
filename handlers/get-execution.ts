import { services } from '../src/app/services';
import { httpHandler } from '../src/http/http-handler';
import { executionIdParam, query, WaitQuerySchema } from '../src/http/request';
import { getExecution } from '../src/service/execution-queries';
import { executionView } from '../src/views/execution-view';

/** GET /api/v1/flows/executions/{execution_id}[?wait_seconds=N] */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}', async ({ event }) => {
  const executionId = executionIdParam(event);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const record = await getExecution(executionId, wait_seconds, services());
  return { status: 200, body: executionView(record) };
});
