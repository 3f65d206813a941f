import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { GraphQuerySchema, jsonBody, query } from '../../src/http/request';
import { definitionGraph } from '../../src/service/execution-graph';

/** POST /api/v1/flows/graph[?format=mermaid] — a flow definition's graph, validated as for execute; nothing is stored. */
export const handler = httpHandler('POST /api/v1/flows/graph', async ({ event }) => {
  const { format } = query(event, GraphQuerySchema);
  const graph = definitionGraph(jsonBody(event), format, services().registry);
  return graph.format === 'mermaid' ? { status: 200, text: graph.text } : { status: 200, body: graph.body };
});
