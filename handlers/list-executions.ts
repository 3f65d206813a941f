import { z } from 'zod';
import { services } from '../src/app/services';
import { LIMITS } from '../src/domain/limits';
import { EXECUTION_STATUSES } from '../src/domain/statuses';
import { httpHandler } from '../src/http/http-handler';
import { nextTokenParam, pageLimit, query } from '../src/http/request';
import { listExecutions } from '../src/service/execution-queries';

const ListQuerySchema = z.strictObject({
  limit: pageLimit(LIMITS.listMaxLimit).default(LIMITS.listDefaultLimit),
  next_token: nextTokenParam,
  status: z.enum(EXECUTION_STATUSES, { error: `status must be one of ${EXECUTION_STATUSES.join(', ')}` }).optional(),
  flow_id: z.string().min(1).max(LIMITS.maxNameLength).optional(),
});

/** GET /api/v1/flows/executions?limit&next_token&status&flow_id — newest first, from an index. */
export const handler = httpHandler('GET /api/v1/flows/executions', async ({ event }) => {
  const q = query(event, ListQuerySchema);
  const page = await listExecutions({ limit: q.limit, nextToken: q.next_token, status: q.status, flowId: q.flow_id }, services());
  return { status: 200, body: { executions: page.items, count: page.items.length, next_token: page.nextToken ?? null } };
});
