import type { TaskRegistry } from '../ports/task-registry';
import { type ErrorDetail, ValidationError } from '../domain/errors';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';
import { parseFlowRequest } from './flow-validation';

export interface SavedFlowBody {
  flow: FlowDefinition;
  /** The body's `input`, when it is not empty: what a start that gives no input runs with. */
  defaultInput?: Record<string, unknown>;
  warnings: ErrorDetail[];
}

/**
 * The body of `PUT /api/v1/flows/{flow_id}`: whatever `POST /api/v1/flows/execute` takes (a flow
 * in either shape, or `{ asl, input? }`, a state machine), validated by the same code, so a sample
 * from flows/ saves as it is. Its `input` is kept as the version's default input. A flow's `id` may
 * be left out (the path names the flow); if given it must be the path's id. A state machine has no
 * id of its own: it is saved under the path's. Every problem is reported at once, as for any flow.
 */
export function parseSavedFlowBody(flowId: string, body: unknown, registry: TaskRegistry): SavedFlowBody {
  if (!isPlainObject(body)) return parseFlowRequest(body, registry);
  if (Object.hasOwn(body, 'asl')) {
    const { flow, input, warnings } = parseFlowRequest(body, registry, { asl: true });
    return withDefaultInput({ ...flow, id: flowId }, input, warnings);
  }
  const problems: ErrorDetail[] = [];
  const wrapped = Object.hasOwn(body, 'flow');
  const flow = wrapped ? body.flow : body;
  let withId: Record<string, unknown> = body;
  if (isPlainObject(flow)) {
    if (!Object.hasOwn(flow, 'id')) {
      const named = { id: flowId, ...flow };
      withId = wrapped ? { ...body, flow: named } : named;
    } else if (typeof flow.id === 'string' && flow.id.trim() !== flowId) {
      problems.push({
        path: wrapped ? 'flow.id' : 'id',
        message: `must be the flow id in the path ('${flowId}'), or left out`,
      });
    }
  }
  let parsed: ReturnType<typeof parseFlowRequest>;
  try {
    parsed = parseFlowRequest(withId, registry, { asl: true });
  } catch (error) {
    if (!(error instanceof ValidationError) || problems.length === 0) throw error;
    const details = [...problems, ...(error.details ?? [])];
    throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details, { cause: error });
  }
  if (problems.length > 0) throw new ValidationError(`flow is invalid: ${problems.length} problem(s)`, problems);
  return withDefaultInput(parsed.flow, parsed.input, parsed.warnings);
}

/**
 * An empty input is no default: a start without input runs with `{}` either way. A default input
 * is an object, as every start's input is (a state machine's own request may take any JSON value).
 */
function withDefaultInput(flow: FlowDefinition, input: unknown, warnings: ErrorDetail[]): SavedFlowBody {
  if (!isPlainObject(input))
    throw new ValidationError('input is invalid: 1 problem(s)', [
      { path: 'input', message: "a saved flow's default input must be a JSON object" },
    ]);
  return { flow, ...(Object.keys(input).length > 0 && { defaultInput: input }), warnings };
}
