import { END, FAIL, type ConditionDefinition, type SubFlowDefinition, isChoiceCondition } from './flow-definition';

export const conditionFor = (flow: SubFlowDefinition, task: string): ConditionDefinition | undefined =>
  flow.conditions.find((c) => c.source_task === task);

/** The task after `task` in the `tasks` list; undefined after the last one. */
export const taskAfter = (flow: SubFlowDefinition, task: string): string | undefined => {
  const index = flow.tasks.findIndex((t) => t.name === task);
  return index < 0 ? undefined : flow.tasks[index + 1]?.name;
};

/**
 * Every task a task may hand on to: condition targets, choice rules and default, catchers, itself
 * when it retries, the next task in the list. `end` and `fail` are targets, not tasks, where a
 * condition or catcher names them; the next task in the list is a task whatever its name.
 */
export function successorsOf(flow: SubFlowDefinition, task: string): string[] {
  const condition = conditionFor(flow, task);
  const definition = flow.tasks.find((t) => t.name === task);
  const targets: string[] = (definition?.catch ?? []).map((c) => c.next);
  const tasks: string[] = definition?.retry?.length ? [task] : [];
  if (!condition) {
    const next = taskAfter(flow, task);
    if (next !== undefined) tasks.push(next);
  } else if (isChoiceCondition(condition)) {
    targets.push(
      ...condition.choices.map((c) => c.next),
      ...(condition.default !== undefined ? [condition.default] : []),
    );
  } else {
    targets.push(condition.target_task_success, condition.target_task_failure);
  }
  return [...targets.filter((t) => t !== END && t !== FAIL), ...tasks];
}
