import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { bodyFields, executionIdParam, optionalJsonBody } from '../../src/http/request';
import { StopBodySchema } from '../../src/http/route-schemas';
import { describeOnePage } from '../../src/service/execution-queries';
import { stopExecution } from '../../src/service/execution-control';
import { completionMessage, executionView } from '../../src/views/execution-view';

/** POST /api/v1/flows/executions/{execution_id}/stop [{ error?, cause? }] — ABORTED, history kept. */
export const handler = httpHandler('POST /api/v1/flows/executions/{execution_id}/stop', async ({ event, logger }) => {
  const executionId = executionIdParam(event);
  const body = bodyFields(optionalJsonBody(event), StopBodySchema);
  const deps = { ...services(), logger };
  const stopped = await stopExecution(executionId, body, deps);
  const detail = await describeOnePage(stopped, deps);
  return { status: 200, body: { ...executionView(detail), message: completionMessage(stopped) } };
});
