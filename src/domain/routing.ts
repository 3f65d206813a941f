import { END, type ConditionDefinition, type FlowDefinition } from './flow-definition';
import type { StepOutcome } from './statuses';

/** Where routing leads after a task: another task, or the end of the execution. */
export type RouteTarget = { finish: true } | { finish: false; task: string };

export const conditionFor = (flow: FlowDefinition, task: string): ConditionDefinition | undefined =>
  flow.conditions.find((c) => c.source_task === task);

/** The task after `task` in the `tasks` list; undefined after the last one. */
export const taskAfter = (flow: FlowDefinition, task: string): string | undefined => {
  const index = flow.tasks.findIndex((t) => t.name === task);
  return index < 0 ? undefined : flow.tasks[index + 1]?.name;
};

/**
 * The routing rules, exactly as the README states them:
 * - with a condition: outcome equals `condition.outcome` → target_task_success, else → target_task_failure;
 *   a target of `end` finishes (even when a task is itself named `end`);
 * - without one: success → next task in the list (finish after the last); failure → finish.
 */
export function route(flow: FlowDefinition, task: string, outcome: StepOutcome): RouteTarget {
  const condition = conditionFor(flow, task);
  if (condition) {
    const target = outcome === condition.outcome ? condition.target_task_success : condition.target_task_failure;
    return target === END ? { finish: true } : { finish: false, task: target };
  }
  if (outcome === 'failure') return { finish: true };
  const next = taskAfter(flow, task);
  return next === undefined ? { finish: true } : { finish: false, task: next };
}
