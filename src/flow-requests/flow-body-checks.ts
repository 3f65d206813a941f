import type { TaskRegistry } from '../ports/task-registry';
import type { ErrorDetail } from '../domain/errors';
import { isFanOutKind } from '../domain/flow/fan-out-schema';
import { referenceProblems, type ReadableFlow, statesAllProblems } from '../domain/flow/flow-references';
import {
  isPlainObject,
  RawConditionSchema,
  type RawSubFlow,
  RawTaskSchema,
  SubFlowSchema,
} from '../domain/flow/flow-schema';
import { readableFields } from '../domain/flow/readable-fields';
import { LIMITS } from '../domain/limits';
import { formatPath, zodIssuesToDetails } from '../domain/problems/issue-paths';
import { conditionExpressionProblems, taskExpressionProblems } from './expression-problems';
import { fanOutFieldProblems } from './fan-out-problems';
import { callbackFieldProblems } from './callback-problems';
import { jsonPathFieldProblems } from './jsonpath-problems';
import { type ResolvedTask, resolveTask } from './task-resolution';

type Segment = string | number;

/** What the checks learnt of a task that the definition is built from: its type and parameters, its sub-flows. */
export interface CheckedTask extends ResolvedTask {
  /** A fan-out's branches, or its one item processor, checked as flows of their own. */
  sub_flows?: CheckedSubFlow[];
}

export interface CheckedSubFlow {
  /** As its schema parsed it; absent when its structure has problems (then reported). */
  parsed?: RawSubFlow;
  tasks: Array<CheckedTask | undefined>;
}

/** Shared by a flow and every sub-flow in it: the problems found, and the counts bounded over the whole definition. */
export interface FlowChecks {
  registry: TaskRegistry;
  details: ErrorDetail[];
  totals: { tasks: number; conditions: number };
}

/**
 * The checks of meaning on a flow's body (`start_task`, `tasks`, `conditions`), on whatever parts
 * of it are readable: references between its names, `States.ALL`, task types and parameters,
 * expressions, fan-out fields. A fan-out task's sub-flows are then checked the same way, structure
 * included, each with its path and its own scope of names: this is the validation of a flow,
 * applied to each sub-flow, as deep as LIMITS.maxFanOutDepth. `depth`: the fan-outs around this
 * body (0 for the flow itself).
 */
export function checkFlowBody(
  raw: Record<string, unknown>,
  prefix: readonly Segment[],
  depth: number,
  checks: FlowChecks,
): Array<CheckedTask | undefined> {
  const at = (...segments: Segment[]) => formatPath([...prefix, ...segments]);
  const readable = readableBody(raw);
  checks.details.push(...referenceProblems(readable, at), ...statesAllProblems(raw.tasks, at));
  checks.totals.tasks += Array.isArray(raw.tasks) ? raw.tasks.length : 0;
  checks.totals.conditions += Array.isArray(raw.conditions) ? raw.conditions.length : 0;
  const readableTasks = readable.tasks ?? [];
  const taskAt =
    (i: number) =>
    (...segments: Segment[]) =>
      at('tasks', i, ...segments);
  const resolved = readableTasks.map((task, i) => resolveTask(task, checks.registry, taskAt(i), checks.details));
  readableTasks.forEach((task, i) => checks.details.push(...taskExpressionProblems(task, taskAt(i))));
  (readable.conditions ?? []).forEach((condition, i) =>
    checks.details.push(...conditionExpressionProblems(condition, (...s) => at('conditions', i, ...s))),
  );
  readableTasks.forEach((task, i) => checks.details.push(...fanOutFieldProblems(task, taskAt(i), depth)));
  readableTasks.forEach((task, i) => checks.details.push(...jsonPathFieldProblems(task, taskAt(i))));
  readableTasks.forEach((task, i) => checks.details.push(...callbackFieldProblems(task, taskAt(i))));
  const tasks = readableTasks.map((task, i): CheckedTask | undefined => {
    if (!isFanOutKind(task.task_type) || depth + 1 > LIMITS.maxFanOutDepth) return resolved[i];
    const rawTask = (raw.tasks as unknown[])[i] as Record<string, unknown>;
    const sub_flows = subFlowsOf(task.task_type === 'parallel' ? 'branches' : 'item_processor', rawTask).map(
      ([subFlow, ...path]) => checkSubFlow(subFlow, [...prefix, 'tasks', i, ...path], depth + 1, checks),
    );
    return resolved[i] && { ...resolved[i], sub_flows };
  });
  return tasks;
}

/** A sub-flow: its structure by the schema of a flow's body, then the checks of meaning. */
function checkSubFlow(
  raw: Record<string, unknown>,
  prefix: readonly Segment[],
  depth: number,
  checks: FlowChecks,
): CheckedSubFlow {
  const structure = SubFlowSchema.safeParse(raw);
  if (!structure.success) checks.details.push(...zodIssuesToDetails(structure.error.issues, prefix, SubFlowSchema));
  const tasks = checkFlowBody(raw, prefix, depth, checks);
  return { ...(structure.success && { parsed: structure.data }), tasks };
}

/** The sub-flows a fan-out task gives, with their paths; one that is no object has its own problem already. */
function subFlowsOf(
  field: 'branches' | 'item_processor',
  task: Record<string, unknown>,
): Array<[Record<string, unknown>, ...Segment[]]> {
  const value = task[field];
  if (field === 'item_processor') return isPlainObject(value) ? [[value, field]] : [];
  if (!Array.isArray(value)) return [];
  return value.flatMap((branch, b): Array<[Record<string, unknown>, ...Segment[]]> =>
    isPlainObject(branch) ? [[branch, field, b]] : [],
  );
}

/** Each task and condition read on its own, so one broken task leaves the others checkable. */
function readableBody(raw: Record<string, unknown>): ReadableFlow {
  const startTask = SubFlowSchema.shape.start_task.safeParse(raw.start_task);
  const { tasks, conditions } = raw;
  const namesAsSent = (Array.isArray(tasks) ? tasks : [])
    .map((task: unknown) => (isPlainObject(task) && typeof task.name === 'string' ? task.name.trim() : undefined))
    .filter((name): name is string => name !== undefined);
  return {
    ...(startTask.success && { start_task: startTask.data }),
    ...(Array.isArray(tasks) && {
      tasks: tasks.map((task) => readableFields(RawTaskSchema, task)),
      taskNames: new Set(namesAsSent),
    }),
    ...(Array.isArray(conditions) && {
      conditions: conditions.map((condition) => readableFields(RawConditionSchema, condition)),
    }),
  };
}
