import { LIMITS } from '../domain/limits';
import type { TaskRegistry } from '../ports/task-registry';
import type { ErrorDetail } from '../domain/errors';
import type { RawTask } from '../domain/flow/flow-schema';
import { zodIssuesToDetails } from '../domain/problems/issue-paths';
import { jsonDocumentProblems } from '../lib/json-guards';
import { didYouMean } from '../domain/problems/suggestions';
import { FAN_OUT_TASK_TYPES, isFanOutKind } from '../domain/flow/fan-out-schema';
import { literalTemplateFieldProblems } from './literal-template-fields';

type Segment = string | number;

export interface ResolvedTask {
  task_type: string;
  /** Validated and defaulted by the task type's own schema. */
  parameters: Record<string, unknown>;
}

/** "Fetch data" → "fetch_data": how the original services named a task's type by its description. */
export const snakeCase = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * A task's type (explicit, else a registered type named like the task, else one named by its
 * description in snake case) and its parameters checked by that type's schema. Works on the
 * readable fields of a task that may be broken elsewhere, adding every problem it finds to
 * `details`. When a field the resolution depends on is itself unreadable, no type is guessed:
 * that field's own problem is already reported.
 */
export function resolveTask(
  task: Partial<RawTask>,
  registry: TaskRegistry,
  at: (...segments: Segment[]) => string,
  details: ErrorDetail[],
): ResolvedTask | undefined {
  const documentProblems =
    task.parameters === undefined ? [] : jsonDocumentProblems(task.parameters, at('parameters'), LIMITS.maxJsonDepth);
  details.push(...documentProblems);
  if (isFanOutKind(task.task_type)) {
    // Not a plug-in: its fields are checked by fan-out-problems.ts, which refuses parameters that
    // say something (an empty object is what its stored definition carries).
    const noParameters = 'parameters' in task && documentProblems.length === 0 && isEmpty(task.parameters);
    return noParameters ? { task_type: task.task_type, parameters: {} } : undefined;
  }
  const type = resolveType(task, registry, at, details);
  if (type === undefined || !('parameters' in task) || documentProblems.length > 0) return undefined;
  if (task.arguments !== undefined || task.jsonpath?.parameters !== undefined) {
    // Computed at run time, then checked by the same schema; static parameters would be ignored.
    // An empty object is what a stored definition carries beside arguments (GET a saved flow, then
    // PUT or run it again), so it is no conflict.
    if (task.parameters !== undefined && Object.keys(task.parameters).length > 0) {
      details.push({
        path: at('parameters'),
        message:
          task.arguments !== undefined
            ? 'give parameters or arguments, not both (arguments replace parameters)'
            : 'give parameters or jsonpath.parameters, not both (jsonpath.parameters replace parameters)',
      });
      return undefined;
    }
    const literalProblems = literalTemplateFieldProblems(task, registry.get(type)!.parameters, at);
    details.push(...literalProblems);
    return literalProblems.length > 0 ? undefined : { task_type: type, parameters: {} };
  }
  const schema = registry.get(type)!.parameters;
  const parameters = schema.safeParse(task.parameters ?? {});
  if (!parameters.success) {
    const pathPrefix = at('parameters');
    for (const d of zodIssuesToDetails(parameters.error.issues, [], schema)) {
      details.push({ path: d.path === 'body' ? pathPrefix : `${pathPrefix}.${d.path}`, message: d.message });
    }
    return undefined;
  }
  return { task_type: type, parameters: parameters.data as Record<string, unknown> };
}

const isEmpty = (parameters: Record<string, unknown> | undefined) =>
  parameters === undefined || Object.keys(parameters).length === 0;

function resolveType(
  task: Partial<RawTask>,
  registry: TaskRegistry,
  at: (...segments: Segment[]) => string,
  details: ErrorDetail[],
): string | undefined {
  const registered = registry.names().join(', ');
  if (!('task_type' in task)) return undefined;
  if (task.task_type !== undefined) {
    if (registry.get(task.task_type)) return task.task_type;
    details.push({
      path: at('task_type'),
      message: `unknown task_type '${task.task_type}'${didYouMean(task.task_type, [...registry.names(), ...FAN_OUT_TASK_TYPES])}; registered types: ${registered}`,
    });
    return undefined;
  }
  if (task.name === undefined || !('description' in task)) return undefined;
  if (registry.get(task.name)) return task.name;
  if (task.description !== undefined && registry.get(snakeCase(task.description))) return snakeCase(task.description);
  const tried =
    task.description === undefined
      ? `name '${task.name}'`
      : `name '${task.name}' or description '${snakeCase(task.description)}'`;
  details.push({
    path: at('task_type'),
    message: `task_type is missing and ${tried} is not a registered type; registered types: ${registered}`,
  });
  return undefined;
}
