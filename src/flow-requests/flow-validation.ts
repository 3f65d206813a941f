import { AslImportError } from '../asl/asl-errors';
import { bareStateMachineProblems } from '../asl/bare-state-machine';
import { aslRequestToFlowRequest } from '../asl/import';
import type { TaskRegistry } from '../ports/task-registry';
import { type ErrorDetail, PayloadTooLargeError, ValidationError } from '../domain/errors';
import { executionNameSchema } from '../domain/execution/execution-name';
import { LIMITS } from '../domain/limits';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { formatPath, zodIssuesToDetails } from '../domain/problems/issue-paths';
import { jsonDocumentProblems } from '../lib/json-guards';
import { isPlainObject, RawFlowSchema } from '../domain/flow/flow-schema';
import { didYouMean } from '../domain/problems/suggestions';
import { checkFlowBody, type FlowChecks } from './flow-body-checks';
import { definition } from './flow-definition-builder';
import { flowWarnings } from './flow-warnings';
import { variableScopeProblems } from './variable-scope-problems';

export interface FlowRequest {
  flow: FlowDefinition;
  /** A JSON object; for a state machine (`{ asl, input }`) any JSON value, as Step Functions takes. */
  input: unknown;
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
  /** A state machine's request: its `input` may be any JSON value (internal: set for `{ asl }`). */
  anyInput?: boolean;
}

type Segment = string | number;

/**
 * Accepts `{ flow: {...}, input? }` or the bare flow with an optional `input` beside its fields,
 * and returns the validated flow or throws one ValidationError listing every problem found:
 * structural ones (missing, mistyped, unknown fields) and those of meaning (task types,
 * parameters, references between tasks) together, the latter checked on whatever parts parsed,
 * in the flow and in each of its sub-flows (map and parallel tasks' branches and processors).
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
  details.push(...inputProblems(input, options.anyInput));

  let flow: FlowDefinition | undefined;
  if (isPlainObject(rawFlow)) {
    const structure = RawFlowSchema.safeParse(rawFlow);
    if (!structure.success) details.push(...zodIssuesToDetails(structure.error.issues, prefix, RawFlowSchema));
    const checks: FlowChecks = { registry, details, totals: { tasks: 0, conditions: 0 } };
    const checked = checkFlowBody(rawFlow, prefix, 0, checks);
    details.push(...variableScopeProblems(rawFlow, prefix));
    details.push(...totalProblems(rawFlow, checks.totals, prefix));
    if (structure.success && details.length === 0) flow = definition(structure.data, checked);
  }
  if (details.length > 0 || !flow) {
    throw new ValidationError(`flow is invalid: ${details.length} problem(s)`, details);
  }
  checkInputSize(input);
  return {
    flow,
    input,
    ...(name !== undefined && { name }),
    warnings: flowWarnings(flow, registry, prefix),
  };
}

/**
 * The whole definition's tasks and conditions, its sub-flows' included, within the bounds a flow's
 * own lists have (said here only when the sub-flows take it past them: the list's own bound says the rest).
 */
function totalProblems(
  rawFlow: Record<string, unknown>,
  totals: FlowChecks['totals'],
  prefix: Segment[],
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const bounds = [
    ['tasks', totals.tasks, LIMITS.maxTasks],
    ['conditions', totals.conditions, LIMITS.maxConditions],
  ] as const;
  for (const [field, total, max] of bounds) {
    const own = rawFlow[field];
    if (total <= max || (Array.isArray(own) && own.length > max)) continue;
    problems.push({
      path: formatPath([...prefix, field]),
      message: `a flow may have at most ${max} ${field}, those of its branches and item processors included; this one has ${total}`,
    });
  }
  return problems;
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
    const parsed = parseFlowRequest(imported.request, registry, { ...options, asl: false, anyInput: true });
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
  checkInputSize(input);
  return input as Record<string, unknown>;
}

function inputProblems(input: unknown, anyJson = false): ErrorDetail[] {
  if (!anyJson && !isPlainObject(input)) return [{ path: 'input', message: 'input must be a JSON object' }];
  return jsonDocumentProblems(input, 'input', LIMITS.maxJsonDepth);
}

function checkInputSize(input: unknown): void {
  const inputBytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (inputBytes > LIMITS.maxInputBytes) throw new PayloadTooLargeError(LIMITS.maxInputBytes, inputBytes, 'input');
}
