import type { ErrorDetail } from '../domain/errors';
import { isFanOutKind } from '../domain/flow/fan-out-schema';
import { isPlainObject } from '../domain/flow/flow-schema';
import { LIMITS } from '../domain/limits';
import { formatPath } from '../domain/problems/issue-paths';

type Segment = string | number;

/** Where a flow body assigns a variable: the field's path and who assigns it. */
interface Assignment {
  name: string;
  path: Segment[];
  by: string;
}

/**
 * A map iteration or parallel branch reads the variables of the flows around it, and cannot assign
 * one of them: as in Step Functions, where an inner state may not assign a variable of an outer
 * scope (docs/fan-out.md, "What a child sees"). Checked on the definition, so a name that any
 * task or choice rule of an enclosing flow assigns (before or after the fan-out: which runs first
 * is not known here) is refused in every sub-flow inside it, each assignment a problem naming its
 * field. Sibling sub-flows have scopes of their own: two branches, or the item processors of two
 * maps, may each assign a name that nothing around them assigns.
 */
export function variableScopeProblems(raw: unknown, prefix: readonly Segment[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  walk(raw, [...prefix], new Map(), 0, problems);
  return problems;
}

function walk(
  body: unknown,
  at: Segment[],
  outer: ReadonlyMap<string, string>,
  depth: number,
  problems: ErrorDetail[],
): void {
  if (!isPlainObject(body) || depth > LIMITS.maxFanOutDepth) return;
  const own = assignments(body, at);
  for (const assignment of own) {
    const by = outer.get(assignment.name);
    if (by === undefined) continue;
    problems.push({
      path: formatPath(assignment.path),
      message: `'${assignment.name}' is a variable of an enclosing flow (assigned by ${by}): a branch or item processor may read it but not assign it; give this one another name`,
    });
  }
  const inner = new Map(outer);
  for (const assignment of own) if (!inner.has(assignment.name)) inner.set(assignment.name, assignment.by);
  const tasks = Array.isArray(body.tasks) ? body.tasks : [];
  tasks.forEach((task, i) => {
    if (!isPlainObject(task) || !isFanOutKind(task.task_type)) return;
    if (isPlainObject(task.item_processor))
      walk(task.item_processor, [...at, 'tasks', i, 'item_processor'], inner, depth + 1, problems);
    if (Array.isArray(task.branches))
      task.branches.forEach((branch, b) =>
        walk(branch, [...at, 'tasks', i, 'branches', b], inner, depth + 1, problems),
      );
  });
}

/**
 * The variables a flow body's own tasks, catchers and choices assign (not those of its sub-flows):
 * a task's `assign` (JSONata) or `jsonpath.assign` (a JSONPath state's Assign, whose `name.$` keys
 * assign `name`), a catcher's, a choice rule's and a choice's `default_assign`.
 */
function assignments(body: Record<string, unknown>, at: Segment[]): Assignment[] {
  const found: Assignment[] = [];
  const add = (assign: unknown, path: Segment[], by: string) => {
    if (!isPlainObject(assign)) return;
    for (const key of Object.keys(assign))
      found.push({ name: key.endsWith('.$') ? key.slice(0, -2) : key, path: [...path, 'assign', key], by });
  };
  const tasks = Array.isArray(body.tasks) ? body.tasks : [];
  tasks.forEach((task, i) => {
    if (!isPlainObject(task)) return;
    const by = typeof task.name === 'string' ? `task '${task.name}'` : `tasks[${i}]`;
    add(task.assign, [...at, 'tasks', i], by);
    if (isPlainObject(task.jsonpath)) add(task.jsonpath.assign, [...at, 'tasks', i, 'jsonpath'], by);
    if (Array.isArray(task.catch))
      task.catch.forEach((catcher, k) => {
        if (isPlainObject(catcher)) add(catcher.assign, [...at, 'tasks', i, 'catch', k], by);
      });
  });
  const conditions = Array.isArray(body.conditions) ? body.conditions : [];
  conditions.forEach((condition, c) => {
    if (!isPlainObject(condition)) return;
    const by = typeof condition.name === 'string' ? `condition '${condition.name}'` : `conditions[${c}]`;
    if (isPlainObject(condition.default_assign))
      for (const key of Object.keys(condition.default_assign))
        found.push({
          name: key.endsWith('.$') ? key.slice(0, -2) : key,
          path: [...at, 'conditions', c, 'default_assign', key],
          by,
        });
    if (Array.isArray(condition.choices))
      condition.choices.forEach((choice, r) => {
        if (isPlainObject(choice)) add(choice.assign, [...at, 'conditions', c, 'choices', r], by);
      });
  });
  return found;
}
