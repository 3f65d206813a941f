import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { executionIdInBody, jsonBody } from '../../src/http/request';
import { startPendingExecution } from '../../src/service/execution-lifecycle';
import { flowStatusView } from '../../src/views/flow-status-view';

/** POST /flow/execute { execution_id }: starts a PENDING execution; 400 malformed id, 404 unknown, 409 not PENDING. */
export const handler = httpHandler('POST /flow/execute', async ({ event, logger }) => {
  const executionId = executionIdInBody(jsonBody(event));
  const execution = await startPendingExecution(executionId, { ...services(), logger });
  return { status: 200, body: flowStatusView(execution) };
});
