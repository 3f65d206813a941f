import { AslImportError } from '../asl/asl-errors';
import { bareStateMachineProblems } from '../asl/bare-state-machine';
import { aslRequestToFlowRequest } from '../asl/import';
import type { TaskRegistry } from '../ports/task-registry';
import { ANY_TASK_ERROR_CODES } from '../domain/error-codes';
import { type ErrorDetail, PayloadTooLargeError, ValidationError } from '../domain/errors';
import { executionNameSchema } from '../domain/execution/execution-name';
import { LIMITS } from '../domain/limits';
import {
  type ConditionDefinition,
  type FlowDefinition,
  isChoiceCondition,
  isTaskTarget,
  type TaskDefinition,
} from '../domain/flow/flow-definition';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import { referenceProblems, type ReadableFlow, statesAllProblems } from '../domain/flow/flow-references';
import { conditionExpressionProblems, taskExpressionProblems } from './expression-problems';
import { formatPath, zodIssuesToDetails } from '../domain/problems/issue-paths';
import { jsonDocumentProblems } from '../lib/json-guards';
import {
  isPlainObject,
  type RawCondition,
  type RawFlow,
  RawConditionSchema,
  RawFlowSchema,
  RawTaskSchema,
} from '../domain/flow/flow-schema';
import { reachableTasks } from '../domain/flow/reachability';
import { NEVER_ENDS_MESSAGE, neverEnds } from '../domain/flow/termination';
import { readableFields } from '../domain/flow/readable-fields';
import { didYouMean } from '../domain/problems/suggestions';
import { type ResolvedTask, resolveTask } from './task-resolution';

export interface FlowRequest {
  flow: FlowDefinition;
  input: Record<string, unknown>;
  /** Not errors: e.g. tasks that can never run. Returned to the caller beside the execution. */
  warnings: ErrorDetail[];
  /** The execution's name, from a wrapped request's top-level `name` (only when asked to read one). */
  name?: string;
}

export interface FlowRequestOptions {
  /** Read an execution name from a wrapped request's `name`, beside `flow` and `input`. */
  executionName?: boolean;
  /**
   * Also accept `{ asl, input? }`: a Step Functions state machine, translated once into a flow (and
   * refuse a bare one, saying to wrap it).
   */
  asl?: boolean;
}

type Segment = string | number;

/**
 * Accepts `{ flow: {...}, input? }` or the bare flow with an optional `input` beside its fields,
 * and returns the validated flow or throws one ValidationError listing every problem found:
 * structural ones (missing, mistyped, unknown fields) and those of meaning (task types,
 * parameters, references between tasks) together, the latter checked on whatever parts parsed.
 */
export function parseFlowRequest(body: unknown, registry: TaskRegistry, options: FlowRequestOptions = {}): FlowRequest {
  if (!isPlainObject(body)) {
    throw new ValidationError('request body must be a JSON object', [
      { path: 'body', message: 'must be a JSON object' },
    ]);
  }
  if (options.asl && Object.hasOwn(body, 'asl')) return parseAslRequest(body, registry, options);
  const bareStateMachine = options.asl ? bareStateMachineProblems(body) : [];
  if (bareStateMachine.length > 0)
    throw new ValidationError(
      'the body is a state machine: send it as { "asl": <the state machine>, "input": {…} }',
      bareStateMachine,
    );
  const details: ErrorDetail[] = [];
  const wrapped = Object.hasOwn(body, 'flow');
  const { input = {}, ...rest } = body;
  const prefix: Segment[] = wrapped ? ['flow'] : [];
  let rawFlow: unknown = rest;
  let name: string | undefined;
  if (wrapped) {
    const { flow, ...unknownEnvelopeFields } = rest;
    rawFlow = flow;
    if (options.executionName && Object.hasOwn(unknownEnvelopeFields, 'name')) {
      const parsed = executionNameSchema('name').safeParse(unknownEnvelopeFields.name);
      if (parsed.success) name = parsed.data;
      else details.push(...zodIssuesToDetails(parsed.error.issues, ['name']));
      delete unknownEnvelopeFields.name;
    }
    const envelope = options.executionName ? "'flow', 'input' and 'name'" : "'flow' and 'input'";
    const envelopeFields = options.executionName ? ['flow', 'input', 'name'] : ['flow', 'input'];
    for (const key of Object.keys(unknownEnvelopeFields)) {
      details.push({
        path: key,
        message: `unknown field '${key}'${didYouMean(key, envelopeFields)} (a wrapped request has only ${envelope})`,
      });
    }
    if (!isPlainObject(flow)) details.push({ path: 'flow', message: 'flow must be a JSON object' });
  }
  details.push(...inputProblems(input));

  let flow: FlowDefinition | undefined;
  if (isPlainObject(rawFlow)) {
    const at = (...segments: Segment[]) => formatPath([...prefix, ...segments]);
    const structure = RawFlowSchema.safeParse(rawFlow);
    if (!structure.success) details.push(...zodIssuesToDetails(structure.error.issues, prefix, RawFlowSchema));
    const readable = readableFlow(rawFlow);
    details.push(...referenceProblems(readable, at), ...statesAllProblems(rawFlow.tasks, at));
    const resolved = (readable.tasks ?? []).map((task, i) =>
      resolveTask(task, registry, (...s) => at('tasks', i, ...s), details),
    );
    (readable.tasks ?? []).forEach((task, i) =>
      details.push(...taskExpressionProblems(task, (...s) => at('tasks', i, ...s))),
    );
    (readable.conditions ?? []).forEach((condition, i) =>
      details.push(...conditionExpressionProblems(condition, (...s) => at('conditions', i, ...s))),
    );
    if (structure.success && details.length === 0) flow = definition(structure.data, resolved as ResolvedTask[]);
  }
  if (details.length > 0 || !flow) {
    throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details);
  }
  checkInputSize(input as Record<string, unknown>);
  return {
    flow,
    input: input as Record<string, unknown>,
    ...(name !== undefined && { name }),
    warnings: [
      ...neverEndsWarnings(flow, prefix),
      ...unreachableTaskWarnings(flow, prefix),
      ...fallThroughWarnings(flow, prefix),
      ...undeclaredErrorWarnings(flow, registry, prefix),
    ],
  };
}

