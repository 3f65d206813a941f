import { type Execution, isParkedAtJoin, shownAttempt, type StepRecord } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { type ChildFlowEventType, childFlowEvents, childFlowEventsAt, type ChildFlowRun } from './child-flow-history';
import {
  type ChildEventType,
  type FanOutEventType,
  fanOutEnded,
  type FanOutRun,
  fanOutStarted,
} from './fan-out-history';
import { cutDetail } from './history-detail';
import { stoppedStep } from './task-progress';

/** Event types of an execution's history (docs/flow-language.md, "History"). */
export type HistoryEventType =
  | 'ExecutionCreated'
  | 'ExecutionStarted'
  | 'TaskStarted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'RetryScheduled'
  | 'CatchTaken'
  | 'ChoiceEvaluated'
  | 'WaitStarted'
  | 'WaitFinished'
  | 'TaskWaitingForCallback'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionCancelled'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'ExecutionRedriven'
  | FanOutEventType
  | ChildEventType
  | ChildFlowEventType;

export interface HistoryEvent {
  /**
   * Increasing through the history: step × 10 + the event's place within its step (0 for the
   * execution's start). A fan-out's per-child events share the id of its run's start event, which
   * they follow, and are told apart by `detail.index` and their type.
   */
  id: number;
  type: HistoryEventType;
  time: string;
  task?: string;
  step?: number;
  detail?: Record<string, unknown>;
}

/** The execution's first event (id 0): created, or started. */
export function openingEvent(execution: Execution): HistoryEvent {
  const detail = {
    flow_id: execution.flow_id,
    ...(execution.flow_version !== undefined && { flow_version: execution.flow_version }),
  };
  return execution.started_at
    ? { id: 0, type: 'ExecutionStarted', time: execution.started_at, detail }
    : { id: 0, type: 'ExecutionCreated', time: execution.created_at, detail };
}

/**
 * The events one recorded step stands for, derived from its record alone (history costs no write
 * of its own): the task's start and end (a wait's start and finish), then what was decided — a
 * retry, a catch, a choice — and, for the last step, how the execution ended (a success with the
 * execution's output, which the head keeps: the record holds the task's result before its `output`).
 * A map or parallel step given its fan-out item also tells the run's start and end, within the task's;
 * a `start_flow` step given its child's head, the child's start (and a waited child's end) likewise.
 */
export function stepEvents(
  step: StepRecord,
  flow: FlowDefinition,
  executionOutput: unknown = null,
  fanOut?: FanOutRun,
  childFlow?: ChildFlowRun,
): HistoryEvent[] {
  const base = step.seq * 10;
  const events: HistoryEvent[] = step.redrive ? redriveEvents(step.seq, step.redrive) : [];
  let place = step.redrive ? 1 : 0;
  const add = (type: HistoryEventType, time: string, detail?: Record<string, unknown>) =>
    events.push({ id: base + ++place, type, time, task: step.task_name, step: step.seq, ...(detail && { detail }) });
  const isWait = flow.tasks.find((t) => t.name === step.task_name)?.task_type === 'wait';
  add(isWait ? 'WaitStarted' : 'TaskStarted', step.started_at, {
    task_type: step.task_type,
    attempt: shownAttempt(step),
  });
  if (step.task_token !== undefined)
    add('TaskWaitingForCallback', step.callback_started_at ?? step.started_at, { task_token: step.task_token });
  if (fanOut) {
    const started = fanOutStarted(fanOut, step.started_at);
    add(started.type, started.time, started.detail);
    const ended = fanOutEnded(fanOut, step);
    add(ended.type, ended.time, ended.detail);
  }
  if (childFlow) for (const event of childFlowEvents(childFlow)) add(event.type, event.time, event.detail);
  if (isWait && step.status === 'SUCCEEDED') add('WaitFinished', step.completed_at, { duration_ms: step.duration_ms });
  else if (step.status === 'SUCCEEDED') add('TaskSucceeded', step.completed_at, { duration_ms: step.duration_ms });
  else {
    add('TaskFailed', step.completed_at, {
      duration_ms: step.duration_ms,
      ...(step.error_code !== undefined && { error_code: step.error_code }),
      ...(step.error !== undefined && { error: cutDetail(step.error) }),
    });
  }
  const next = step.next;
  if (next.type === 'run' && next.via === 'retry')
    add('RetryScheduled', step.completed_at, {
      retrier: next.rule,
      retries: next.retries,
      delay_seconds: toMilliseconds(next.delay_seconds),
      next_step: next.seq,
    });
  else if (next.via === 'catch')
    add('CatchTaken', step.completed_at, {
      catcher: next.type === 'run' ? next.rule : undefined,
      next: next.type === 'run' ? next.task : 'end',
    });
  else if (next.via === 'choice' || next.via === 'default')
    add(
      'ChoiceEvaluated',
      step.completed_at,
      next.type === 'run'
        ? { rule: next.via === 'choice' ? next.rule : 'default', next: next.task }
        : { rule: next.via },
    );
  if (next.type === 'finish') {
    add(next.status === 'SUCCEEDED' ? 'ExecutionSucceeded' : 'ExecutionFailed', step.completed_at, {
      ...(next.status === 'SUCCEEDED' && { output: executionOutput }),
      ...(next.reason !== undefined && { error_code: next.reason }),
      ...(next.error !== undefined && { error: cutDetail(next.error) }),
    });
  }
  return events;
}

