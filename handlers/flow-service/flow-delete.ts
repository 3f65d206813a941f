import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { executionIdParam } from '../../src/http/request';
import { deleteExecution } from '../../src/service/execution-lifecycle';

/** DELETE /flow/{execution_id}: cancels it if still active, then deletes every record of it. */
export const handler = httpHandler('DELETE /flow/{execution_id}', async ({ event, logger }) => {
  const executionId = executionIdParam(event);
  await deleteExecution(executionId, { ...services(), logger });
  return { status: 200, body: { message: `Flow execution ${executionId} deleted successfully` } };
});
