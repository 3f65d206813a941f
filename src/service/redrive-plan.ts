import { ErrorCode } from '../domain/error-codes';
import { truncateUtf8 } from '../domain/execution/execution-state';
import { type FailRoute, failRouteText } from '../domain/execution/fail-route';
import { type Cursor, type Execution, INTERRUPTED_ATTEMPT_BASE, type StepRecord } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { deadlineFrom } from '../engine/execution-deadline';
import { taskTimeout } from '../engine/record-step';
import type { RedriveWrite } from '../ports/execution-store';
import type { StepDeps } from './step-deps';

const REDRIVABLE = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
type Redrivable = (typeof REDRIVABLE)[number];
const isRedrivable = (status: string): status is Redrivable => (REDRIVABLE as readonly string[]).includes(status);

export type RedrivePlan = { ok: true; write: RedriveWrite } | { ok: false; why: string; cause?: unknown };

/**
 * What a redrive of this ended execution writes (the store applies it on condition that the end
 * is still the one read), or why it cannot be redriven: what both a caller's redrive and a
 * fan-out's redrive of its children (src/service/slot-child.ts) go through.
 */
export async function planRedrive(
  execution: Execution,
  deps: Pick<StepDeps, 'store' | 'clock' | 'timeScale'>,
): Promise<RedrivePlan> {
  const executionId = execution.execution_id;
  if (!isRedrivable(execution.status))
    return {
      ok: false,
      why:
        execution.status === 'SUCCEEDED'
          ? 'it succeeded'
          : execution.status === 'CANCELLED'
            ? 'it was cancelled'
            : `it is still ${execution.status}`,
    };
  if (execution.reason === ErrorCode.MaxStepsExceeded)
    return { ok: false, why: `it ran its max_steps (${execution.max_steps}); start a new execution instead` };
  const failRoute = await endedInFail(execution, deps);
  if (failRoute)
    return {
      ok: false,
      why: `it ${failRouteText(failRoute)}: no task failed to run, so a redrive would only end there again; start a new execution instead`,
    };
  let flow: FlowDefinition;
  try {
    flow = await deps.store.loadDefinition(executionId, execution.definition_hash);
  } catch (error) {
    return { ok: false, why: 'its definition is beyond its retention', cause: error };
  }
  let resume = resumePoint(execution, flow);
  if (!resume) return { ok: false, why: 'no step to resume from' };
  if (resume.interrupted && !execution.claim) {
    // A wait the stop caught. If an attempt had already recorded its end, that result is reused as the same step instead.
    const recorded = await deps.store.loadStep(executionId, resume.interrupted.seq);
    if (recorded && recorded.attempt < INTERRUPTED_ATTEMPT_BASE)
      resume = { cursor: { ...resume.cursor, seq: resume.interrupted.seq }, stepsRecorded: execution.steps_recorded };
  }
  const reusable = await reusableResult(execution, resume, deps);
  const at = deps.clock.now().toISOString();
  const deadlineAt = deadlineFrom(at, execution.timeout_seconds, deps.timeScale ?? 1);
  return {
    ok: true,
    write: {
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
    },
  };
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
async function endedInFail(execution: Execution, deps: Pick<StepDeps, 'store'>): Promise<FailRoute | undefined> {
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
  // A step that began waiting (a wait, or a callback whose token went out) is closed, not run as if new.
  if (!execution.claim && !cursor.wait_started_at && !cursor.callback)
    return { cursor: at(cursor.seq), stepsRecorded: recorded };
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
  deps: Pick<StepDeps, 'store'>,
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
  const callback = execution.cursor?.callback;
  const waiting = !execution.claim && (execution.cursor?.wait_started_at !== undefined || callback !== undefined);
  const startedAt = execution.claim?.claimed_at ?? execution.cursor?.wait_started_at ?? callback?.started_at ?? at;
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
      ? `the execution was ${execution.status === 'TIMED_OUT' ? 'timed out' : 'stopped'} while this ${callback ? 'task waited for a callback' : 'wait waited'}`
      : `the execution was ${execution.status === 'TIMED_OUT' ? 'timed out' : 'stopped'} while this step ran; its result, if any, was not kept`,
    error_code: execution.status === 'TIMED_OUT' ? ErrorCode.Timeout : ErrorCode.Aborted,
    next: { type: 'run', task: next.task, seq: next.seq, via: 'redrive' },
    // The first step of an earlier redrive, stopped before it recorded: its record keeps that redrive's events.
    ...(execution.redrive?.seq === step.seq && {
      redrive: { ...execution.redrive, count: execution.redrive_count ?? 1 },
    }),
  };
}
