import type { ErrorDetail } from './errors';
import { END } from './flow-definition';
import type { RawCondition, RawTask } from './flow-schema';

type Segment = string | number;

/** The readable parts of a flow (see readable-fields.ts); `tasks` is absent when the list itself is unreadable. */
export interface ReadableFlow {
  start_task?: string;
  tasks?: ReadonlyArray<Partial<RawTask>>;
  /**
   * Every task name sent as a string, readable or not (trimmed as the schema trims). References
   * are looked up here, so a task whose own name is refused does not also turn every reference to
   * it into a second problem.
   */
  taskNames?: ReadonlySet<string>;
  conditions?: ReadonlyArray<Partial<RawCondition>>;
}

/**
 * Problems in how a flow's parts name one another: duplicate task names, a start_task, condition
 * source or target that names no task, two conditions for one task. Runs over whatever parts are
 * readable; a name is looked up only when the task list itself is readable, so a broken list
 * never turns every reference into a second, false problem.
 */
export function referenceProblems(flow: ReadableFlow, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const firstIndexByName = new Map<string, number>();
  flow.tasks?.forEach((task, i) => {
    if (task.name === undefined) return;
    const first = firstIndexByName.get(task.name);
    if (first === undefined) firstIndexByName.set(task.name, i);
    else problems.push({ path: at('tasks', i, 'name'), message: `duplicate task name '${task.name}' (also tasks[${first}])` });
  });
  const namesNoTask = (name: string | undefined) => flow.taskNames !== undefined && name !== undefined && !flow.taskNames.has(name);

  if (namesNoTask(flow.start_task)) {
    problems.push({ path: at('start_task'), message: `start_task '${flow.start_task}' names no task` });
  }

  const conditionBySource = new Map<string, number>();
  flow.conditions?.forEach((condition, i) => {
    const source = condition.source_task;
    if (namesNoTask(source)) {
      problems.push({ path: at('conditions', i, 'source_task'), message: `source_task '${source}' names no task` });
    }
    if (source !== undefined) {
      const other = conditionBySource.get(source);
      if (other === undefined) conditionBySource.set(source, i);
      else {
        problems.push({
          path: at('conditions', i, 'source_task'),
          message: `task '${source}' already has a condition (conditions[${other}]); each task may have at most one`,
        });
      }
    }
    for (const field of ['target_task_success', 'target_task_failure'] as const) {
      const target = condition[field];
      if (target !== END && namesNoTask(target)) {
        problems.push({ path: at('conditions', i, field), message: `${field} '${target}' names no task (use '${END}' to finish)` });
      }
    }
  });
  return problems;
}
