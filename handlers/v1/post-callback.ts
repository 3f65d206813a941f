import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { bodyFields, jsonBody } from '../../src/http/request';
import {
  CallbackFailureBodySchema,
  CallbackHeartbeatBodySchema,
  CallbackSuccessBodySchema,
} from '../../src/http/route-schemas';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from '../../src/service/task-callbacks';

/**
 * POST /api/v1/flows/callbacks/success { task_token, output }, …/failure { task_token, error?, cause? }
 * and …/heartbeat { task_token }: Step Functions' SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat (docs/callbacks.md). One function serves the three routes.
 */
export const handler = httpHandler('POST /api/v1/flows/callbacks/{kind}', async ({ event, logger }) => {
  const deps = { ...services(), logger };
  const kind = (event.rawPath || '').replace(/\/+$/, '').split('/').pop();
  const body = jsonBody(event);
  if (kind === 'success') {
    const { task_token, output } = bodyFields(body, CallbackSuccessBodySchema);
    await sendTaskSuccess(task_token, output, deps);
  } else if (kind === 'failure') {
    const { task_token, error, cause } = bodyFields(body, CallbackFailureBodySchema);
    await sendTaskFailure(
      task_token,
      { ...(error !== undefined && { error }), ...(cause !== undefined && { cause }) },
      deps,
    );
  } else {
    const { task_token } = bodyFields(body, CallbackHeartbeatBodySchema);
    await sendTaskHeartbeat(task_token, deps);
  }
  return { status: 200, body: { message: `callback ${kind ?? ''} taken` } };
});
