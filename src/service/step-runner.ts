import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import { stateInput } from '../domain/execution/execution-state';
import { isChoiceCondition } from '../domain/flow/flow-definition';
import { conditionFor } from '../domain/flow/routing';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { StepMessage } from '../domain/execution/step-message';
import { dueWithinDeadline, isPastDeadline } from '../engine/execution-deadline';
import { cursorAfter } from '../engine/record-step';
import { settleStep, type StepRun } from '../engine/settle-step';
import type { Transition } from '../domain/execution/transition';
import type { TaskRunResult } from '../tasks/task-type';
import { reportChildEnd } from './child-end';
import { childEnding } from './child-ending';
import { runWait, startWaitOnEntry } from './durable-wait';
import { runCallbackStep, waitsForCallback } from './callback-step';
import type { CallbackWait } from '../domain/execution/callback-wait';
import { type FanOutRun, runFanOut } from './fan-out-step';
import { taskBody } from './task-body';
import { claimFor, commitAndHandOn } from './hand-on';
import { timeOutExecution } from './execution-control';
import { runChildFlow, startFlowBody } from './child-flow-step';
import { earlierResult } from './earlier-result';
import { isMocked, mockTaskToken } from './mocked-runs';
import { failureData } from './failure-data';
import { jsonPathAfterSuccess, withStatesErrorName } from './jsonpath-data';
import { routeByChoice } from './choice-routing';
import { afterSuccess, type DataScope } from './step-data';
import type { StepDeps } from './step-deps';

export type StepReport =
  | { outcome: 'ran'; status: 'success' | 'failure'; attempt: number; transition: Transition }
  | { outcome: 'waiting' }
  | { outcome: 'skipped'; reason: string };

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
 * as the next attempt); a message that carries the previous step's commit writes it in the same
 * update (hand-on.ts). The task runs under its timeout; its record is written, and the head's move
 * to the next step counts only while the claim is still ours, whether this step commits it or it
 * travels with the hand-on. Every refusal is a no-op, which turns duplicate, concurrent, late and
 * stray deliveries harmless.
 * Reads and writes per step: the head and this step's record, never earlier steps.
 */
