import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { ListQuerySchema } from '../../src/http/list-query';
import { query } from '../../src/http/request';
import { listChildExecutions } from '../../src/service/child-executions-list';
import { listExecutions } from '../../src/service/execution-queries';

/**
 * GET /api/v1/flows/executions?limit&next_token&status&flow_id&name_prefix&started_after&started_before
 * — newest first, from an index; or ?parent_execution_id — one execution's children, by fan-out then index.
 */
export const handler = httpHandler('GET /api/v1/flows/executions', async ({ event }) => {
  const q = query(event, ListQuerySchema);
  const page = q.parent_execution_id
    ? await listChildExecutions(q.parent_execution_id, { limit: q.limit, nextToken: q.next_token }, services())
    : await listExecutions(
        {
          limit: q.limit,
          nextToken: q.next_token,
          status: q.status,
          flowId: q.flow_id,
          namePrefix: q.name_prefix,
          createdFrom: q.started_after,
          createdBefore: q.started_before,
        },
        services(),
      );
  return {
    status: 200,
    body: { executions: page.items, count: page.items.length, next_token: page.nextToken ?? null },
  };
});
