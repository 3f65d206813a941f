import type { FlowDefinition } from '../domain/flow/flow-definition';
import { parseFlowRequest } from '../flow-requests/flow-validation';
import { successorsOf } from '../domain/flow/routing';
import { defaultRegistry } from '../tasks/default-registry';
import { isPlainObject } from '../domain/flow/flow-schema';

/**
 * How many steps a flow takes, when that is known before it runs: when it can take one path only.
 * Every task on it hands on to at most one task whatever its outcome (no choices between tasks,
 * no retries, which hand on to the task itself, no catcher or failure target leading elsewhere)
 * and no task comes twice. A failure then only ends the execution early, so the count is an upper
 * bound that a successful run reaches. Undefined for any other flow.
 */
export function chainLength(flow: FlowDefinition): number | undefined {
  const seen = new Set<string>();
  for (let task: string | undefined = flow.start_task; task !== undefined;) {
    if (seen.has(task)) return undefined;
    seen.add(task);
    // eslint-disable-next-line @typescript-eslint/consistent-generic-constructors -- the annotation breaks the loop's inference cycle (TS7022)
    const next: Set<string> = new Set(successorsOf(flow, task));
    if (next.size > 1) return undefined;
    task = next.values().next().value;
  }
  return Math.min(seen.size, flow.max_steps);
}

/** What the progress display knows of a flow before it runs. */
export interface FlowPlan {
  /** The chain length (above), when the flow is a chain. */
  steps?: number;
  taskNames: string[];
}

/**
 * The plan of a flow request as a flow file holds it, read with the API's own validation; empty
 * when this copy of the task types cannot validate it (the server's may differ: it, not this,
 * decides whether the flow runs).
 */
export function planOf(request: unknown): FlowPlan {
  try {
    // A state machine (`{ asl }`) too, as the API runs it: its state names are the task names.
    const flowRequest = isPlainObject(request) ? withoutTestCase(request) : request;
    const { flow } = parseFlowRequest(flowRequest, defaultRegistry(), { asl: true });
    return { steps: chainLength(flow), taskNames: flow.tasks.map((task) => task.name) };
  } catch {
    return { taskNames: [] };
  }
}

/** A test case picks mocked responses on the stack: the API's to read, not part of the flow. */
function withoutTestCase(request: Record<string, unknown>): Record<string, unknown> {
  const { test_case: _testCase, state_machine_name: _stateMachine, ...flowRequest } = request;
  return flowRequest;
}
