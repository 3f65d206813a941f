import type { ErrorDetail } from '../errors';
import { ErrorCode } from '../error-codes';
import { END, FAIL } from './flow-definition';
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
    else
      problems.push({
        path: at('tasks', i, 'name'),
        message: `duplicate task name '${task.name}' (also tasks[${first}])`,
      });
  });
  const namesNoTask = (name: string | undefined) =>
    flow.taskNames !== undefined && name !== undefined && !flow.taskNames.has(name);

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
    const targetProblem = (target: string | undefined, ...path: Segment[]) => {
      if (target !== END && target !== FAIL && namesNoTask(target)) {
        problems.push({
          path: at(...path),
          message: `${String(path.at(-1))} '${target}' names no task (use '${END}' to finish or '${FAIL}' to fail)`,
        });
      }
    };
    targetProblem(condition.target_task_success, 'conditions', i, 'target_task_success');
    targetProblem(condition.target_task_failure, 'conditions', i, 'target_task_failure');
    targetProblem(condition.default, 'conditions', i, 'default');
    condition.choices?.forEach((rule, r) => targetProblem(rule.next, 'conditions', i, 'choices', r, 'next'));
  });
  flow.tasks?.forEach((task, i) => {
    task.catch?.forEach((catcher, c) => {
      if (catcher.next !== END && catcher.next !== FAIL && namesNoTask(catcher.next)) {
        problems.push({
          path: at('tasks', i, 'catch', c, 'next'),
          message: `next '${catcher.next}' names no task (use '${END}' to finish or '${FAIL}' to fail)`,
        });
      }
    });
  });
  return problems;
}

/**
 * As in Amazon States Language: `States.ALL` must be the only name of its list, in the last
 * retrier or catcher. Read from the tasks as sent, so a retrier broken elsewhere is still checked.
 */
export function statesAllProblems(rawTasks: unknown, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  list(rawTasks).forEach((task, i) => {
    if (typeof task !== 'object' || task === null) return;
    for (const field of ['retry', 'catch'] as const) {
      const rules = list((task as Record<string, unknown>)[field]);
      rules.forEach((rule, r) => {
        const names = list(
          typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>).error_equals : undefined,
        );
        if (!names.includes(ErrorCode.All)) return;
        const path = at('tasks', i, field, r, 'error_equals');
        if (names.length > 1) problems.push({ path, message: `${ErrorCode.All} must stand alone in error_equals` });
        if (r !== rules.length - 1)
          problems.push({
            path,
            message: `${ErrorCode.All} must be in the last rule (it matches every error, so later rules could never apply)`,
          });
      });
    }
  });
  return problems;
}
