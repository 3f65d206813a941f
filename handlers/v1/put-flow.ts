import { flowServices } from '../../src/app/services';
import { flowIdParam } from '../../src/http/flow-id';
import { httpHandler } from '../../src/http/http-handler';
import { jsonBody } from '../../src/http/request';
import { saveFlow } from '../../src/service/saved-flows';
import { savedVersionView } from '../../src/views/saved-flow-view';

/** PUT /api/v1/flows/{flow_id}: 201 with a new version, or 200 with the latest one if the definition is the same. */
export const handler = httpHandler('PUT /api/v1/flows/{flow_id}', async ({ event, logger }) => {
  const flowId = flowIdParam(event);
  const saved = await saveFlow(flowId, jsonBody(event), { ...flowServices(), logger });
  const view = savedVersionView(saved);
  return { status: saved.created ? 201 : 200, body: view, headers: { location: view.location } };
});
