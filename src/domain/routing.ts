import { END, FAIL, type ConditionDefinition, type FlowDefinition, isChoiceCondition } from './flow-definition';

export const conditionFor = (flow: FlowDefinition, task: string): ConditionDefinition | undefined =>
  flow.conditions.find((c) => c.source_task === task);

/** The task after `task` in the `tasks` list; undefined after the last one. */
export const taskAfter = (flow: FlowDefinition, task: string): string | undefined => {
  const index = flow.tasks.findIndex((t) => t.name === task);
  return index < 0 ? undefined : flow.tasks[index + 1]?.name;
};

/** Every place a task may hand on to: condition targets, choice rules and default, catchers, the next task. */
export function successorsOf(flow: FlowDefinition, task: string): string[] {
  const condition = conditionFor(flow, task);
  const definition = flow.tasks.find((t) => t.name === task);
  const out: string[] = (definition?.catch ?? []).map((c) => c.next);
  if (definition?.retry?.length) out.push(task);
  if (!condition) {
    const next = taskAfter(flow, task);
    if (next !== undefined) out.push(next);
  } else if (isChoiceCondition(condition)) {
    out.push(...condition.choices.map((c) => c.next), ...(condition.default !== undefined ? [condition.default] : []));
  } else {
    out.push(condition.target_task_success, condition.target_task_failure);
  }
  return out.filter((t) => t !== END && t !== FAIL);
}
