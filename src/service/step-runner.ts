import type { ExecutionRecord } from '../domain/execution';
import type { StepMessage } from '../dispatch/step-message';
import { expectedStep } from '../engine/expected-step';
import { nextTransition } from '../engine/next-transition';
import type { Transition } from '../engine/transition';
import { toTaskLogger } from '../observability/logger';
import type { TaskRunResult } from '../tasks/task-type';
import { executeTask } from './execute-task';
import type { StepDeps } from './step-deps';

export type StepReport =
  | { outcome: 'ran'; status: 'success' | 'failure'; attempt: number; transition: Transition }
  | { outcome: 'skipped'; reason: string };

/** Outputs of the steps that already ran, by task name, most recent last. */
function priorResults(record: ExecutionRecord): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const step of record.steps) {
    if (step.output === undefined) continue;
    delete results[step.task_name];
    results[step.task_name] = step.output;
  }
  return results;
}

/**
 * One step, exactly once: load → check this is the step the execution expects → claim it with a
 * conditional write (or take over an expired lease) → run the task under its timeout → record the
 * result and routing decision, conditional on still holding the claim → dispatch the next step or
 * finish. Any check that fails makes the call a no-op, which is what turns duplicate, concurrent
 * and late deliveries harmless.
 */
export async function runStep(message: StepMessage, deps: StepDeps): Promise<StepReport> {
  const { store, registry, clock, logger } = deps;
  const skip = (reason: string): StepReport => {
    logger.info('step skipped', { reason });
    return { outcome: 'skipped', reason };
  };

  const record = await store.load(message.execution_id);
  if (!record) return skip('unknown_execution');
  const { execution } = record;
  if (execution.status !== 'RUNNING') return skip(`execution_${execution.status.toLowerCase()}`);
  const startedAt = clock.now();
  const expected = expectedStep(record, startedAt.getTime());
  if (!expected || expected.seq !== message.seq || expected.task !== message.task) return skip('not_the_expected_step');
  const task = execution.flow.tasks.find((t) => t.name === message.task);
  if (!task) return skip('unknown_task');

  const claimToken = deps.newToken();
  const claimed = await store.claimStep({
    executionId: execution.execution_id,
    seq: message.seq,
    taskName: task.name,
    taskType: task.task_type,
    attempt: expected.attempt,
    claimToken,
    startedAt: startedAt.toISOString(),
    leaseExpiresAt: startedAt.getTime() + (task.timeout_seconds + deps.leaseMarginSeconds) * 1000,
    ...(expected.previousAttempt !== undefined && { previousAttempt: expected.previousAttempt }),
  });
  if (!claimed) return skip('already_claimed');
  logger.info('step claimed', { task_type: task.task_type, attempt: expected.attempt });

  const taskType = registry.get(task.task_type);
  const result: TaskRunResult = taskType
    ? await executeTask(
        taskType,
        {
          input: execution.input,
          results: priorResults(record),
          attempt: expected.attempt,
          executionId: execution.execution_id,
          taskName: task.name,
          seq: message.seq,
          idempotencyKey: `${execution.execution_id}:${task.name}:${message.seq}`,
          logger: toTaskLogger(logger),
        },
        task.parameters,
        task.timeout_seconds,
      )
    : { status: 'failure', error: `task type '${task.task_type}' is not registered in this deployment` };
  const completedAt = clock.now();
  const transition = nextTransition(execution.flow, message.seq, {
    task: task.name,
    outcome: result.status,
    ...(result.error !== undefined && { error: result.error }),
  });

  const recorded = await store.recordStepResult({
    executionId: execution.execution_id,
    seq: message.seq,
    claimToken,
    status: result.status === 'success' ? 'SUCCEEDED' : 'FAILED',
    completedAt: completedAt.toISOString(),
    durationMs: completedAt.getTime() - startedAt.getTime(),
    output: result.output,
    error: result.error,
    errorCode: result.error_code,
    message: result.message,
    next: transition,
  });
  if (!recorded) return skip('claim_lost');
  logger.info('step recorded', { status: result.status, ...(result.error_code && { error_code: result.error_code }), next: transition });

  await advance(execution.execution_id, transition, deps);
  return { outcome: 'ran', status: result.status, attempt: expected.attempt, transition };
}

/** Hands the next step to a new invocation, or writes the execution's final status. */
export async function advance(executionId: string, transition: Transition, deps: StepDeps): Promise<void> {
  if (transition.type === 'finish') {
    const finished = await deps.store.finishExecution(executionId, transition, deps.clock.now().toISOString());
    deps.logger.info(finished ? 'execution finished' : 'execution was no longer running', { status: transition.status });
    return;
  }
  try {
    await deps.dispatcher.dispatch({ execution_id: executionId, seq: transition.seq, task: transition.task });
  } catch (error) {
    deps.logger.error('dispatch of next step failed', { error: error as Error, next_task: transition.task });
    await deps.store.finishExecution(
      executionId,
      {
        type: 'finish',
        status: 'FAILED',
        error: `could not dispatch step ${transition.seq} ('${transition.task}'): ${(error as Error).message}`,
        reason: 'dispatch_failed',
      },
      deps.clock.now().toISOString(),
    );
  }
}
