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
      path: formatPath([...assignment.path, 'assign', assignment.name]),
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

/** The variables a flow body's own tasks and choice rules assign (not those of its sub-flows). */
function assignments(body: Record<string, unknown>, at: Segment[]): Assignment[] {
  const found: Assignment[] = [];
  const tasks = Array.isArray(body.tasks) ? body.tasks : [];
  tasks.forEach((task, i) => {
    if (!isPlainObject(task) || !isPlainObject(task.assign)) return;
    const by = typeof task.name === 'string' ? `task '${task.name}'` : `tasks[${i}]`;
    for (const name of Object.keys(task.assign)) found.push({ name, path: [...at, 'tasks', i], by });
  });
  const conditions = Array.isArray(body.conditions) ? body.conditions : [];
  conditions.forEach((condition, c) => {
    if (!isPlainObject(condition) || !Array.isArray(condition.choices)) return;
    const by = typeof condition.name === 'string' ? `condition '${condition.name}'` : `conditions[${c}]`;
    condition.choices.forEach((choice, r) => {
      if (!isPlainObject(choice) || !isPlainObject(choice.assign)) return;
      for (const name of Object.keys(choice.assign))
        found.push({ name, path: [...at, 'conditions', c, 'choices', r], by });
    });
  });
  return found;
}
