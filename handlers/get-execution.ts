import { z } from 'zod';
import { services } from '../src/app/services';
import { LIMITS } from '../src/domain/limits';
import { httpHandler } from '../src/http/http-handler';
import { executionIdParam, nextTokenParam, pageLimit, query, waitSeconds } from '../src/http/request';
import { getExecutionDetail } from '../src/service/execution-queries';
import { executionView } from '../src/views/execution-view';

const DetailQuerySchema = z.strictObject({
  wait_seconds: waitSeconds.default(0),
  next_token: nextTokenParam,
  limit: pageLimit(LIMITS.stepPageMax).optional(),
});

/** GET /api/v1/flows/executions/{execution_id}[?wait_seconds=N&next_token=…&limit=N] — steps are paged. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}', async ({ event }) => {
  const executionId = executionIdParam(event);
  const q = query(event, DetailQuerySchema);
  const detail = await getExecutionDetail(executionId, q.wait_seconds, { nextToken: q.next_token, limit: q.limit }, services());
  return { status: 200, body: executionView(detail) };
});