/**
 * A state machine request: translated into our own flow request (AslImportError naming every
 * unsupported part), then validated as any posted flow, its problems named by the definition's paths.
 */
function parseAslRequest(
  body: Record<string, unknown>,
  registry: TaskRegistry,
  options: FlowRequestOptions,
): FlowRequest {
  const imported = aslRequestToFlowRequest(body);
  const named = (detail: ErrorDetail): ErrorDetail => ({ ...detail, path: imported.pathOf(detail.path) });
  try {
    const parsed = parseFlowRequest(imported.request, registry, { ...options, asl: false });
    return { ...parsed, warnings: [...imported.warnings, ...parsed.warnings.map(named)] };
  } catch (error) {
    if (error instanceof ValidationError) throw new AslImportError((error.details ?? []).map(named), { cause: error });
    throw error;
  }
}

/**
 * The `input` of an execution on its own, for starting a flow that was validated before (a saved
 * flow's version): held to the same rules as beside a posted flow, 400 naming each problem, 413
 * over LIMITS.maxInputBytes. Absent means `{}`.
 */
export function parseExecutionInput(input: unknown = {}): Record<string, unknown> {
  const problems = inputProblems(input);
  if (problems.length > 0) throw new ValidationError(`input is invalid: ${problems.length} problem(s)`, problems);
  checkInputSize(input as Record<string, unknown>);
  return input as Record<string, unknown>;
}

function inputProblems(input: unknown): ErrorDetail[] {
  if (!isPlainObject(input)) return [{ path: 'input', message: 'input must be a JSON object' }];
  return jsonDocumentProblems(input, 'input', LIMITS.maxJsonDepth);
}

function checkInputSize(input: Record<string, unknown>): void {
  const inputBytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (inputBytes > LIMITS.maxInputBytes) throw new PayloadTooLargeError(LIMITS.maxInputBytes, inputBytes, 'input');
}

