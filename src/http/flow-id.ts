import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, type DomainError } from '../domain/errors';
import { isReservedFlowId, reservedFlowIdMessage, savedFlowIdProblem } from '../domain/saved-flow/saved-flow-ids';
import { MethodNotAllowedError } from './http-errors';
import { allowedMethods } from './routes';

const invalidFlowId = (message: string) =>
  new BadRequestError('invalid_flow_id', `flow_id ${message}`, [{ path: 'path.flow_id', message }]);

/**
 * What a request addressing a saved flow by a reserved id gets. Saving one is a 400 naming
 * `path.flow_id`; any other method on a path that is also a fixed route answers as that route
 * would (405 with Allow), since that is where the gateway may well have sent it; else a 400 too.
 */
function reservedFlowIdAnswer(id: string, method: string, path: string): DomainError {
  const allowed = allowedMethods(path);
  if (method !== 'PUT' && allowed.length > 0 && !allowed.includes(method))
    return new MethodNotAllowedError(method, path, allowed);
  return invalidFlowId(`must not be ${reservedFlowIdMessage(id)}`);
}

/**
 * The `{flow_id}` path parameter of the saved-flow routes (the gateway hands it on decoded): 400
 * `invalid_flow_id` naming `path.flow_id` if it cannot be a saved flow's id, or is a reserved one.
 */
export function flowIdParam(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.flow_id ?? '';
  const problem = savedFlowIdProblem(id);
  if (problem) throw invalidFlowId(problem);
  if (isReservedFlowId(id))
    throw reservedFlowIdAnswer(id, event.requestContext?.http?.method ?? 'GET', event.rawPath ?? '');
  return id;
}

const SAVE_PATH = /^\/api\/v1\/flows\/([^/]+)\/?$/;

/**
 * For the fallback: a PUT that would save a flow under a reserved id, which the gateway routed to
 * the fixed path of that name instead of to the save route. Undefined for anything else.
 */
export function reservedFlowSave(method: string, path: string): DomainError | undefined {
  const id = method === 'PUT' ? SAVE_PATH.exec(path)?.[1] : undefined;
  return id !== undefined && isReservedFlowId(id) ? reservedFlowIdAnswer(id, method, path) : undefined;
}
