import { services } from '../src/app/services';
import { httpHandler } from '../src/http/http-handler';
import { idempotencyKey, jsonBody, query, WaitQuerySchema } from '../src/http/request';
import { executeFlow } from '../src/service/execute-flow';
import { completionMessage, executionView } from '../src/views/execution-view';

/**
 * POST /api/v1/flows/execute[?wait_seconds=N]: 202 and a Location, or 200 with the finished
 * execution; 200 with the 202's body when a name (body `name` or Idempotency-Key) finds its open execution.
 */
export const handler = httpHandler('POST /api/v1/flows/execute', async ({ event, logger }) => {
  const body = jsonBody(event);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const out = await executeFlow(body, { waitSeconds: wait_seconds, name: idempotencyKey(event) }, { ...services(), logger });
  if (out.finished) {
    const location = `/api/v1/flows/executions/${out.detail.execution.execution_id}`;
    const view = { ...executionView(out.detail, out.warnings), message: completionMessage(out.detail.execution) };
    return { status: 200, body: view, headers: { location } };
  }
  const { execution_id, name = null, status, flow_name } = out.execution;
  const location = `/api/v1/flows/executions/${execution_id}`;
  return {
    status: out.reused ? 200 : 202,
    body: {
      execution_id,
      name,
      status,
      message: out.reused ? `Flow '${flow_name}' was already started as '${name}'` : `Flow '${flow_name}' started`,
      location,
      ...(out.warnings.length > 0 && { warnings: out.warnings }),
    },
    headers: { location },
  };
});
