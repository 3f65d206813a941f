import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { GraphQuerySchema, query, readExecutionIdParam } from '../../src/http/request';
import { executionGraph } from '../../src/service/execution-graph';

/** GET /api/v1/flows/executions/{execution_id}/graph[?format=mermaid] — the flow with its states and the path taken. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}/graph', async ({ event }) => {
  const executionId = readExecutionIdParam(event);
  const { format } = query(event, GraphQuerySchema);
  const graph = await executionGraph(executionId, format, services());
  return graph.format === 'mermaid'
    ? { status: 200, text: graph.text }
    : { status: 200, body: { execution_id: executionId, ...graph.body } };
});
