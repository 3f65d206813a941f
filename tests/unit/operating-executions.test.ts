import type { Execution } from '../../src/domain/execution/execution';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { deadlineFrom, dueWithinDeadline, isPastDeadline } from '../../src/engine/execution-deadline';
import { stallDecision } from '../../src/engine/stall-detection';
import { resumePoint } from '../../src/service/redrive-plan';
import { headEvents } from '../../src/views/history-view';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

const flow: FlowDefinition = {
  id: 'f',
  name: 'F',
  start_task: 'a',
  max_steps: 100,
  tasks: ['a', 'b'].map((name) => ({ name, task_type: 'noop', parameters: {}, timeout_seconds: 9 })),
  conditions: [],
};

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'e1',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'h',
    status: 'ABORTED',
    created_at: iso(0),
    started_at: iso(0),
    cursor: { seq: 3, task: 'b', timeout_seconds: 9, retries: [2], due_at: iso(5000) },
    attempts: 1,
    steps_recorded: 2,
    max_steps: 100,
    state: { input: {}, results: new Map() },
    progress: new Map(),
    ...partial,
  };
}

describe('the execution deadline', () => {
  it('runs from the start, scaled like every local wait; absent without timeout_seconds', () => {
    expect(deadlineFrom(iso(0), 60)).toBe(iso(60_000));
    expect(deadlineFrom(iso(0), 3600, 3600)).toBe(iso(1000));
    expect(deadlineFrom(iso(0), undefined)).toBeUndefined();
  });

  it('is past at the deadline itself, never without one', () => {
    expect(isPastDeadline({ deadline_at: iso(1000) }, T0 + 999)).toBe(false);
    expect(isPastDeadline({ deadline_at: iso(1000) }, T0 + 1000)).toBe(true);
    expect(isPastDeadline({}, T0 + 1e12)).toBe(false);
  });

  it('brings a due time forward to the deadline, and leaves earlier ones alone', () => {
    const cursor = { seq: 2, task: 'b', timeout_seconds: 9, due_at: iso(10_000) };
    expect(dueWithinDeadline(cursor, iso(4000))).toEqual({ ...cursor, due_at: iso(4000) });
    expect(dueWithinDeadline(cursor, iso(20_000))).toBe(cursor);
    expect(dueWithinDeadline(cursor, undefined)).toBe(cursor);
    expect(dueWithinDeadline({ seq: 2, task: 'b', timeout_seconds: 9 }, iso(1))).toEqual({
      seq: 2,
      task: 'b',
      timeout_seconds: 9,
    });
  });

  it('makes the sweep time out a RUNNING execution past it, whatever its step is doing', () => {
    const running = head({
      status: 'RUNNING',
      deadline_at: iso(1000),
      claim: { token: 't', claimed_at: iso(0), lease_expires_at: T0 + 1e9 },
    });
    expect(stallDecision(running, T0 + 1000, 10_000)).toEqual({ action: 'time_out', why: 'deadline_passed' });
    expect(stallDecision(running, T0 + 999, 10_000)).toBeUndefined();
    expect(stallDecision({ ...running, status: 'TIMED_OUT' }, T0 + 1e9, 10_000)).toBeUndefined();
  });
});

describe('where a redrive resumes', () => {
  it('a failed execution: at its failed task, after its last record', () => {
    expect(
      resumePoint(head({ status: 'FAILED', cursor: undefined, failed_task: 'a', steps_recorded: 4 }), flow),
    ).toEqual({
      cursor: { seq: 5, task: 'a', timeout_seconds: 9 },
      stepsRecorded: 4,
    });
  });

  it('an execution ended between steps: the same step, fresh (no retries, no due time)', () => {
    expect(resumePoint(head(), flow)).toEqual({ cursor: { seq: 3, task: 'b', timeout_seconds: 9 }, stepsRecorded: 2 });
  });

  it('an execution ended while an attempt held its step: that step is closed, the task runs as the next one', () => {
    const claimed = head({ claim: { token: 't', claimed_at: iso(0), lease_expires_at: T0 + 1e9 } });
    expect(resumePoint(claimed, flow)).toEqual({
      cursor: { seq: 4, task: 'b', timeout_seconds: 9 },
      stepsRecorded: 3,
      interrupted: { seq: 3, task: 'b' },
    });
  });

  it('an execution whose interrupted step recorded its result late: after that record', () => {
    expect(resumePoint(head({ steps_recorded: 3 }), flow)).toEqual({
      cursor: { seq: 4, task: 'b', timeout_seconds: 9 },
      stepsRecorded: 3,
    });
  });

  it('nowhere when there is no task to resume', () => {
    expect(resumePoint(head({ status: 'FAILED', cursor: undefined }), flow)).toBeUndefined();
    expect(resumePoint(head({ cursor: { seq: 3, task: 'gone', timeout_seconds: 1 } }), flow)).toBeUndefined();
  });
});

describe('history from the head', () => {
  it('ends a stopped or timed-out execution with its own event, error code and cause', () => {
    expect(headEvents(head({ completed_at: iso(7000), reason: 'Operator', error: 'by hand' }))).toEqual([
      { id: 39, type: 'ExecutionAborted', time: iso(7000), detail: { error_code: 'Operator', error: 'by hand' } },
    ]);
    expect(headEvents(head({ status: 'TIMED_OUT', completed_at: iso(7000), reason: 'States.Timeout' }))).toEqual([
      { id: 39, type: 'ExecutionTimedOut', time: iso(7000), detail: { error_code: 'States.Timeout' } },
    ]);
  });

  it('shows a redrive whose first step is not recorded yet, before that step', () => {
    const redriven = head({
      status: 'RUNNING',
      redrive_count: 2,
      redrive: { at: iso(9000), seq: 3, from_status: 'FAILED', from_error: 'task_failed' },
    });
    expect(headEvents(redriven)).toEqual([
      {
        id: 30,
        type: 'ExecutionRedriven',
        time: iso(9000),
        step: 3,
        detail: { redrive_count: 2, from_status: 'FAILED', from_error: 'task_failed' },
      },
    ]);
    expect(headEvents({ ...redriven, steps_recorded: 3 })).toEqual([]);
  });
});
