import type { ExecuteFlowResult } from '../service/execute-flow';
import { completionMessage, executionView } from '../views/execution-view';
import type { HttpResponse } from './http-handler';

/**
 * The answer of a route that starts an execution: 202 with a Location to poll, 200 with the
 * finished execution when it finished within `wait_seconds`, or 200 with the 202's body when a
 * name found its open execution (an idempotent start).
 */
export function startedExecutionResponse(out: ExecuteFlowResult): HttpResponse {
  if (out.finished) {
    const location = `/api/v1/flows/executions/${out.detail.execution.execution_id}`;
    const view = { ...executionView(out.detail, out.warnings), message: completionMessage(out.detail.execution) };
    return { status: 200, body: view, headers: { location } };
  }
  const { execution_id, name = null, status, flow_version, flow_name } = out.execution;
  const location = `/api/v1/flows/executions/${execution_id}`;
  return {
    status: out.reused ? 200 : 202,
    body: {
      execution_id,
      name,
      status,
      flow_version: flow_version ?? null,
      message: out.reused ? `Flow '${flow_name}' was already started as '${name}'` : `Flow '${flow_name}' started`,
      location,
      ...(out.warnings.length > 0 && { warnings: out.warnings }),
    },
    headers: { location },
  };
}
