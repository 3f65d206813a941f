import { services } from '../src/app/services';
import { httpHandler } from '../src/http/http-handler';
import { jsonBody, query, WaitQuerySchema } from '../src/http/request';
import { executeFlow } from '../src/service/execute-flow';
import { completionMessage, executionView } from '../src/views/execution-view';

/** POST /api/v1/flows/execute[?wait_seconds=N]: 202 and a Location, or 200 with the finished execution. */
export const handler = httpHandler('POST /api/v1/flows/execute', async ({ event, logger }) => {
  const body = jsonBody(event);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const out = await executeFlow(body, wait_seconds, { ...services(), logger });
  if (out.finished) {
    const location = `/api/v1/flows/executions/${out.detail.execution.execution_id}`;
    const view = { ...executionView(out.detail, out.warnings), message: completionMessage(out.detail.execution) };
    return { status: 200, body: view, headers: { location } };
  }
  const { execution_id, status } = out.execution;
  const location = `/api/v1/flows/executions/${execution_id}`;
  return {
    status: 202,
    body: {
      execution_id,
      status,
      message: `Flow '${out.execution.flow_name}' started`,
      location,
      ...(out.warnings.length > 0 && { warnings: out.warnings }),
    },
    headers: { location },
  };
});
