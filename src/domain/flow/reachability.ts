import type { SubFlowDefinition } from './flow-definition';
import { successorsOf } from './routing';

/** Names of the tasks that some sequence of outcomes starting at start_task can reach. */
export function reachableTasks(flow: SubFlowDefinition): Set<string> {
  const seen = new Set<string>();
  const queue = [flow.start_task];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...successorsOf(flow, name));
  }
  return seen;
}