/**
 * Events the head alone tells: a wait that started and has no record yet; a map or parallel step
 * whose children run (given the fan-out item at the cursor's step); the step a stop or timeout
 * interrupted (its wait or its attempt began, and it never recorded a result; a map's or a
 * parallel's with its run's start, given its fan-out item); a `start_flow` step parked while its
 * child runs, or stopped there (its start, and its child's events, given the child's head); a step
 * waiting for a callback (and the child it started, given its head); an execution cancelled,
 * stopped or timed out.
 */
export function headEvents(
  execution: Execution,
  flow?: FlowDefinition,
  fanOut?: FanOutRun,
  childFlow?: ChildFlowRun,
): HistoryEvent[] {
  const base = (execution.steps_recorded + 1) * 10;
  const events: HistoryEvent[] = [];
  const cursor = execution.cursor;
  const stopped = stoppedStep(execution);
  const atFanOut = cursor !== undefined && flow?.tasks.find((t) => t.name === cursor.task)?.fan_out !== undefined;
  // A waited child flow parks its step as a fan-out does: that is no durable wait.
  const atChildFlow = cursor !== undefined && taskTypeOf(flow, cursor.task) === 'start_flow' && isParkedAtJoin(cursor);
  if (execution.status === 'RUNNING' && cursor && atChildFlow) {
    const at = { time: cursor.wait_started_at!, task: cursor.task, step: cursor.seq };
    events.push(
      {
        ...at,
        id: base + 1,
        type: 'TaskStarted',
        detail: { task_type: 'start_flow', attempt: Math.max(execution.attempts, 1) },
      },
      ...childFlowEventsAt(base + 2, at, childFlow),
    );
  } else if (execution.status === 'RUNNING' && cursor && fanOut) {
    // A parked fan-out's cursor keeps when it parked.
    const started = fanOutStarted(fanOut, cursor.wait_started_at ?? execution.dispatched_at ?? execution.created_at);
    const at = { time: started.time, task: cursor.task, step: cursor.seq };
    const taskType = flow?.tasks.find((t) => t.name === cursor.task)?.task_type;
    events.push(
      { ...at, id: base + 1, type: 'TaskStarted', detail: { task_type: taskType, attempt: 1 } },
      { ...at, id: base + 2, type: started.type, detail: started.detail },
    );
  } else if (execution.status === 'RUNNING' && cursor?.callback && !cursor.callback.outcome) {
    // A step waiting for a callback: its start (the attempt that issued the token) and its wait.
    const at = { time: cursor.callback.started_at, task: cursor.task, step: cursor.seq };
    const taskType = flow?.tasks.find((t) => t.name === cursor.task)?.task_type;
    events.push(
      { ...at, id: base + 1, type: 'TaskStarted', detail: { task_type: taskType, attempt: cursor.callback.attempt } },
      {
        ...at,
        id: base + 2,
        type: 'TaskWaitingForCallback',
        detail: { task_token: cursor.callback.token, due_at: cursor.callback.due_at },
      },
      // A start that waits for a callback: the child it handed the token to.
      ...childFlowEventsAt(base + 3, at, childFlow),
    );
  } else if (execution.status === 'RUNNING' && cursor?.wait_started_at && !atFanOut) {
    events.push({
      id: base + 1,
      type: 'WaitStarted',
      time: cursor.wait_started_at,
      task: cursor.task,
      step: cursor.seq,
      detail: { due_at: cursor.due_at },
    });
  } else if (stopped?.started_at !== undefined && cursor) {
    const started = { id: base + 1, time: stopped.started_at, task: stopped.task, step: stopped.seq };
    const taskType = flow?.tasks.find((t) => t.name === stopped.task)?.task_type;
    const callback = stopped.state === 'waiting' ? cursor.callback : undefined;
    events.push(
      callback
        ? {
            ...started,
            type: 'TaskStarted',
            detail: { task_type: taskTypeOf(flow, stopped.task), attempt: callback.attempt },
          }
        : stopped.state === 'waiting' && !atFanOut && !atChildFlow
          ? { ...started, type: 'WaitStarted', detail: { due_at: cursor.due_at } }
          : {
              ...started,
              type: taskType === 'wait' ? 'WaitStarted' : 'TaskStarted',
              detail: { task_type: taskType, attempt: Math.max(execution.attempts, 1) },
            },
    );
    if (callback)
      events.push({ ...started, id: base + 2, type: 'TaskWaitingForCallback', detail: { task_token: callback.token } });
    // A start that waited for a callback: the child it handed the token to.
    if (callback && !atChildFlow) events.push(...childFlowEventsAt(base + 3, started, childFlow));
    // A fan-out the stop interrupted: its run's start, which its children's events follow.
    if (atFanOut && fanOut) {
      const run = fanOutStarted(fanOut, stopped.started_at);
      events.push({ ...started, id: base + 2, type: run.type, detail: run.detail });
    }
    // A waited child flow the stop interrupted: its start, and its end once the stop reached it.
    if (atChildFlow) events.push(...childFlowEventsAt(base + 2, started, childFlow));
  }
  const redrive = execution.redrive;
  // The redrive shows with the first step it ran; until that step is recorded, the head tells it.
  if (redrive && execution.steps_recorded < redrive.seq)
    events.unshift(...redriveEvents(redrive.seq, { ...redrive, count: execution.redrive_count ?? 1 }));
  const ended = {
    CANCELLED: 'ExecutionCancelled',
    ABORTED: 'ExecutionAborted',
    TIMED_OUT: 'ExecutionTimedOut',
  } as const;
  if (execution.status === 'CANCELLED' || execution.status === 'ABORTED' || execution.status === 'TIMED_OUT') {
    events.push({
      id: base + 9,
      type: ended[execution.status],
      time: execution.completed_at ?? execution.created_at,
      ...(execution.status !== 'CANCELLED' && {
        detail: {
          ...(execution.reason !== undefined && { error_code: execution.reason }),
          ...(execution.error !== undefined && { error: cutDetail(execution.error) }),
        },
      }),
    });
  }
  return events;
}

