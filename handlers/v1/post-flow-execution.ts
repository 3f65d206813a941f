import { flowServices } from '../../src/app/services';
import { flowIdParam } from '../../src/http/flow-id';
import { httpHandler } from '../../src/http/http-handler';
import { agreedExecutionName } from '../../src/domain/execution/execution-name';
import { bodyFields, idempotencyKey, optionalJsonBody, query, WaitQuerySchema } from '../../src/http/request';
import { StartBodySchema } from '../../src/http/route-schemas';
import { startedExecutionResponse } from '../../src/http/started-execution';
import { startSavedFlow } from '../../src/service/start-saved-flow';

/** POST /api/v1/flows/{flow_id}/executions[?wait_seconds=N] — `{ input?, version?, name? }`; answers as POST /api/v1/flows/execute does. */
export const handler = httpHandler('POST /api/v1/flows/{flow_id}/executions', async ({ event, logger }) => {
  const flowId = flowIdParam(event);
  const body = bodyFields(optionalJsonBody(event), StartBodySchema);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const name = agreedExecutionName(body.name, idempotencyKey(event));
  const out = await startSavedFlow(
    flowId,
    body,
    { waitSeconds: wait_seconds, ...(name !== undefined && { name }) },
    { ...flowServices(), logger },
  );
  return startedExecutionResponse(out);
});
