import { flowServices } from '../../src/app/services';
import { flowIdParam } from '../../src/http/flow-id';
import { httpHandler } from '../../src/http/http-handler';
import { query } from '../../src/http/request';
import { FlowQuerySchema } from '../../src/http/route-schemas';
import { describeSavedFlow } from '../../src/service/saved-flows';
import { savedFlowView } from '../../src/views/saved-flow-view';

/** GET /api/v1/flows/{flow_id}[?version=N&limit=N&next_token=…] — versions are paged, newest first. */
export const handler = httpHandler('GET /api/v1/flows/{flow_id}', async ({ event }) => {
  const flowId = flowIdParam(event);
  const q = query(event, FlowQuerySchema);
  const detail = await describeSavedFlow(
    flowId,
    { version: q.version, limit: q.limit, nextToken: q.next_token },
    flowServices(),
  );
  return { status: 200, body: savedFlowView(detail) };
});
