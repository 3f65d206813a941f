import type { TaskRegistry } from '../tasks/registry';
import { type ErrorDetail, PayloadTooLargeError, ValidationError } from './errors';
import { LIMITS } from './limits';
import { END, type FlowDefinition, type TaskDefinition } from './flow-definition';
import { formatPath, zodIssuesToDetails } from './issue-paths';
import { jsonDocumentProblems } from './json-guards';
import { isPlainObject, type RawFlow, RawFlowSchema, type RawTask } from './flow-schema';
import { reachableTasks } from './reachability';

export interface FlowRequest {
  flow: FlowDefinition;
  input: Record<string, unknown>;
  /** Not errors: e.g. tasks that can never run. Returned to the caller beside the execution. */
  warnings: ErrorDetail[];
}

type Segment = string | number;

/** "Fetch data" → "fetch_data": how the original services named a task's type by its description. */
export const snakeCase = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * Accepts `{ flow: {...}, input? }` or the bare flow with an optional `input` beside its fields,
 * and returns the validated flow or throws one ValidationError listing every problem found.
 */
export function parseFlowRequest(body: unknown, registry: TaskRegistry): FlowRequest {
  if (!isPlainObject(body)) {
    throw new ValidationError('request body must be a JSON object', [{ path: 'body', message: 'must be a JSON object' }]);
  }
  const details: ErrorDetail[] = [];
  const wrapped = 'flow' in body;
  const { input = {}, ...rest } = body;
  const prefix: Segment[] = wrapped ? ['flow'] : [];
  let rawFlow: unknown = rest;
  if (wrapped) {
    const { flow, ...unknownEnvelopeFields } = rest;
    rawFlow = flow;
    for (const key of Object.keys(unknownEnvelopeFields)) {
      details.push({ path: key, message: `unknown field '${key}' (a wrapped request has only 'flow' and 'input')` });
    }
    if (!isPlainObject(flow)) details.push({ path: 'flow', message: 'flow must be a JSON object' });
  }
  if (!isPlainObject(input)) details.push({ path: 'input', message: 'input must be a JSON object' });
  else details.push(...jsonDocumentProblems(input, 'input'));

  const parsed = isPlainObject(rawFlow) ? RawFlowSchema.safeParse(rawFlow) : undefined;
  if (parsed && !parsed.success) details.push(...zodIssuesToDetails(parsed.error.issues, prefix));

  let flow: FlowDefinition | undefined;
  if (parsed?.success) flow = checkSemantics(parsed.data, registry, prefix, details);
  if (details.length > 0 || !flow) {
    throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details);
  }
  const inputBytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (inputBytes > LIMITS.maxInputBytes) throw new PayloadTooLargeError(LIMITS.maxInputBytes, inputBytes, 'input');
  const reachable = reachableTasks(flow);
  const warnings = flow.tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task }) => !reachable.has(task.name))
    .map(({ task, i }) => ({
      path: formatPath([...prefix, 'tasks', i]),
      message: `task '${task.name}' is unreachable from start_task '${flow.start_task}'`,
    }));
  return { flow, input: input as Record<string, unknown>, warnings };
}

function checkSemantics(raw: RawFlow, registry: TaskRegistry, prefix: Segment[], details: ErrorDetail[]): FlowDefinition | undefined {
  const at = (...segments: Segment[]) => formatPath([...prefix, ...segments]);
  const before = details.length;

  const firstIndexByName = new Map<string, number>();
  raw.tasks.forEach((task, i) => {
    const first = firstIndexByName.get(task.name);
    if (first === undefined) firstIndexByName.set(task.name, i);
    else details.push({ path: at('tasks', i, 'name'), message: `duplicate task name '${task.name}' (also tasks[${first}])` });
  });
  const isTask = (name: string) => firstIndexByName.has(name);

  if (!isTask(raw.start_task)) {
    details.push({ path: at('start_task'), message: `start_task '${raw.start_task}' names no task` });
  }

  const conditionBySource = new Map<string, number>();
  raw.conditions.forEach((condition, i) => {
    if (!isTask(condition.source_task)) {
      details.push({ path: at('conditions', i, 'source_task'), message: `source_task '${condition.source_task}' names no task` });
    }
    const other = conditionBySource.get(condition.source_task);
    if (other !== undefined) {
      details.push({
        path: at('conditions', i, 'source_task'),
        message: `task '${condition.source_task}' already has a condition (conditions[${other}]); each task may have at most one`,
      });
    } else {
      conditionBySource.set(condition.source_task, i);
    }
    for (const field of ['target_task_success', 'target_task_failure'] as const) {
      const target = condition[field];
      if (target !== END && !isTask(target)) {
        details.push({ path: at('conditions', i, field), message: `${field} '${target}' names no task (use '${END}' to finish)` });
      }
    }
  });

  const tasks = raw.tasks.map((task, i) => {
    const documentProblems = task.parameters === undefined ? [] : jsonDocumentProblems(task.parameters, at('tasks', i, 'parameters'));
    details.push(...documentProblems);
    return documentProblems.length > 0 ? undefined : resolveTask(task, registry, (...s) => at('tasks', i, ...s), details);
  });
  if (details.length > before) return undefined;
  return {
    id: raw.id,
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    start_task: raw.start_task,
    max_steps: raw.max_steps,
    tasks: tasks as TaskDefinition[],
    conditions: raw.conditions,
  };
}

function resolveTask(
  task: RawTask,
  registry: TaskRegistry,
  at: (...segments: Segment[]) => string,
  details: ErrorDetail[],
): TaskDefinition | undefined {
  const registered = registry.names().join(', ');
  let type: string | undefined;
  if (task.task_type !== undefined) {
    if (!registry.get(task.task_type)) {
      details.push({ path: at('task_type'), message: `unknown task_type '${task.task_type}'; registered types: ${registered}` });
      return undefined;
    }
    type = task.task_type;
  } else if (registry.get(task.name)) {
    type = task.name;
  } else if (task.description !== undefined && registry.get(snakeCase(task.description))) {
    type = snakeCase(task.description);
  } else {
    const tried = task.description === undefined ? `name '${task.name}'` : `name '${task.name}' or description '${snakeCase(task.description)}'`;
    details.push({
      path: at('task_type'),
      message: `task_type is missing and ${tried} is not a registered type; registered types: ${registered}`,
    });
    return undefined;
  }
  const taskType = registry.get(type)!;
  const parameters = taskType.parameters.safeParse(task.parameters ?? {});
  if (!parameters.success) {
    const pathPrefix = at('parameters');
    for (const d of zodIssuesToDetails(parameters.error.issues)) {
      details.push({ path: d.path === 'body' ? pathPrefix : `${pathPrefix}.${d.path}`, message: d.message });
    }
    return undefined;
  }
  return {
    name: task.name,
    ...(task.description !== undefined && { description: task.description }),
    task_type: type,
    parameters: parameters.data as Record<string, unknown>,
    timeout_seconds: task.timeout_seconds,
  };
}
