import { z } from 'zod';
import { services } from '../src/app/services';
import { LIMITS } from '../src/domain/limits';
import { httpHandler } from '../src/http/http-handler';
import { executionIdParam, nextTokenParam, pageLimit, query } from '../src/http/request';
import { getHistory } from '../src/service/execution-history';

const HistoryQuerySchema = z.strictObject({
  limit: pageLimit(LIMITS.stepPageMax).default(LIMITS.stepPageDefault),
  next_token: nextTokenParam,
});

/** GET /api/v1/flows/executions/{execution_id}/history[?limit=N&next_token=…] — oldest first, paged. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}/history', async ({ event }) => {
  const executionId = executionIdParam(event);
  const q = query(event, HistoryQuerySchema);
  const page = await getHistory(executionId, { limit: q.limit, nextToken: q.next_token }, services());
  return { status: 200, body: { execution_id: executionId, events: page.events, count: page.events.length, next_token: page.nextToken ?? null } };
});
