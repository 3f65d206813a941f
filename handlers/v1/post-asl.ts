import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { jsonBody } from '../../src/http/request';
import { exportAsl } from '../../src/flow-requests/asl-export-request';

/** POST /api/v1/flows/asl — a flow definition as a Step Functions state machine (JSONata mode); nothing is stored. */
export const handler = httpHandler('POST /api/v1/flows/asl', async ({ event }) => ({
  status: 200,
  body: exportAsl(jsonBody(event), services().registry),
}));
