import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { readExecutionIdParam, query } from '../../src/http/request';
import { HistoryQuerySchema } from '../../src/http/route-schemas';
import { getHistory } from '../../src/service/execution-history';

/** GET /api/v1/flows/executions/{execution_id}/history[?limit=N&next_token=…] — oldest first, paged. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}/history', async ({ event }) => {
  const executionId = readExecutionIdParam(event);
  const q = query(event, HistoryQuerySchema);
  const page = await getHistory(executionId, { limit: q.limit, nextToken: q.next_token }, services());
  return {
    status: 200,
    body: {
      execution_id: executionId,
      events: page.events,
      count: page.events.length,
      next_token: page.nextToken ?? null,
    },
  };
});
