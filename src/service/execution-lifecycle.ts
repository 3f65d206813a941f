import { ConflictError, type ErrorDetail, NotFoundError } from '../domain/errors';
import type { Execution, ExecutionRecord } from '../domain/execution';
import { parseFlowRequest } from '../domain/flow-validation';
import { startTransition } from '../engine/next-transition';
import { advance } from './step-runner';
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
    flow,
    input,
    status: options.start ? 'RUNNING' : 'PENDING',
    created_at: now,
    ...(options.start && { started_at: now }),
  };
  if (!(await deps.store.createExecution(execution))) throw new Error(`execution id collision: ${execution.execution_id}`);
  deps.logger.info('execution created', { execution_id: execution.execution_id, flow_id: flow.id, status: execution.status });
  if (options.start) await advance(flow, execution.execution_id, startTransition(flow), deps);
  return { execution, warnings };
}

/** PENDING → RUNNING and dispatch of step 1; 404 if unknown, 409 if it is not PENDING. */
export async function startPendingExecution(executionId: string, deps: StepDeps): Promise<ExecutionRecord> {
  if (!(await deps.store.markRunning(executionId, deps.clock.now().toISOString()))) {
    const record = await deps.store.load(executionId);
    if (!record) throw new NotFoundError(`Flow execution ${executionId} not found`);
    throw new ConflictError(`Flow execution ${executionId} is ${record.execution.status}, not PENDING; it can be started only once`);
  }
  const record = await requireExecution(executionId, deps);
  await advance(record.execution.flow, executionId, startTransition(record.execution.flow), deps);
  return requireExecution(executionId, deps);
}

/** Cancels the execution if it is still active (a step in flight then does nothing), then deletes it. */
export async function deleteExecution(executionId: string, deps: StepDeps): Promise<void> {
  await deps.store.cancelExecution(executionId, deps.clock.now().toISOString());
  if (!(await deps.store.deleteExecution(executionId))) throw new NotFoundError(`Flow execution ${executionId} not found`);
  deps.logger.info('execution deleted', { execution_id: executionId });
}

export async function requireExecution(executionId: string, deps: Pick<StepDeps, 'store'>): Promise<ExecutionRecord> {
  const record = await deps.store.load(executionId);
  if (!record) throw new NotFoundError(`Flow execution ${executionId} not found`);
  return record;
}
