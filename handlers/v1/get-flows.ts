import { flowServices } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { query } from '../../src/http/request';
import { ListFlowsQuerySchema } from '../../src/http/route-schemas';
import { listSavedFlows } from '../../src/service/saved-flows';
import { savedFlowSummaryView } from '../../src/views/saved-flow-view';

/** GET /api/v1/flows?limit&next_token — saved flows, newest first, from an index. */
export const handler = httpHandler('GET /api/v1/flows', async ({ event }) => {
  const q = query(event, ListFlowsQuerySchema);
  const page = await listSavedFlows({ limit: q.limit, nextToken: q.next_token }, flowServices());
  return {
    status: 200,
    body: { flows: page.items.map(savedFlowSummaryView), count: page.items.length, next_token: page.nextToken ?? null },
  };
});
