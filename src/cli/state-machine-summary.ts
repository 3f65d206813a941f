import { machineLanguage, type QueryLanguage } from '../asl/query-language';
import type { SubFlowDefinition } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';

/** What `flow validate` says of a state machine that would run: its language, and how its states became tasks. */
export interface StateMachineSummary {
  query_language: QueryLanguage;
  /** Every state, those of Parallel branches and Map item processors included. */
  states: number;
  /** Every task of the flow it became, those of its sub-flows included. */
  tasks: number;
}

/**
 * A valid state machine's summary, from the definition and the flow it became. The counts differ
 * on purpose: a Choice right after a state is that task's condition and Succeed and Fail states
 * are where a flow ends, so a reader sees what the import folded away.
 */
export function stateMachineSummary(asl: Record<string, unknown>, flow: SubFlowDefinition): StateMachineSummary {
  return { query_language: machineLanguage(asl) ?? 'JSONPath', states: stateCount(asl), tasks: taskCount(flow) };
}

function stateCount(machine: unknown): number {
  if (!isPlainObject(machine) || !isPlainObject(machine.States)) return 0;
  let count = 0;
  for (const state of Object.values(machine.States)) {
    count += 1;
    if (!isPlainObject(state)) continue;
    const branches: unknown[] = Array.isArray(state.Branches) ? state.Branches : [];
    for (const sub of [...branches, state.ItemProcessor, state.Iterator]) count += stateCount(sub);
  }
  return count;
}

function taskCount(flow: SubFlowDefinition): number {
  let count = 0;
  for (const task of flow.tasks) {
    count += 1;
    const fanOut = task.fan_out;
    if (fanOut?.kind === 'parallel') for (const branch of fanOut.branches) count += taskCount(branch);
    if (fanOut?.kind === 'map') count += taskCount(fanOut.item_processor);
  }
  return count;
}

/** The summary as `flow validate` prints it after the file's name. */
export const summaryText = (summary: StateMachineSummary, flowId: string): string =>
  `valid state machine (${summary.query_language}): ${summary.states} state(s) -> ${summary.tasks} task(s) of flow '${flowId}'`;