export async function runStep(message: StepMessage, deps: StepDeps): Promise<StepReport> {
  const { store, clock, logger } = deps;
  const id = message.execution_id;
  const claimToken = deps.newToken();
  const startedAt = clock.now();
  const [claim, cachedFlow] = await Promise.all([
    claimFor(
      message,
      {
        executionId: id,
        seq: message.seq,
        task: message.task,
        claimToken,
        claimedAt: startedAt.toISOString(),
        leaseExpiresAt: startedAt.getTime() + (message.timeout_seconds + deps.leaseMarginSeconds) * 1000,
      },
      deps,
    ),
    // A warm instance usually has the definition cached; otherwise its read overlaps the claim.
    message.definition_hash ? store.loadDefinition(id, message.definition_hash).catch(() => undefined) : undefined,
  ]);
  if (!claim.claimed) {
    const reason = refusal(claim.execution, message);
    logger.info('step skipped', { reason });
    return { outcome: 'skipped', reason };
  }
  const execution = claim.execution;
  if (isPastDeadline(execution, startedAt.getTime())) {
    await timeOutExecution(execution, deps, claimToken);
    logger.info('step skipped', { reason: 'execution_timed_out' });
    return { outcome: 'skipped', reason: 'execution_timed_out' };
  }
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

  const ran = await runTask(deps, { execution, flow, message, attempt, startedAt, claimToken });
  if (ran.kind === 'deferred') {
    logger.info('wait started', { due_at: ran.dueAt });
    return { outcome: 'waiting' };
  }
  if (ran.kind === 'parked') {
    logger.info('fan-out started');
    return { outcome: 'waiting' };
  }
  if (ran.kind === 'lost' || ran.kind === 'running') {
    const reason = ran.kind === 'lost' ? 'claim_lost' : 'fan_out_running';
    logger.info('step skipped', { reason });
    return { outcome: 'skipped', reason };
  }
  // A JSONPath state's failure is known by Step Functions' names (States.Timeout, States.TaskFailed).
  const result = task?.jsonpath ? withStatesErrorName(ran.result) : ran.result;
  const settled = settleStep(flow, execution, {
    seq: message.seq,
    task: message.task,
    taskType: task?.task_type ?? 'unknown',
    attempt,
    // A wait's step spans the wait, from when it started to now; a callback's, from when it began waiting.
    startedAt: new Date(execution.cursor?.wait_started_at ?? execution.cursor?.callback?.started_at ?? startedAt),
    completedAt: clock.now(),
    result,
    ...ran.data,
    ...(task && (await failureData({ execution, task, enteredAt: startedAt }, execution.definition_hash, result))),
    random: Math.random(),
  });
  const after = cursorAfter(flow, settled.transition, clock.now().getTime(), deps.timeScale);
  const next =
    after &&
    dueWithinDeadline(
      startWaitOnEntry(flow, after, deps.registry, clock.now().getTime(), deps.timeScale),
      execution.deadline_at,
    );
  const redrive =
    execution.redrive?.seq === message.seq
      ? { redrive: { ...execution.redrive, count: execution.redrive_count ?? 1 } }
      : {};
  const commit = {
    executionId: id,
    claimToken,
    step: {
      ...settled.step,
      ...redrive,
      ...(ran.callback && { task_token: ran.callback.token, callback_started_at: ran.callback.started_at }),
    },
    state: settled.state,
    progress: settled.progress,
    next: next ? { cursor: next } : { finish: settled.transition as Extract<Transition, { type: 'finish' }> },
    at: clock.now().toISOString(),
    ...(execution.timeout_seconds !== undefined && { timeoutSeconds: execution.timeout_seconds }),
  };
  const committed = await commitAndHandOn(commit, execution, deps);
  if (!committed) {
    logger.info('step skipped', { reason: 'claim_lost' });
    return { outcome: 'skipped', reason: 'claim_lost' };
  }
  const code = settled.step.error_code;
  // One line per step that ran (CloudWatch bills every ingested line): what ran, how, and where to.
  logger.info('step recorded', {
    task_type: settled.step.task_type,
    attempt,
    status: settled.step.status,
    ...(code && { error_code: code }),
    next: settled.transition,
  });
  if (!next && settled.transition.type === 'finish') {
    logger.info('execution finished', { status: settled.transition.status });
    await reportChildEnd(execution, flow, childEnding(settled.transition), deps);
  }
  return { outcome: 'ran', status: result.status, attempt, transition: settled.transition };
}

type TaskRun =
  | {
      kind: 'done';
      result: TaskRunResult;
      data?: Pick<StepRun, 'handedOn' | 'assigned' | 'choice'>;
      /** A callback task's wait: its token goes into the step's record. */
      callback?: CallbackWait;
    }
  | { kind: 'deferred'; dueAt?: string }
  | Exclude<FanOutRun, { kind: 'done' }>;

/**
 * Runs the task: its arguments evaluated, its body (or, for a wait, the wait), then what it hands
 * on, the variables it sets and its condition's choice. A takeover reuses the result an earlier
 * attempt recorded instead of running the body again; a step that crashed its invocation too
 * often without recording one is failed with `step_crashed` and not run again.
 */