/**
 * A redrive's events, before those of the step it resumed at: the stop or timeout it resumed from
 * (id `seq × 10 − 1`; a failure's own event is in the record of the step that failed), then
 * `ExecutionRedriven` (id `seq × 10`).
 */
function redriveEvents(seq: number, redrive: NonNullable<StepRecord['redrive']>): HistoryEvent[] {
  const ended = { ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' } as const;
  const from = redrive.from_status;
  const previous: HistoryEvent[] =
    (from === 'ABORTED' || from === 'TIMED_OUT') && redrive.from_at !== undefined
      ? [
          {
            id: seq * 10 - 1,
            type: ended[from],
            time: redrive.from_at,
            detail: {
              ...(redrive.from_error !== undefined && { error_code: redrive.from_error }),
              ...(redrive.from_cause !== undefined && { error: cutDetail(redrive.from_cause) }),
            },
          },
        ]
      : [];
  return [...previous, redrivenEvent(seq, redrive)];
}

/** Id `seq × 10`: before the events of the step the redrive resumed at. */
function redrivenEvent(seq: number, redrive: NonNullable<StepRecord['redrive']>): HistoryEvent {
  return {
    id: seq * 10,
    type: 'ExecutionRedriven',
    time: redrive.at,
    step: seq,
    detail: {
      redrive_count: redrive.count,
      from_status: redrive.from_status,
      ...(redrive.from_error !== undefined && { from_error: cutDetail(redrive.from_error) }),
    },
  };
}

/** A jittered retry delay to the millisecond: the due time was computed from the exact value, its 16 digits tell a reader nothing. */
const toMilliseconds = (seconds: number | undefined) =>
  seconds === undefined ? undefined : Math.round(seconds * 1000) / 1000;

const taskTypeOf = (flow: FlowDefinition | undefined, task: string): string | undefined =>
  flow?.tasks.find((t) => t.name === task)?.task_type;
