import { z } from 'zod';
import { services } from '../src/app/services';
import { ValidationError } from '../src/domain/errors';
import { zodIssuesToDetails } from '../src/domain/issue-paths';
import { httpHandler } from '../src/http/http-handler';
import { jsonBody } from '../src/http/request';
import { startPendingExecution } from '../src/service/execution-lifecycle';
import { flowStatusView } from '../src/views/flow-status-view';

const ExecuteRequestSchema = z.strictObject({
  execution_id: z.string({ error: (i) => (i.input === undefined ? 'execution_id is required' : 'execution_id must be a string') }).min(1).max(64),
});

/** POST /flow/execute { execution_id }: starts a PENDING execution; 404 unknown, 409 not PENDING. */
export const handler = httpHandler('POST /flow/execute', async ({ event, logger }) => {
  const parsed = ExecuteRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError('invalid request', zodIssuesToDetails(parsed.error.issues));
  const execution = await startPendingExecution(parsed.data.execution_id, { ...services(), logger });
  return { status: 200, body: flowStatusView(execution) };
});
