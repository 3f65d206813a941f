import { compileTemplate, isExpression, type JsonValue } from '../expressions';
import type { ErrorDetail } from '../domain/errors';
import { FAN_OUT_FIELDS, FAN_OUT_TASK_TYPES, type FanOutKind, isFanOutKind } from '../domain/flow/fan-out-schema';
import type { RawTask } from '../domain/flow/flow-schema';
import { LIMITS } from '../domain/limits';

type Segment = string | number;

/**
 * The rules of a task that depend on its type being `parallel`, `map` or neither (the schema reads
 * each field on its own): which fan-out fields go with which kind, the one each kind needs,
 * `parameters` refused on a fan-out, a task's own timeout bound, the nesting depth, and the
 * expressions of `items` and `item_selector` (in JSONata mode; with `jsonpath`, jsonpath-problems.ts
 * checks them). `depth`: how many fan-outs enclose the task's flow (0 for a flow's own tasks). Runs on the readable fields (readable-fields.ts); a task whose
 * `task_type` is unreadable has its own problem and gets none of these.
 */
export function fanOutFieldProblems(
  task: Partial<RawTask>,
  at: (...segments: Segment[]) => string,
  depth: number,
): ErrorDetail[] {
  if (!('task_type' in task)) return [];
  const kind = isFanOutKind(task.task_type) ? task.task_type : undefined;
  const problems: ErrorDetail[] = [];
  for (const other of FAN_OUT_TASK_TYPES.filter((k) => k !== kind)) {
    for (const field of FAN_OUT_FIELDS[other]) {
      if (task[field] !== undefined)
        problems.push({ path: at(field), message: `${field} is only for task_type '${other}'` });
    }
  }
  if (kind === undefined) {
    if (task.timeout_seconds !== undefined && task.timeout_seconds > LIMITS.maxTaskTimeoutSeconds) {
      problems.push({
        path: at('timeout_seconds'),
        message: `timeout_seconds must be at most ${LIMITS.maxTaskTimeoutSeconds}`,
      });
    }
    return problems;
  }
  if (depth + 1 > LIMITS.maxFanOutDepth) {
    problems.push({
      path: at('task_type'),
      message: `map and parallel tasks nest at most ${LIMITS.maxFanOutDepth} deep (a map in a parallel in a map); this one is at depth ${depth + 1}`,
    });
  }
  if (task.parameters !== undefined && Object.keys(task.parameters).length > 0) {
    problems.push({
      path: at('parameters'),
      message: `a ${kind} task takes no parameters: its sub-flows get the task's input (shape it with arguments)`,
    });
  }
  const needed = kind === 'parallel' ? 'branches' : 'item_processor';
  if (needed in task && task[needed] === undefined) problems.push({ path: at(needed), message: neededMessage(kind) });
  // With jsonpath, items_path and item_selector are JSONPath, checked in jsonpath-problems.ts.
  if (kind === 'map' && task.jsonpath === undefined) {
    problems.push(...templateProblems(task.items, at('items'), 'items', 'a JSON array'));
    problems.push(...templateProblems(task.item_selector, at('item_selector'), 'item_selector', 'a JSON object'));
    if (task.items_path !== undefined)
      problems.push({
        path: at('items_path'),
        message: 'items_path is JSONPath (ItemsPath): give it with jsonpath, or give items (JSONata)',
      });
  }
  return problems;
}

const neededMessage = (kind: FanOutKind): string =>
  kind === 'parallel'
    ? 'a parallel task needs branches: an array of sub-flows, each { start_task, tasks, conditions }'
    : 'a map task needs item_processor: the sub-flow { start_task, tasks, conditions } each item runs';

/** A string must be an expression (a plain string is neither an array nor an object); the rest a template. */
function templateProblems(value: unknown, path: string, field: string, literal: string): ErrorDetail[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && !isExpression(value))
    return [{ path, message: `${field} must be ${literal} or an expression '{% ... %}'` }];
  const outcome = compileTemplate(value as JsonValue, path);
  return outcome.ok ? [] : outcome.problems;
}
