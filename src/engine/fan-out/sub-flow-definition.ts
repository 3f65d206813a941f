import type { FanOutDefinition, FlowDefinition, SubFlowDefinition } from '../../domain/flow/flow-definition';

/**
 * The flows a fan-out's children run, as whole definitions: a child is an execution like any
 * other, so its steps load, cache and route on a FlowDefinition. A parallel has one per branch (in
 * branch order: branch i's children run the i-th), a map one for all its items. Each keeps the
 * parent's flow id and step bound; its name says where it runs, for the views.
 */
export function subFlowDefinitions(
  parent: FlowDefinition,
  stateName: string,
  fanOut: FanOutDefinition,
): FlowDefinition[] {
  const subFlow = (sub: SubFlowDefinition, label: string): FlowDefinition => ({
    id: parent.id,
    name: `${parent.name} › ${stateName} › ${label}`,
    start_task: sub.start_task,
    max_steps: parent.max_steps,
    tasks: sub.tasks,
    conditions: sub.conditions,
  });
  return fanOut.kind === 'parallel'
    ? fanOut.branches.map((branch, i) => subFlow(branch, `branch ${i + 1}`))
    : [subFlow(fanOut.item_processor, 'each item')];
}

/** Which of the fan-out's sub-flows the child at `index` runs. */
export const subFlowIndex = (fanOut: FanOutDefinition, index: number): number =>
  fanOut.kind === 'parallel' ? index : 0;
