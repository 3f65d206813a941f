import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { readExecutionIdParam, query } from '../../src/http/request';
import { DetailQuerySchema } from '../../src/http/route-schemas';
import { getExecutionDetail } from '../../src/service/execution-queries';
import { fanOutsOf } from '../../src/service/fan-out-queries';
import { executionView } from '../../src/views/execution-view';

/** GET /api/v1/flows/executions/{execution_id}[?wait_seconds=N&next_token=…&limit=N] — steps are paged; `fan_out` counts each map and parallel task's children. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}', async ({ event }) => {
  const executionId = readExecutionIdParam(event);
  const q = query(event, DetailQuerySchema);
  const detail = await getExecutionDetail(
    executionId,
    q.wait_seconds,
    { nextToken: q.next_token, limit: q.limit },
    services(),
  );
  // Read after the head: the counts are at least as recent as the status shown.
  const fanOuts = await fanOutsOf(detail, services());
  return { status: 200, body: executionView(detail, undefined, fanOuts) };
});
