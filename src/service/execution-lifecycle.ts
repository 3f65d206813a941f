import { ConflictError, type ErrorDetail, NotFoundError } from '../domain/errors';
import type { Execution } from '../domain/execution/execution';
import type { StartedBy } from '../domain/execution/parent-link';
import { definitionHash } from '../domain/flow/definition-hash';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { agreedExecutionName } from '../domain/execution/execution-name';
import { parseFlowRequest } from '../flow-requests/flow-validation';
import type { FlowVersion } from '../domain/saved-flow/saved-flow';
import { deadlineFrom } from '../engine/execution-deadline';
import { taskTimeout } from '../engine/record-step';
import { checkChildFlowIds } from './child-flow-checks';
import { createNamedExecution } from './named-start';
import { handOn } from './hand-on';
import { selectTestCase, type TestCaseRequest } from './mocked-runs';
import type { StepDeps } from './step-deps';

export interface CreatedExecution {
  execution: Execution;
  warnings: ErrorDetail[];
  /** A named start that found an open execution of the same request: that one, not a new one. */
  reused?: boolean;
}

export interface CreateOptions {
  start: boolean;
  /** The execution's name from outside the body (the Idempotency-Key header): an idempotent start. */
  name?: string;
  /** Also read a name from the body's top-level `name`, beside `flow` and `input`. */
  nameInBody?: boolean;
  /** Also accept a Step Functions state machine, `{ asl, input? }` (POST /api/v1/flows/execute). */
  asl?: boolean;
  /** The request's test case (docs/testing-with-mocks.md), checked against the flow before anything is written. */
  testCase?: TestCaseRequest;
  /** A child flow's start (src/service/child-flow-step.ts): the parent step that starts it. */
  startedBy?: StartedBy;
}

/**
 * A saved flow's version to start with an input: its definition was validated when it was saved,
 * so it is not validated again. A posted request body is never one of these (JSON.parse builds
 * plain objects), which is how createExecution tells the two apart.
 */
export class SavedFlowStart {
  constructor(
    readonly version: FlowVersion,
    /** Already checked with parseExecutionInput. */
    readonly input: Record<string, unknown>,
  ) {}
}

interface PreparedExecution {
  flow: FlowDefinition;
  input: unknown;
  warnings: ErrorDetail[];
  definitionHash: string;
  flowVersion?: number;
  /** From a posted body's top-level `name` (when asked to read one). */
  nameInBody?: string;
}

function prepare(request: unknown, options: CreateOptions, deps: StepDeps): PreparedExecution {
  if (request instanceof SavedFlowStart) {
    const { flow, definition_hash, version } = request.version;
    return { flow, input: request.input, warnings: [], definitionHash: definition_hash, flowVersion: version };
  }
  const { flow, input, warnings, name } = parseFlowRequest(request, deps.registry, {
    executionName: options.nameInBody === true,
    asl: options.asl === true,
  });
  return {
    flow,
    input,
    warnings,
    definitionHash: definitionHash(flow),
    ...(name !== undefined && { nameInBody: name }),
  };
}

/**
 * Stores a new execution of a flow request body (validated here; nothing is written when that
 * fails) or of a saved flow's version (SavedFlowStart). With `start`, it is written RUNNING and
 * step 1 is dispatched; without, it waits in PENDING for startPendingExecution (the /flow
 * service's create-then-execute).
 */
export async function createExecution(
  request: unknown,
  options: CreateOptions,
  deps: StepDeps,
): Promise<CreatedExecution> {
  const { flow, input, warnings, definitionHash: hash, flowVersion, nameInBody } = prepare(request, options, deps);
  // A saved flow's version was checked when it was saved; saved flows are never deleted.
  if (deps.flows && !(request instanceof SavedFlowStart)) await checkChildFlowIds(flow, request, deps.flows);
  const savedFlowId = request instanceof SavedFlowStart ? request.version.flow_id : undefined;
  const mock = options.testCase ? selectTestCase(flow, options.testCase, savedFlowId, deps) : undefined;
  const name = agreedExecutionName(nameInBody, options.name);
  const now = deps.clock.now().toISOString();
  const execution: Execution = {
    execution_id: deps.newToken(),
    ...(name !== undefined && { name }),
    flow_id: flow.id,
    flow_name: flow.name,
    definition_hash: hash,
    ...(flowVersion !== undefined && { flow_version: flowVersion }),
    status: options.start ? 'RUNNING' : 'PENDING',
    created_at: now,
    ...(options.start && { started_at: now, dispatched_at: now }),
    cursor: { seq: 1, task: flow.start_task, timeout_seconds: taskTimeout(flow, flow.start_task) },
    attempts: 0,
    steps_recorded: 0,
    max_steps: flow.max_steps,
    ...(flow.timeout_seconds !== undefined && { timeout_seconds: flow.timeout_seconds }),
    ...(options.start &&
      flow.timeout_seconds !== undefined && {
        deadline_at: deadlineFrom(now, flow.timeout_seconds, deps.timeScale ?? 1),
      }),
    ...(mock !== undefined && { mock }),
    ...(options.startedBy !== undefined && { started_by: options.startedBy }),
    state: { input, results: new Map() },
    progress: new Map(),
  };
  if (name === undefined) {
    if (!(await deps.store.createExecution(execution, flow)))
      throw new Error(`execution id collision: ${execution.execution_id}`);
  } else {
    const named = await createNamedExecution({ ...execution, name }, flow, deps);
    if (named.reused) {
      deps.logger.info('execution name reused', { execution_id: named.execution.execution_id, name });
      return { execution: named.execution, warnings, reused: true };
    }
  }
  deps.logger.info('execution created', {
    execution_id: execution.execution_id,
    flow_id: flow.id,
    status: execution.status,
    ...(flowVersion !== undefined && { flow_version: flowVersion }),
  });
  if (options.start) await handOn(execution.execution_id, execution.cursor!, execution.definition_hash, deps);
  return { execution, warnings };
}

/** PENDING → RUNNING and dispatch of step 1; 404 if unknown, 409 if it is not PENDING. */
export async function startPendingExecution(executionId: string, deps: StepDeps): Promise<Execution> {
  const now = deps.clock.now().toISOString();
  // The head keeps the flow's timeout, which runs from the start.
  const pending = await requireExecution(executionId, deps);
  const started =
    pending.status === 'PENDING' &&
    (await deps.store.markRunning(executionId, now, deadlineFrom(now, pending.timeout_seconds, deps.timeScale ?? 1)));
  if (!started) {
    const execution = pending.status === 'PENDING' ? await requireExecution(executionId, deps) : pending;
    throw new ConflictError(
      `Flow execution ${executionId} is ${execution.status}, not PENDING; it can be started only once`,
    );
  }
  if (started.cursor) await handOn(executionId, started.cursor, started.definition_hash, deps);
  return started;
}

/** Cancels the execution if it is still active (a step in flight then does nothing), then deletes it. */
export async function deleteExecution(executionId: string, deps: StepDeps): Promise<void> {
  await deps.store.cancelExecution(executionId, deps.clock.now().toISOString());
  if (!(await deps.store.deleteExecution(executionId)))
    throw new NotFoundError(`Flow execution ${executionId} not found`);
  deps.logger.info('execution deleted', { execution_id: executionId });
}

export async function requireExecution(executionId: string, deps: Pick<StepDeps, 'store'>): Promise<Execution> {
  const execution = await deps.store.loadExecution(executionId);
  if (!execution) throw new NotFoundError(`Flow execution ${executionId} not found`);
  return execution;
}
