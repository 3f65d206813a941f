import { z } from 'zod';
import { flowServices } from '../src/app/services';
import { LIMITS } from '../src/domain/limits';
import { httpHandler } from '../src/http/http-handler';
import { nextTokenParam, pageLimit, query } from '../src/http/request';
import { listSavedFlows } from '../src/service/saved-flows';
import { savedFlowSummaryView } from '../src/views/saved-flow-view';

const ListFlowsQuerySchema = z.strictObject({
  limit: pageLimit(LIMITS.listMaxLimit).default(LIMITS.listDefaultLimit),
  next_token: nextTokenParam,
});

/** GET /api/v1/flows?limit&next_token — saved flows, newest first, from an index. */
export const handler = httpHandler('GET /api/v1/flows', async ({ event }) => {
  const q = query(event, ListFlowsQuerySchema);
  const page = await listSavedFlows({ limit: q.limit, nextToken: q.next_token }, flowServices());
  return { status: 200, body: { flows: page.items.map(savedFlowSummaryView), count: page.items.length, next_token: page.nextToken ?? null } };
});
