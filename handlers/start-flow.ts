import { z } from 'zod';
import { flowServices } from '../src/app/services';
import { flowIdParam } from '../src/http/flow-id';
import { httpHandler } from '../src/http/http-handler';
import { bodyFields, flowVersionParam, optionalJsonBody, query, WaitQuerySchema } from '../src/http/request';
import { startedExecutionResponse } from '../src/http/started-execution';
import { startSavedFlow } from '../src/service/start-saved-flow';

const StartBodySchema = z.strictObject(
  {
    input: z.unknown().optional(),
    version: flowVersionParam.optional(),
  },
  { error: 'body must be a JSON object' },
);

/** POST /api/v1/flows/{flow_id}/executions[?wait_seconds=N] — `{ input?, version? }`; answers as POST /api/v1/flows/execute does. */
export const handler = httpHandler('POST /api/v1/flows/{flow_id}/executions', async ({ event, logger }) => {
  const flowId = flowIdParam(event);
  const body = bodyFields(optionalJsonBody(event), StartBodySchema);
  const { wait_seconds } = query(event, WaitQuerySchema);
  const out = await startSavedFlow(flowId, body, { waitSeconds: wait_seconds }, { ...flowServices(), logger });
  return startedExecutionResponse(out);
});
