import { services } from '../../src/app/services';
import { httpHandler } from '../../src/http/http-handler';
import { executionIdParam } from '../../src/http/request';
import { redriveExecution } from '../../src/service/execution-control';
import { describeOnePage } from '../../src/service/execution-queries';
import { executionView } from '../../src/views/execution-view';

/** POST /api/v1/flows/executions/{execution_id}/redrive — resumes a FAILED, TIMED_OUT or ABORTED execution. */
export const handler = httpHandler(
  'POST /api/v1/flows/executions/{execution_id}/redrive',
  async ({ event, logger }) => {
    const executionId = executionIdParam(event);
    const deps = { ...services(), logger };
    const redriven = await redriveExecution(executionId, deps);
    const detail = await describeOnePage(redriven, deps);
    const location = `/api/v1/flows/executions/${executionId}`;
    return {
      status: 200,
      body: {
        ...executionView(detail),
        message: `Flow '${redriven.flow_name}' redriven (redrive ${redriven.redrive_count ?? 1}) at task '${redriven.cursor?.task}'`,
        location,
      },
      headers: { location },
    };
  },
);
