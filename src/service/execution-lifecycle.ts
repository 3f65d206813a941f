import { ConflictError, type ErrorDetail, NotFoundError } from '../domain/errors';
import type { Execution } from '../domain/execution';
import { definitionHash } from '../domain/definition-hash';
import { agreedExecutionName } from '../domain/execution-name';
import { parseFlowRequest } from '../domain/flow-validation';
import { taskTimeout } from '../engine/record-step';
import { createNamedExecution } from './named-start';
import { handOn } from './step-runner';
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
}

/**
 * Validates a flow request and stores a new execution. With `start`, it is written RUNNING and
 * step 1 is dispatched; without, it waits in PENDING for startPendingExecution (the /flow service's
 * create-then-execute). Nothing is written when validation fails.
 */
export async function createExecution(body: unknown, options: CreateOptions, deps: StepDeps): Promise<CreatedExecution> {
  const { flow, input, warnings, name: nameInBody } = parseFlowRequest(body, deps.registry, { executionName: options.nameInBody === true });
  const name = agreedExecutionName(nameInBody, options.name);
  const now = deps.clock.now().toISOString();
  const execution: Execution = {
    execution_id: deps.newToken(),
    ...(name !== undefined && { name }),
    flow_id: flow.id,
    flow_name: flow.name,
    definition_hash: definitionHash(flow),
    status: options.start ? 'RUNNING' : 'PENDING',
    created_at: now,
    ...(options.start && { started_at: now, dispatched_at: now }),
    cursor: { seq: 1, task: flow.start_task, timeout_seconds: taskTimeout(flow, flow.start_task) },
    attempts: 0,
    steps_recorded: 0,
    max_steps: flow.max_steps,
    state: { input, results: new Map() },
    progress: new Map(),
  };
  if (name === undefined) {
    if (!(await deps.store.createExecution(execution, flow))) throw new Error(`execution id collision: ${execution.execution_id}`);
  } else {
    const named = await createNamedExecution({ ...execution, name }, flow, deps);
    if (named.reused) {
      deps.logger.info('execution name reused', { execution_id: named.execution.execution_id, name });
      return { execution: named.execution, warnings, reused: true };
    }
  }
  deps.logger.info('execution created', { execution_id: execution.execution_id, flow_id: flow.id, status: execution.status });
  if (options.start) await handOn(execution.execution_id, execution.cursor!, execution.definition_hash, deps);
  return { execution, warnings };
}

/** PENDING → RUNNING and dispatch of step 1; 404 if unknown, 409 if it is not PENDING. */
export async function startPendingExecution(executionId: string, deps: StepDeps): Promise<Execution> {
  const started = await deps.store.markRunning(executionId, deps.clock.now().toISOString());
  if (!started) {
    const execution = await requireExecution(executionId, deps);
    throw new ConflictError(`Flow execution ${executionId} is ${execution.status}, not PENDING; it can be started only once`);
  }
  if (started.cursor) await handOn(executionId, started.cursor, started.definition_hash, deps);
  return started;
}

/** Cancels the execution if it is still active (a step in flight then does nothing), then deletes it. */
export async function deleteExecution(executionId: string, deps: StepDeps): Promise<void> {
  await deps.store.cancelExecution(executionId, deps.clock.now().toISOString());
  if (!(await deps.store.deleteExecution(executionId))) throw new NotFoundError(`Flow execution ${executionId} not found`);
  deps.logger.info('execution deleted', { execution_id: executionId });
}

export async function requireExecution(executionId: string, deps: Pick<StepDeps, 'store'>): Promise<Execution> {
  const execution = await deps.store.loadExecution(executionId);
  if (!execution) throw new NotFoundError(`Flow execution ${executionId} not found`);
  return execution;
}
