import { END, type FlowDefinition } from './flow-definition';
import { conditionFor, taskAfter } from './routing';

/** Names of the tasks that some sequence of outcomes starting at start_task can reach. */
export function reachableTasks(flow: FlowDefinition): Set<string> {
  const seen = new Set<string>();
  const queue = [flow.start_task];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const condition = conditionFor(flow, name);
    const successors = condition
      ? [condition.target_task_success, condition.target_task_failure].filter((t) => t !== END)
      : [taskAfter(flow, name)].filter((t): t is string => t !== undefined);
    queue.push(...successors);
  }
  return seen;
}
