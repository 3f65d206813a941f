import { ErrorCode } from '../error-codes';
import { type SubFlowDefinition, isChoiceCondition, isTaskTarget, type TaskDefinition } from './flow-definition';
import { reachableTasks } from './reachability';
import { conditionFor, taskAfter } from './routing';

export const NEVER_ENDS_MESSAGE =
  "the flow never ends but by max_steps or its timeout: no task it can reach leads to 'end' or 'fail' or is the last in the list, and every one of them routes its failures to another task";

/**
 * Whether an execution of the flow can only be ended by its `max_steps` or its timeout: no task
 * reachable from `start_task` can hand on to an end, whatever its outcome. Failures count: a task
 * whose failure nothing routes elsewhere ends the execution FAILED when it fails, which is an end.
 * The same answer decides the warning on a submitted flow and the refusal to export it as a state
 * machine (which needs a state that ends it).
 */
export function neverEnds(flow: SubFlowDefinition): boolean {
  const byName = new Map(flow.tasks.map((task) => [task.name, task]));
  return ![...reachableTasks(flow)].some((name) => canEndAfter(flow, byName.get(name)!));
}

const ends = (target: string) => !isTaskTarget(target);

/** Retries come first, then catchers, then the condition: the order the engine routes a failure in. */
function canEndAfter(flow: SubFlowDefinition, task: TaskDefinition): boolean {
  if (task.catch?.some((catcher) => ends(catcher.next))) return true;
  const condition = conditionFor(flow, task.name);
  if (!condition) return taskAfter(flow, task.name) === undefined || !catchesEverything(task);
  if (isChoiceCondition(condition)) {
    // No rule matching and no default fails the execution; a failure of the task itself is not routed by choices.
    return (
      condition.default === undefined ||
      [...condition.choices.map((rule) => rule.next), condition.default].some(ends) ||
      !catchesEverything(task)
    );
  }
  const onSuccess = condition.outcome === 'success' ? condition.target_task_success : condition.target_task_failure;
  const onFailure = condition.outcome === 'success' ? condition.target_task_failure : condition.target_task_success;
  return ends(onSuccess) || (!catchesEverything(task) && ends(onFailure));
}

/** A catcher on `States.ALL` takes every failure once retries are spent. */
const catchesEverything = (task: TaskDefinition): boolean =>
  task.catch?.some((catcher) => catcher.error_equals.includes(ErrorCode.All)) ?? false;
