import { ConflictError, type ErrorDetail, NotFoundError } from '../domain/errors';
import type { Execution } from '../domain/execution';
import { definitionHash } from '../domain/definition-hash';
import { parseFlowRequest } from '../domain/flow-validation';
import { deadlineFrom } from '../engine/execution-deadline';
import { taskTimeout } from '../engine/record-step';
import { handOn } from './step-runner';
import type { StepDeps } from './step-deps';

export interface CreatedExecution {
  execution: Execution;
  warnings: ErrorDetail[];
}

/**
 * Validates a flow request and stores a new execution. With `start`, it is written RUNNING and
 * step 1 is dispatched; without, it waits in PENDING for startPendingExecution (the /flow service's
 * create-then-execute). Nothing is written when validation fails.
 */
export async function createExecution(body: unknown, options: { start: boolean }, deps: StepDeps): Promise<CreatedExecution> {
  const { flow, input, warnings } = parseFlowRequest(body, deps.registry);
  const now = deps.clock.now().toISOString();
  const execution: Execution = {
    execution_id: deps.newToken(),
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
    ...(flow.timeout_seconds !== undefined && { timeout_seconds: flow.timeout_seconds }),
    ...(options.start && flow.timeout_seconds !== undefined && { deadline_at: deadlineFrom(now, flow.timeout_seconds, deps.timeScale ?? 1) }),
    state: { input, results: new Map() },
    progress: new Map(),
  };
  if (!(await deps.store.createExecution(execution, flow))) throw new Error(`execution id collision: ${execution.execution_id}`);
  deps.logger.info('execution created', { execution_id: execution.execution_id, flow_id: flow.id, status: execution.status });
  if (options.start) await handOn(execution.execution_id, execution.cursor!, execution.definition_hash, deps);
  return { execution, warnings };
}

/** PENDING → RUNNING and dispatch of step 1; 404 if unknown, 409 if it is not PENDING. */
export async function startPendingExecution(executionId: string, deps: StepDeps): Promise<Execution> {
  const now = deps.clock.now().toISOString();
  // The head keeps the flow's timeout, which runs from the start.
  const pending = await requireExecution(executionId, deps);
  const started = pending.status === 'PENDING' && (await deps.store.markRunning(executionId, now, deadlineFrom(now, pending.timeout_seconds, deps.timeScale ?? 1)));
  if (!started) {
    const execution = pending.status === 'PENDING' ? await requireExecution(executionId, deps) : pending;
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
