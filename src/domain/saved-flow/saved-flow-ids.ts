import { LIMITS } from '../limits';
import { nameProblem } from '../flow/names';

/**
 * Path segments that follow `/api/v1/flows/` as fixed routes of the API (some added by other
 * features). A saved flow with one of these ids could not be addressed as `/api/v1/flows/{flow_id}`,
 * so they are refused as ids of saved flows. Routes are case-sensitive, so only the exact words are.
 */
export const RESERVED_FLOW_IDS: ReadonlySet<string> = new Set(['executions', 'execute', 'graph', 'asl']);

export const isReservedFlowId = (id: string): boolean => RESERVED_FLOW_IDS.has(id);

/**
 * Why `id` cannot be the id of a saved flow, or undefined. The flow's own naming rule (visible
 * text, 1-128 characters), plus what being one segment of a URL path needs: no `/`, and no
 * whitespace at either end (a flow's `id` is trimmed when a flow is validated, so such an id in a
 * path would name a different flow than the one stored). Reserved ids are reported apart
 * (isReservedFlowId), because the HTTP layer answers them differently on fixed paths.
 */
export function savedFlowIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty';
  if (id.length > LIMITS.maxNameLength) return `must be at most ${LIMITS.maxNameLength} characters`;
  const visible = nameProblem(id);
  if (visible) return visible;
  if (id.trim() !== id) return 'must not start or end with whitespace';
  if (id.includes('/')) return "must not contain '/' (a saved flow's id is one segment of its URL)";
  return undefined;
}

export const reservedFlowIdMessage = (id: string): string =>
  `'${id}' is reserved: /api/v1/flows/${id} is a fixed path of the API (reserved: ${[...RESERVED_FLOW_IDS].join(', ')})`;
