import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { query, readExecutionIdParam } from '../../src/http/request';
import { ChildrenQuerySchema } from '../../src/http/route-schemas';
import { listChildren } from '../../src/service/fan-out-queries';
import { childrenView } from '../../src/views/children-view';

/** GET /api/v1/flows/executions/{execution_id}/children[?task=&run=&status=&include=output&limit=&next_token=] — in index order. */
export const handler = httpHandler('GET /api/v1/flows/executions/{execution_id}/children', async ({ event }) => {
  const executionId = readExecutionIdParam(event);
  const q = query(event, ChildrenQuerySchema);
  const includeOutput = q.include === 'output';
  const page = await listChildren(
    executionId,
    { task: q.task, status: q.status, run: q.run, includeOutput, limit: q.limit, nextToken: q.next_token },
    services(),
  );
  return { status: 200, body: childrenView(executionId, page, { includeOutput }) };
});
