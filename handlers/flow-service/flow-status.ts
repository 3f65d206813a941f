import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { query, readExecutionIdParam, WaitQuerySchema } from '../../src/http/request';
import { getExecution } from '../../src/service/execution-queries';
import { flowStatusView } from '../../src/views/flow-status-view';

/** GET /flow/{execution_id}/status[?wait_seconds=N] in the /flow service's format. */
export const handler = httpHandler('GET /flow/{execution_id}/status', async ({ event }) => {
  const executionId = readExecutionIdParam(event);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const execution = await getExecution(executionId, wait_seconds, services());
  return { status: 200, body: flowStatusView(execution) };
});
