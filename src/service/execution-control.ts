import { ErrorCode } from '../domain/error-codes';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { Execution } from '../domain/execution/execution';
import { timeoutMessage } from '../engine/execution-deadline';
import { requireExecution } from './execution-lifecycle';
import { reportEndedChild } from './child-end';
import { abortFanOutOf } from './fan-out-abort';
import { handOn } from './hand-on';
import { planRedrive } from './redrive-plan';
import type { StepDeps } from './step-deps';

/**
 * Stops a PENDING or RUNNING execution: it becomes ABORTED at once. No further step is handed
 * on; a running attempt may still record its result, which changes nothing; a waiting step or
 * retry never fires (the claim and the timers require RUNNING). History and results stay.
 */
export async function stopExecution(
  executionId: string,
  reason: { error?: string; cause?: string },
  deps: StepDeps,
): Promise<Execution> {
  const stopped = await deps.store.endExecution({
    executionId,
    status: 'ABORTED',
    at: deps.clock.now().toISOString(),
    reason: reason.error ?? ErrorCode.Aborted,
    ...(reason.cause !== undefined && { error: reason.cause }),
  });
  if (stopped.ok) {
    deps.logger.info('execution stopped', { execution_id: executionId });
    await abortFanOutOf(stopped.execution, deps);
    await reportEndedChild(stopped.execution, deps);
    return stopped.execution;
  }
  if (!stopped.execution) throw new NotFoundError(`Flow execution ${executionId} not found`);
  throw new ConflictError(
    `Flow execution ${executionId} is ${stopped.execution.status}; only a PENDING or RUNNING execution can be stopped`,
    {
      code: 'ExecutionNotStoppable',
    },
  );
}

/**
 * Times out a RUNNING execution whose deadline has passed (a no-op if it already ended). `heldBy`:
 * the claim of the invocation that found it out of time, given back with it.
 */
export async function timeOutExecution(execution: Execution, deps: StepDeps, heldBy?: string): Promise<void> {
  const out = await deps.store.endExecution({
    ...(heldBy !== undefined && { heldBy }),
    executionId: execution.execution_id,
    status: 'TIMED_OUT',
    at: deps.clock.now().toISOString(),
    reason: ErrorCode.Timeout,
    error: timeoutMessage(execution.timeout_seconds),
  });
  if (out.ok) {
    deps.logger.info('execution timed out', {
      execution_id: execution.execution_id,
      deadline_at: execution.deadline_at,
    });
    await abortFanOutOf(out.execution, deps);
    await reportEndedChild(out.execution, deps);
  }
}

/**
 * Resumes a FAILED, TIMED_OUT or ABORTED execution with the same id, definition and input, from
 * the step that did not succeed: steps that succeeded are not run again (their outputs are in the
 * head's state). The step resumes as a new step number, so a late or duplicate invocation of the
 * old one finds nothing to claim. The flow's timeout, if any, starts again.
 */
export async function redriveExecution(executionId: string, deps: StepDeps): Promise<Execution> {
  const execution = await requireExecution(executionId, deps);
  const refuse = (why: string, cause?: unknown) =>
    new ConflictError(`Flow execution ${executionId} cannot be redriven: ${why}`, {
      code: 'ExecutionNotRedrivable',
      ...(cause !== undefined && { cause }),
    });
  const plan = await planRedrive(execution, deps);
  if (!plan.ok) throw refuse(plan.why, plan.cause);
  const out = await deps.store.redriveExecution(plan.write);
  if (!out.ok) throw refuse(`it changed meanwhile (now ${out.execution?.status ?? 'gone'}); read it and try again`);
  deps.logger.info('execution redriven', {
    execution_id: executionId,
    seq: plan.write.cursor.seq,
    task: plan.write.cursor.task,
    redrive_count: out.execution.redrive_count,
  });
  await handOn(executionId, plan.write.cursor, execution.definition_hash, deps);
  return out.execution;
}
