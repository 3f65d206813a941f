import { type AslExport, flowToAsl } from '../asl/export';
import { parseFlowRequest } from './flow-validation';
import type { TaskRegistry } from '../ports/task-registry';

/**
 * A posted flow as an Amazon States Language state machine: validated exactly as for execute (400
 * with every problem); the warnings are the validation's and what the translation cannot carry.
 */
export function exportAsl(body: unknown, registry: TaskRegistry): AslExport {
  const { flow, warnings } = parseFlowRequest(body, registry);
  const exported = flowToAsl(flow);
  return { asl: exported.asl, warnings: [...warnings, ...exported.warnings] };
}
