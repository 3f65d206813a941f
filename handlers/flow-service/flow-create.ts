import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { jsonBody } from '../../src/http/request';
import { createExecution } from '../../src/service/execution-lifecycle';

/** POST /flow/create: stores the execution in PENDING; POST /flow/execute starts it. */
export const handler = httpHandler('POST /flow/create', async ({ event, logger }) => {
  const { execution, warnings } = await createExecution(jsonBody(event), { start: false }, { ...services(), logger });
  return {
    status: 200,
    body: {
      execution_id: execution.execution_id,
      flow_name: execution.flow_name,
      status: 'created',
      message: 'Flow created successfully',
      ...(warnings.length > 0 && { warnings }),
    },
  };
});
