import { ErrorCode } from '../domain/error-codes';
import { ConflictError, NotFoundError } from '../domain/errors';
import { truncateUtf8 } from '../domain/execution/execution-state';
import { type FailRoute, failRouteText } from '../domain/execution/fail-route';
import { type Cursor, type Execution, INTERRUPTED_ATTEMPT_BASE, type StepRecord } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { deadlineFrom, timeoutMessage } from '../engine/execution-deadline';
import { taskTimeout } from '../engine/record-step';
import type { RedriveWrite } from '../ports/execution-store';
import { requireExecution } from './execution-lifecycle';
import { reportEndedChild } from './child-end';
import { abortFanOutOf } from './fan-out-abort';
import { handOn } from './hand-on';
import type { StepDeps } from './step-deps';

const REDRIVABLE = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
type Redrivable = (typeof REDRIVABLE)[number];
const isRedrivable = (status: string): status is Redrivable => (REDRIVABLE as readonly string[]).includes(status);

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
  if (!isRedrivable(execution.status)) {
    throw refuse(
      execution.status === 'SUCCEEDED'
        ? 'it succeeded'
        : execution.status === 'CANCELLED'
          ? 'it was cancelled'
          : `it is still ${execution.status}`,
    );
  }
  if (execution.reason === ErrorCode.MaxStepsExceeded)
    throw refuse(`it ran its max_steps (${execution.max_steps}); start a new execution instead`);
  const failRoute = await endedInFail(execution, deps);
  if (failRoute)
    throw refuse(
      `it ${failRouteText(failRoute)}: no task failed to run, so a redrive would only end there again; start a new execution instead`,
    );
  const flow = await deps.store.loadDefinition(executionId, execution.definition_hash).catch((error: unknown) => {
    throw refuse('its definition is beyond its retention', error);
  });
  let resume = resumePoint(execution, flow);
  if (!resume) throw refuse('no step to resume from');
  if (resume.interrupted && !execution.claim) {
    // A wait the stop caught. If an attempt had already recorded its end, that result is reused as the same step instead.
    const recorded = await deps.store.loadStep(executionId, resume.interrupted.seq);
    if (recorded && recorded.attempt < INTERRUPTED_ATTEMPT_BASE)
      resume = { cursor: { ...resume.cursor, seq: resume.interrupted.seq }, stepsRecorded: execution.steps_recorded };
  }
  const reusable = await reusableResult(execution, resume, deps);
  const at = deps.clock.now().toISOString();
  const deadlineAt = deadlineFrom(at, execution.timeout_seconds, deps.timeScale ?? 1);
  const out = await deps.store.redriveExecution({
    executionId,
    at,
    from: previousEnd(execution, execution.status),
    previousCount: execution.redrive_count ?? 0,
    cursor: resume.cursor,
    stepsRecorded: resume.stepsRecorded,
    ...(deadlineAt !== undefined && { deadlineAt }),
    ...(reusable && { attemptsBefore: reusable.attempt }),
    ...(resume.interrupted && {
      interrupted: interruptedRecord(execution, flow, resume.interrupted, resume.cursor, at),
    }),
  });
  if (!out.ok) throw refuse(`it changed meanwhile (now ${out.execution?.status ?? 'gone'}); read it and try again`);
  deps.logger.info('execution redriven', {
    execution_id: executionId,
    seq: resume.cursor.seq,
    task: resume.cursor.task,
    redrive_count: out.execution.redrive_count,
  });
  await handOn(executionId, resume.cursor, execution.definition_hash, deps);
  return out.execution;
}

/**
 * The end a redrive resumes from. A failure's event is in the record of the step that failed; a
 * stop or timeout has no record, so its time and cause go with the redrive (and from there into
 * the first step it runs), and the history keeps that end's event.
 */
function previousEnd(execution: Execution, status: Redrivable): RedriveWrite['from'] {
  const stoppedOrTimedOut = status !== 'FAILED';
  return {
    status,
    ...(execution.reason !== undefined && { error: execution.reason }),
    ...(stoppedOrTimedOut && execution.completed_at !== undefined && { at: execution.completed_at }),
    ...(stoppedOrTimedOut &&
      execution.error !== undefined && { cause: truncateUtf8(execution.error, MAX_CAUSE_BYTES).text }),
  };
}

/** What a redrive keeps of a stop's cause: as much as a history event shows. */
const MAX_CAUSE_BYTES = 256;