async function runTask(
  deps: StepDeps,
  o: {
    execution: Execution;
    flow: FlowDefinition;
    message: StepMessage;
    attempt: number;
    startedAt: Date;
    claimToken: string;
  },
): Promise<TaskRun> {
  const { execution, flow, message, attempt } = o;
  const done = (result: TaskRunResult): TaskRun => ({ kind: 'done', result });
  const task = flow.tasks.find((t) => t.name === message.task);
  const taskType = task && deps.registry.get(task.task_type);
  // A takeover whose predecessor finished the task but died before its commit took effect reuses
  // that result: the body ran once, it is not run again.
  const reused = attempt > 1 ? await earlierResult(deps, execution.execution_id, message, attempt) : undefined;
  if (!reused && attempt > deps.maxStepTakeovers) {
    return done({
      status: 'failure',
      error_code: ErrorCode.StepCrashed,
      error: `the invocation running this step died ${attempt - 1} times in a row (limit ${deps.maxStepTakeovers}); it is not run again`,
    });
  }
  if (task?.fan_out) {
    const joined = reused
      ? { kind: 'done' as const, result: reused }
      : await runFanOut({ execution, task, enteredAt: o.startedAt, flow, claimToken: o.claimToken, attempt }, deps);
    if (joined.kind !== 'done') return joined;
    return afterRun(deps, { execution, task, enteredAt: o.startedAt }, flow, joined.result);
  }
  if (!task || !taskType)
    return done({ status: 'failure', error: `task type '${task?.task_type}' is not registered in this deployment` });
  let scope: DataScope = { execution, task, enteredAt: o.startedAt };
  // A child flow's start, or its wait for the child: the engine's own (src/service/child-flow-step.ts).
  const callbackTask = waitsForCallback(task, taskType);
  if (taskType.kind === 'start_flow' && !callbackTask && !isMocked(execution, task, deps)) {
    const started = reused
      ? { kind: 'done' as const, result: reused }
      : await runChildFlow({ ...scope, claimToken: o.claimToken }, taskType, deps);
    return started.kind === 'done' ? afterRun(deps, scope, flow, started.result) : started;
  }
  let waitedSeconds: number | undefined;
  if (taskType.kind === 'wait' && reused) {
    waitedSeconds = (reused.output as { waited_seconds?: number } | undefined)?.waited_seconds ?? 0;
  } else if (taskType.kind === 'wait') {
    const wait = await runWait({ ...scope, definitionHash: execution.definition_hash, claimToken: o.claimToken }, deps);
    if (wait.kind === 'deferred' || wait.kind === 'lost') return wait;
    if (wait.kind === 'failed') return done(wait.result);
    waitedSeconds = wait.waitedSeconds;
  }
  const body =
    taskType.kind === 'start_flow'
      ? startFlowBody(deps, taskType, o.claimToken)
      : taskBody(deps, { task, taskType, attempt, seq: message.seq });
  // A mocked callback state does not wait: its mocked response is the callback's outcome (Step Functions Local).
  if (callbackTask && isMocked(execution, task, deps))
    scope = { ...scope, mockTaskToken: mockTaskToken(execution, message.seq) };
  else if (callbackTask && !reused) {
    const waited = await runCallbackStep(
      { scope, claimToken: o.claimToken, attempt, seq: message.seq },
      deps,
      taskType.kind === 'callback' ? undefined : body,
    );
    if (waited.kind !== 'done') return waited;
    const ran = await afterRun(deps, waited.scope, flow, waited.result);
    const callback = waited.scope.execution.cursor?.callback;
    return ran.kind === 'done' && callback ? { ...ran, callback } : ran;
  }
  let result = reused ?? (await body(scope));
  if (waitedSeconds !== undefined && result.status === 'success') {
    // A wait hands its input on unchanged, as a Step Functions Wait state does.
    result = { ...result, message: `Waited ${waitedSeconds} second(s)`, output: { waited_seconds: waitedSeconds } };
  }
  const passThrough =
    waitedSeconds !== undefined && task.output === undefined && !task.jsonpath
      ? stateInput(execution.state)
      : undefined;
  return afterRun(deps, scope, flow, result, passThrough);
}

/** What a task's run leads to: a failure as it is; after a success, what it hands on, the variables it sets and its condition's choice. */
async function afterRun(
  deps: StepDeps,
  scope: DataScope,
  flow: FlowDefinition,
  result: TaskRunResult,
  passThrough?: unknown,
): Promise<TaskRun> {
  const { execution, task } = scope;
  const done = (failure: TaskRunResult): TaskRun => ({ kind: 'done', result: failure });
  if (result.status === 'failure') return done(result);
  const after = task.jsonpath
    ? jsonPathAfterSuccess(scope, task.jsonpath, result.output ?? null)
    : await afterSuccess(scope, execution.definition_hash, result.output ?? null);
  if (!after.ok) return done(after.failure);
  let handedOn = passThrough ?? after.value.handedOn;
  const condition = conditionFor(flow, task.name);
  let choice: StepRun['choice'];
  let assigned = after.value.assigned;
  if (condition && isChoiceCondition(condition)) {
    const chosen = await routeByChoice(scope, execution.definition_hash, condition, handedOn, assigned);
    if (!chosen.ok) return done(chosen.failure);
    ({ choice, assigned, handedOn } = chosen.value);
  }
  return { kind: 'done', result, data: { handedOn, assigned, ...(choice !== undefined && { choice }) } };
}
