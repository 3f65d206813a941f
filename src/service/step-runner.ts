import type { ExecutionRecord } from '../domain/execution';
import type { FlowDefinition } from '../domain/flow-definition';
import { type StepMessage, stepMessage } from '../dispatch/step-message';
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
  const results: Record<string, unknown> = Object.create(null);
  for (const step of record.steps) {
    if (step.output === undefined) continue;
    delete results[step.task_name];
    results[step.task_name] = step.output;
  }
  return results;
}

/**
 * One step, exactly once. The claim (a conditional put) and the read of the execution run in
 * parallel, saving a DynamoDB round trip per step; then: is the execution RUNNING, and is this the
 * step it expects? If not, a claim just taken is released before anything runs. If the claim was
 * lost, the step may still be taken over when its holder's lease expired. Then the task runs under
 * its timeout, its result and routing decision are recorded (conditional on still holding the
 * claim) and the next step is dispatched or the execution finished. Every failed check is a
 * no-op, which is what turns duplicate, concurrent, late and stray deliveries harmless.
 */
export async function runStep(message: StepMessage, deps: StepDeps): Promise<StepReport> {
  const { store, registry, clock, logger } = deps;
  const skip = (reason: string): StepReport => {
    logger.info('step skipped', { reason });
    return { outcome: 'skipped', reason };
  };
  const id = message.execution_id;
  const claimToken = deps.newToken();
  const startedAt = clock.now();
  const claim = {
    executionId: id,
    seq: message.seq,
    taskName: message.task,
    claimToken,
    startedAt: startedAt.toISOString(),
    leaseExpiresAt: startedAt.getTime() + (message.timeout_seconds + deps.leaseMarginSeconds) * 1000,
  };
  const [loaded, claimedFirst] = await Promise.all([store.load(id), store.claimStep({ ...claim, attempt: 1 })]);
  // The read may or may not already see our own claim: judge the execution as it was without it.
  const record = loaded && { ...loaded, steps: loaded.steps.filter((st) => st.claim_token !== claimToken) };
  const refuse = async (reason: string) => {
    if (claimedFirst) await store.releaseClaim(id, message.seq, claimToken);
    return skip(reason);
  };
  if (!record) return refuse('unknown_execution');
  const { execution } = record;
  if (execution.status !== 'RUNNING') return refuse(`execution_${execution.status.toLowerCase()}`);
  const expected = expectedStep(record, startedAt.getTime());
  const task = execution.flow.tasks.find((t) => t.name === message.task);
  if (!expected || expected.seq !== message.seq || expected.task !== message.task || !task) {
    return refuse(claimedFirst || !expected ? 'not_the_expected_step' : 'already_claimed');
  }
  let attempt = 1;
  if (!claimedFirst) {
    // Someone holds or held this step. Take it over only from an attempt whose lease expired.
    if (expected.previousAttempt === undefined) return skip('already_claimed');
    attempt = expected.attempt;
    const tookOver = await store.claimStep({ ...claim, attempt, previousAttempt: expected.previousAttempt });
    if (!tookOver) return skip('already_claimed');
  } else if (expected.previousAttempt !== undefined) {
    // Cannot happen (the step item existed, so our put failed); refuse rather than guess.
    return refuse('not_the_expected_step');
  }
  logger.info('step claimed', { task_type: task.task_type, attempt });

  const taskType = registry.get(task.task_type);
  const result: TaskRunResult = taskType
    ? await executeTask(
        taskType,
        {
          input: execution.input,
          results: priorResults(record),
          attempt,
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
    taskType: task.task_type,
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

  await advance(execution.flow, execution.execution_id, transition, deps);
  return { outcome: 'ran', status: result.status, attempt, transition };
}

/** Hands the next step to a new invocation, or writes the execution's final status. */
export async function advance(flow: FlowDefinition, executionId: string, transition: Transition, deps: StepDeps): Promise<void> {
  if (transition.type === 'finish') {
    const finished = await deps.store.finishExecution(executionId, transition, deps.clock.now().toISOString());
    deps.logger.info(finished ? 'execution finished' : 'execution was no longer running', { status: transition.status });
    return;
  }
  try {
    await deps.dispatcher.dispatch(stepMessage(flow, executionId, transition.seq, transition.task));
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
