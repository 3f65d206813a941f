import { type ErrorDetail, ValidationError } from '../domain/errors';
import type { SubFlowDefinition } from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';

type Segment = string | number;

export const FAN_OUT_NOT_RUN_YET =
  'map and parallel tasks are not run yet: this flow is valid otherwise, and will be accepted once they are';

/**
 * Until map and parallel tasks run end to end, a flow that uses one is refused once it passed every
 * other check (docs/decisions/0025-fan-out-as-child-executions.md): one problem at each fan-out
 * task's `task_type`, nested ones included. To be removed, with its one call in flow-validation.ts,
 * when they run.
 */
export function refuseFanOutUntilItRuns(flow: SubFlowDefinition, prefix: Segment[]): void {
  const details = fanOutTasks(flow, prefix);
  if (details.length > 0) throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details);
}

function fanOutTasks(flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] {
  return flow.tasks.flatMap((task, i) => {
    const at = [...prefix, 'tasks', i];
    const fanOut = task.fan_out;
    if (fanOut === undefined) return [];
    const subFlows: Array<[SubFlowDefinition, Segment[]]> =
      fanOut.kind === 'parallel'
        ? fanOut.branches.map((branch, b) => [branch, [...at, 'branches', b]])
        : [[fanOut.item_processor, [...at, 'item_processor']]];
    return [
      { path: formatPath([...at, 'task_type']), message: FAN_OUT_NOT_RUN_YET },
      ...subFlows.flatMap(([subFlow, path]) => fanOutTasks(subFlow, path)),
    ];
  });
}
