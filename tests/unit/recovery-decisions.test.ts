import type { ExecutionRecord, StepRecord } from '../../src/domain/execution';
import { expectedStep } from '../../src/engine/expected-step';
import { stallDecision } from '../../src/engine/stall-detection';
import { flowDef } from '../support/flows';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const GRACE = 10_000;

function record(steps: StepRecord[], status: ExecutionRecord['execution']['status'] = 'RUNNING'): ExecutionRecord {
  return {
    execution: { execution_id: 'e1', flow: flowDef({ tasks: ['a', 'b'] }), input: {}, status, created_at: at(0), started_at: at(0) },
    steps,
  };
}
const running = (seq: number, task: string, attempt = 1, leaseMs = 45_000): StepRecord => ({
  seq,
  task_name: task,
  task_type: 'noop',
  status: 'RUNNING',
  attempt,
  started_at: at(0),
  lease_expires_at: T0 + leaseMs,
});
const done = (seq: number, task: string, next: StepRecord['next'], completedMs = 1000): StepRecord => ({
  seq,
  task_name: task,
  task_type: 'noop',
  status: 'SUCCEEDED',
  attempt: 1,
  started_at: at(0),
  completed_at: at(completedMs),
  next,
});

describe('expectedStep', () => {
  it('expects the start task first', () => {
    expect(expectedStep(record([]), T0)).toEqual({ seq: 1, task: 'a', attempt: 1 });
  });

  it('expects nothing while a step holds its lease', () => {
    expect(expectedStep(record([running(1, 'a')]), T0 + 45_000)).toBeUndefined();
  });

  it('expects the same step as the next attempt once its lease has expired', () => {
    expect(expectedStep(record([running(1, 'a', 2)]), T0 + 45_001)).toEqual({ seq: 1, task: 'a', attempt: 3, previousAttempt: 2 });
  });

  it('expects what the last recorded step routed to, or nothing after a finish', () => {
    expect(expectedStep(record([done(1, 'a', { type: 'run', task: 'b', seq: 2 })]), T0)).toEqual({ seq: 2, task: 'b', attempt: 1 });
    expect(expectedStep(record([done(1, 'a', { type: 'finish', status: 'SUCCEEDED' })]), T0)).toBeUndefined();
  });
});

describe('stallDecision', () => {
  it('leaves executions that are not RUNNING alone', () => {
    expect(stallDecision(record([], 'PENDING'), T0 + 1e9, GRACE)).toBeUndefined();
    expect(stallDecision(record([running(1, 'a')], 'CANCELLED'), T0 + 1e9, GRACE)).toBeUndefined();
  });

  it('re-dispatches step 1 when nothing claimed it within the grace period', () => {
    expect(stallDecision(record([]), T0 + GRACE, GRACE)).toBeUndefined();
    expect(stallDecision(record([]), T0 + GRACE + 1, GRACE)).toEqual({
      action: 'dispatch',
      message: { execution_id: 'e1', seq: 1, task: 'a', timeout_seconds: 30 },
      why: 'start_never_claimed',
    });
  });

  it('re-dispatches a RUNNING step only after its lease expired', () => {
    expect(stallDecision(record([running(1, 'a')]), T0 + 45_000, GRACE)).toBeUndefined();
    expect(stallDecision(record([running(1, 'a')]), T0 + 45_001, GRACE)).toMatchObject({ action: 'dispatch', why: 'lease_expired', message: { seq: 1, task: 'a' } });
  });

  it('re-dispatches a next step that was never claimed (a lost invoke)', () => {
    const steps = [done(1, 'a', { type: 'run', task: 'b', seq: 2 })];
    expect(stallDecision(record(steps), T0 + 1000 + GRACE, GRACE)).toBeUndefined();
    expect(stallDecision(record(steps), T0 + 1001 + GRACE, GRACE)).toMatchObject({ action: 'dispatch', why: 'next_never_claimed', message: { seq: 2, task: 'b' } });
  });

  it('writes a decided final status that was never written', () => {
    const steps = [done(1, 'a', { type: 'finish', status: 'FAILED', failed_task: 'a', error: 'x', reason: 'task_failed' })];
    expect(stallDecision(record(steps), T0 + 1001 + GRACE, GRACE)).toEqual({
      action: 'finish',
      transition: { type: 'finish', status: 'FAILED', failed_task: 'a', error: 'x', reason: 'task_failed' },
      why: 'finish_not_written',
    });
  });
});