/** Each task and condition read on its own, so one broken task leaves the others checkable. */
function readableFlow(rawFlow: Record<string, unknown>): ReadableFlow {
  const startTask = RawFlowSchema.shape.start_task.safeParse(rawFlow.start_task);
  const { tasks, conditions } = rawFlow;
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

function definition(raw: RawFlow, resolved: readonly ResolvedTask[]): FlowDefinition {
  const tasks: TaskDefinition[] = raw.tasks.map((task, i) => ({
    name: task.name,
    ...(task.description !== undefined && { description: task.description }),
    task_type: resolved[i]!.task_type,
    parameters: resolved[i]!.parameters,
    timeout_seconds: task.timeout_seconds,
    ...(task.retry !== undefined && task.retry.length > 0 && { retry: task.retry }),
    ...(task.catch !== undefined && task.catch.length > 0 && { catch: task.catch }),
    ...(task.arguments !== undefined && { arguments: task.arguments }),
    ...(task.output !== undefined && { output: task.output }),
    ...(task.assign !== undefined && { assign: task.assign }),
  }));
  return {
    id: raw.id,
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    start_task: raw.start_task,
    max_steps: raw.max_steps,
    ...(raw.timeout_seconds !== undefined && { timeout_seconds: raw.timeout_seconds }),
    tasks,
    conditions: raw.conditions.map(conditionDefinition),
  };
}

/** The schema has checked that a condition has either choices or an outcome with both targets. */
function conditionDefinition(raw: RawCondition): ConditionDefinition {
  const base = {
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    source_task: raw.source_task,
    ...(raw.error !== undefined && { error: raw.error }),
    ...(raw.cause !== undefined && { cause: raw.cause }),
  };
  if (raw.choices !== undefined)
    return { ...base, choices: raw.choices, ...(raw.default !== undefined && { default: raw.default }) };
  return {
    ...base,
    outcome: raw.outcome!,
    target_task_success: raw.target_task_success!,
    target_task_failure: raw.target_task_failure!,
  };
}

/** Said, not refused: a flow that only stops at max_steps may be a poller meant to be stopped. */
const neverEndsWarnings = (flow: FlowDefinition, prefix: Segment[]): ErrorDetail[] =>
  neverEnds(flow) ? [{ path: formatPath([...prefix, 'start_task']), message: NEVER_ENDS_MESSAGE }] : [];

function unreachableTaskWarnings(flow: FlowDefinition, prefix: Segment[]): ErrorDetail[] {
  const reachable = reachableTasks(flow);
  return flow.tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task }) => !reachable.has(task.name))
    .map(({ task, i }) => ({
      path: formatPath([...prefix, 'tasks', i]),
      message: `task '${task.name}' is unreachable from start_task '${flow.start_task}'`,
    }));
}

/**
 * A failure handler without a condition of its own goes on to the next task in the list when it
 * succeeds: often not what was meant (the flow carries on as if nothing failed). Said, not refused.
 */
function fallThroughWarnings(flow: FlowDefinition, prefix: Segment[]): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  const fallsThrough = (handler: string) => !conditionFor(flow, handler) && taskAfter(flow, handler);
  const warn = (path: string, failing: string, handler: string) =>
    warnings.push({
      path,
      message: `the failure of '${failing}' is handled by '${handler}', which then goes on to '${taskAfter(flow, handler)}' (the next task in the list); give '${handler}' a condition to end or fail if that is not meant`,
    });
  flow.conditions.forEach((condition, i) => {
    if (isChoiceCondition(condition) || !isTaskTarget(condition.target_task_failure)) return;
    const handler = condition.outcome === 'success' ? condition.target_task_failure : condition.target_task_success;
    if (fallsThrough(handler))
      warn(
        formatPath([
          ...prefix,
          'conditions',
          i,
          condition.outcome === 'success' ? 'target_task_failure' : 'target_task_success',
        ]),
        condition.source_task,
        handler,
      );
  });
  flow.tasks.forEach((task, i) =>
    task.catch?.forEach((catcher, c) => {
      if (isTaskTarget(catcher.next) && fallsThrough(catcher.next))
        warn(formatPath([...prefix, 'tasks', i, 'catch', c, 'next']), task.name, catcher.next);
    }),
  );
  return warnings;
}

/**
 * A retrier or catcher naming an error its task's type never reports (a typo, or a code from
 * another type) would never match: said, not refused, since a task may report codes it does not
 * declare. `States.*` names, and the codes any task may fail with (`timeout`, …), are the engine's own.
 */
function undeclaredErrorWarnings(flow: FlowDefinition, registry: TaskRegistry, prefix: Segment[]): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  flow.tasks.forEach((task, i) => {
    const codes = registry.get(task.task_type)?.errorCodes ?? [];
    if (codes === 'any') return;
    const declared = new Set(codes);
    for (const field of ['retry', 'catch'] as const) {
      task[field]?.forEach((rule, r) =>
        rule.error_equals.forEach((name, n) => {
          if (name.startsWith('States.') || ANY_TASK_ERROR_CODES.has(name) || declared.has(name)) return;
          const known =
            declared.size > 0
              ? `it reports ${[...declared].join(', ')} and States.* errors`
              : 'it reports only States.* errors';
          warnings.push({
            path: formatPath([...prefix, 'tasks', i, field, r, 'error_equals', n]),
            message: `task type '${task.task_type}' does not declare the error '${name}' (${known})`,
          });
        }),
      );
    }
  });
  return warnings;
}
