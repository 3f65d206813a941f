import type { TaskRegistry } from '../tasks/registry';
import { type ErrorDetail, ValidationError } from './errors';
import type { FlowDefinition } from './flow-definition';
import { isPlainObject } from './flow-schema';
import { parseFlowRequest } from './flow-validation';

export interface SavedFlowBody {
  flow: FlowDefinition;
  warnings: ErrorDetail[];
}

/**
 * The body of `PUT /api/v1/flows/{flow_id}`: a flow in either shape `POST /api/v1/flows/execute`
 * takes, validated by the same code. Its `id` may be left out (the path names the flow); if given
 * it must be the path's id. An `input` is refused: a saved flow gets its input when it is started.
 * Every problem is reported at once, as for any flow.
 */
export function parseSavedFlowBody(flowId: string, body: unknown, registry: TaskRegistry): SavedFlowBody {
  if (!isPlainObject(body)) return parseFlowRequest(body, registry);
  const problems: ErrorDetail[] = [];
  const { input: _input, ...request } = body;
  if (Object.hasOwn(body, 'input')) {
    problems.push({ path: 'input', message: 'a saved flow takes no input here; pass it when starting one (POST /api/v1/flows/{flow_id}/executions)' });
  }
  const wrapped = Object.hasOwn(request, 'flow');
  const flow = wrapped ? request.flow : request;
  let withId: Record<string, unknown> = request;
  if (isPlainObject(flow)) {
    if (!Object.hasOwn(flow, 'id')) {
      const named = { id: flowId, ...flow };
      withId = wrapped ? { ...request, flow: named } : named;
    } else if (typeof flow.id === 'string' && flow.id.trim() !== flowId) {
      problems.push({ path: wrapped ? 'flow.id' : 'id', message: `must be the flow id in the path ('${flowId}'), or left out` });
    }
  }
  let parsed: SavedFlowBody;
  try {
    parsed = parseFlowRequest(withId, registry);
  } catch (error) {
    if (!(error instanceof ValidationError) || problems.length === 0) throw error;
    const details = [...problems, ...(error.details ?? [])];
    throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details);
  }
  if (problems.length > 0) throw new ValidationError(`flow is invalid: ${problems.length} problem(s)`, problems);
  return { flow: parsed.flow, warnings: parsed.warnings };
}
