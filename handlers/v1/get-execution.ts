import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { executionIdParam, query } from '../../src/http/request';
import { DetailQuerySchema } from '../../src/http/route-schemas';
import { getExecutionDetail } from '../../src/service/execution-queries';
import { executionView } from '../../src/views/execution-view';

/** GET /api/v1/flows/executions/{execution_id}[?wait_seconds=N&next_token=…&limit=N] — steps are paged. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}', async ({ event }) => {
  const executionId = executionIdParam(event);
  const q = query(event, DetailQuerySchema);
  const detail = await getExecutionDetail(
    executionId,
    q.wait_seconds,
    { nextToken: q.next_token, limit: q.limit },
    services(),
  );
  return { status: 200, body: executionView(detail) };
});