/**
 * How a FAILED execution ended in `fail`, if it did: the head says so; an execution that ended
 * before the head kept it is told by its last step record (one read, on this rare path only).
 */
async function endedInFail(execution: Execution, deps: StepDeps): Promise<FailRoute | undefined> {
  if (execution.status !== 'FAILED') return undefined;
  if (execution.fail_route) return execution.fail_route;
  if (execution.steps_recorded === 0) return undefined;
  const last = await deps.store.loadStep(execution.execution_id, execution.steps_recorded);
  if (last?.next.type !== 'finish' || last.next.via !== 'fail') return undefined;
  return last.next.fail_route ?? { after_task: last.task_name, by: 'condition' };
}

interface ResumePoint {
  cursor: Cursor;
  stepsRecorded: number;
  /** The step an ended execution interrupted while an attempt held it (closed by a record first). */
  interrupted?: { seq: number; task: string };
}

/**
 * Where a redrive resumes. A failed execution: at its failed task, after its last record. One that
 * was stopped or timed out: at its cursor task — as the same step if it had not started, else (an
 * attempt held it, or its wait had begun) as the next one, after closing the interrupted step, so
 * the history keeps what that step did.
 */
export function resumePoint(execution: Execution, flow: FlowDefinition): ResumePoint | undefined {
  const { cursor, steps_recorded: recorded } = execution;
  const task = cursor?.task ?? execution.failed_task;
  if (!task || !flow.tasks.some((t) => t.name === task)) return undefined;
  const at = (seq: number): Cursor => ({ seq, task, timeout_seconds: taskTimeout(flow, task) });
  if (!cursor || recorded >= cursor.seq) return { cursor: at(recorded + 1), stepsRecorded: recorded };
  if (!execution.claim && !cursor.wait_started_at) return { cursor: at(cursor.seq), stepsRecorded: recorded };
  return { cursor: at(cursor.seq + 1), stepsRecorded: cursor.seq, interrupted: { seq: cursor.seq, task } };
}

/**
 * The result an attempt recorded for the step a redrive resumes as the same step, though its
 * commit never took effect (its hand-on was lost, and the takeover gave the step back before the
 * stop). The resumed step then counts as a later attempt, which reuses that result as any takeover
 * does, instead of running the body again or having its own record refused until a lease expires.
 */
async function reusableResult(
  execution: Execution,
  resume: ResumePoint,
  deps: StepDeps,
): Promise<StepRecord | undefined> {
  if (resume.interrupted || execution.cursor?.seq !== resume.cursor.seq) return undefined;
  const recorded = await deps.store.loadStep(execution.execution_id, resume.cursor.seq);
  return recorded?.task_name === resume.cursor.task && recorded.attempt < INTERRUPTED_ATTEMPT_BASE
    ? recorded
    : undefined;
}

function interruptedRecord(
  execution: Execution,
  flow: FlowDefinition,
  step: { seq: number; task: string },
  next: Cursor,
  at: string,
): StepRecord {
  const waiting = !execution.claim && execution.cursor?.wait_started_at !== undefined;
  const startedAt = execution.claim?.claimed_at ?? execution.cursor?.wait_started_at ?? at;
  const endedAt = execution.completed_at ?? at;
  return {
    seq: step.seq,
    task_name: step.task,
    task_type: flow.tasks.find((t) => t.name === step.task)?.task_type ?? 'unknown',
    status: 'FAILED',
    attempt: INTERRUPTED_ATTEMPT_BASE + Math.max(execution.attempts, 1),
    started_at: startedAt,
    completed_at: endedAt,
    duration_ms: Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)),
    error: waiting
      ? `the execution was ${execution.status === 'TIMED_OUT' ? 'timed out' : 'stopped'} while this wait waited`
      : `the execution was ${execution.status === 'TIMED_OUT' ? 'timed out' : 'stopped'} while this step ran; its result, if any, was not kept`,
    error_code: execution.status === 'TIMED_OUT' ? ErrorCode.Timeout : ErrorCode.Aborted,
    next: { type: 'run', task: next.task, seq: next.seq, via: 'redrive' },
    // The first step of an earlier redrive, stopped before it recorded: its record keeps that redrive's events.
    ...(execution.redrive?.seq === step.seq && {
      redrive: { ...execution.redrive, count: execution.redrive_count ?? 1 },
    }),
  };
}
