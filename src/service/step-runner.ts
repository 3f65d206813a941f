import type { Cursor, Execution } from '../domain/execution';
import { resultsRecord } from '../domain/execution-state';
import type { FlowDefinition } from '../domain/flow-definition';
import { cursorMessage, type StepMessage } from '../dispatch/step-message';
import { cursorAfter } from '../engine/record-step';
import { settleStep } from '../engine/settle-step';
import type { Transition } from '../engine/transition';
import { toTaskLogger } from '../observability/logger';
import type { TaskRunResult } from '../tasks/task-type';
import { executeTask } from './execute-task';
import type { StepDeps } from './step-deps';

export type StepReport =
  | { outcome: 'ran'; status: 'success' | 'failure'; attempt: number; transition: Transition }
  | { outcome: 'skipped'; reason: string };

export const STEP_CRASHED = 'step_crashed';

/** Why a claim was refused, from the head as it was (no extra read). */
function refusal(execution: Execution | undefined, message: StepMessage): string {
  if (!execution) return 'unknown_execution';
  if (execution.status !== 'RUNNING') return `execution_${execution.status.toLowerCase()}`;
  if (execution.cursor?.seq !== message.seq || execution.cursor.task !== message.task) return 'not_the_expected_step';
  return 'already_claimed';
}

/**
 * One step, exactly once. The claim is one conditional update of the execution's head that also
 * returns it: it succeeds only if the execution is RUNNING, waits for exactly this step, and no
 * live invocation holds it (a holder whose lease expired is presumed dead: the claim then counts
 * as the next attempt). The task runs under its timeout; its record and the head's move to the
 * next step are committed only while the claim is still ours; then the next step is handed on.
 * Every refusal is a no-op, which turns duplicate, concurrent, late and stray deliveries harmless.
 * Reads and writes per step: the head and this step's record, never earlier steps.
 */
export async function runStep(message: StepMessage, deps: StepDeps): Promise<StepReport> {
  const { store, clock, logger } = deps;
  const id = message.execution_id;
  const claimToken = deps.newToken();
  const startedAt = clock.now();
  const [claim, cachedFlow] = await Promise.all([
    store.claimStep({
      executionId: id,
      seq: message.seq,
      task: message.task,
      claimToken,
      claimedAt: startedAt.toISOString(),
      leaseExpiresAt: startedAt.getTime() + (message.timeout_seconds + deps.leaseMarginSeconds) * 1000,
    }),
    // A warm instance usually has the definition cached; otherwise its read overlaps the claim.
    message.definition_hash ? store.loadDefinition(id, message.definition_hash).catch(() => undefined) : undefined,
  ]);
  if (!claim.claimed) {
    const reason = refusal(claim.execution, message);
    logger.info('step skipped', { reason });
    return { outcome: 'skipped', reason };
  }
  const execution = claim.execution;
  const attempt = execution.attempts;
  let flow: FlowDefinition;
  try {
    flow = cachedFlow ?? (await store.loadDefinition(id, execution.definition_hash));
  } catch (error) {
    // Nothing ran: give the step back at once rather than wait for the lease to expire.
    await store.releaseClaim(id, claimToken).catch(() => undefined);
    throw error;
  }
  const task = flow.tasks.find((t) => t.name === message.task);
  logger.info('step claimed', { task_type: task?.task_type, attempt });

  const result = await runTask(deps, { execution, flow, message, attempt });
  const settled = settleStep(flow, execution, {
    seq: message.seq,
    task: message.task,
    taskType: task?.task_type ?? 'unknown',
    attempt,
    startedAt,
    completedAt: clock.now(),
    result,
  });
  const next = cursorAfter(flow, settled.transition);
  const committed = await store.commitStep({
    executionId: id,
    claimToken,
    step: settled.step,
    state: settled.state,
    progress: settled.progress,
    next: next ? { cursor: next } : { finish: settled.transition as Extract<Transition, { type: 'finish' }> },
    at: clock.now().toISOString(),
  });
  if (!committed) {
    logger.info('step skipped', { reason: 'claim_lost' });
    return { outcome: 'skipped', reason: 'claim_lost' };
  }
  const code = settled.step.error_code;
  logger.info('step recorded', { status: settled.step.status, ...(code && { error_code: code }), next: settled.transition });
  if (next) await handOn(id, next, execution.definition_hash, deps);
  else logger.info('execution finished', { status: settled.transition.type === 'finish' ? settled.transition.status : undefined });
  return { outcome: 'ran', status: result.status, attempt, transition: settled.transition };
}

/** Runs the task body, unless the step already crashed its invocation too often. */
async function runTask(
  deps: StepDeps,
  o: { execution: Execution; flow: FlowDefinition; message: StepMessage; attempt: number },
): Promise<TaskRunResult> {
  const { execution, flow, message, attempt } = o;
  if (attempt > deps.maxStepTakeovers) {
    return {
      status: 'failure',
      error_code: STEP_CRASHED,
      error: `the invocation running this step died ${attempt - 1} times in a row (limit ${deps.maxStepTakeovers}); it is not run again`,
    };
  }
  const task = flow.tasks.find((t) => t.name === message.task);
  const taskType = task && deps.registry.get(task.task_type);
  if (!task || !taskType) return { status: 'failure', error: `task type '${task?.task_type}' is not registered in this deployment` };
  return executeTask(
    taskType,
    {
      input: execution.state.input,
      results: resultsRecord(execution.state.results),
      attempt,
      executionId: execution.execution_id,
      taskName: task.name,
      seq: message.seq,
      idempotencyKey: `${execution.execution_id}:${task.name}:${message.seq}`,
      logger: toTaskLogger(deps.logger),
    },
    task.parameters,
    task.timeout_seconds,
  );
}

/**
 * Hands the cursor step to a new invocation. The dispatcher retries transient failures itself;
 * if it still fails, the step stays recorded as dispatched and the recovery sweep hands it on
 * later: a platform error slows an execution down, it never fails it.
 */
export async function handOn(executionId: string, cursor: Cursor, definitionHash: string, deps: StepDeps): Promise<void> {
  try {
    await deps.dispatcher.dispatch(cursorMessage(executionId, cursor, definitionHash));
  } catch (error) {
    deps.logger.warn('could not dispatch the next step; the recovery sweep will', { error: error as Error, next_task: cursor.task, next_seq: cursor.seq });
  }
}
