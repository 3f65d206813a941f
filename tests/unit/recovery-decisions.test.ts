import type { Execution } from '../../src/domain/execution/execution';
import { stallDecision } from '../../src/engine/stall-detection';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const GRACE = 10_000;

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'e1',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'a'.repeat(64),
    status: 'RUNNING',
    created_at: iso(0),
    started_at: iso(0),
    dispatched_at: iso(0),
    cursor: { seq: 3, task: 'c', timeout_seconds: 7 },
    attempts: 0,
    steps_recorded: 2,
    max_steps: 100,
    state: { input: {}, results: new Map() },
    progress: new Map(),
    ...partial,
  };
}

const message = { execution_id: 'e1', seq: 3, task: 'c', timeout_seconds: 7, definition_hash: 'a'.repeat(64) };

describe('stallDecision (reads the head alone)', () => {
  it('leaves executions that are not RUNNING, or have no cursor, alone', () => {
    for (const status of ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const)
      expect(stallDecision(head({ status }), T0 + 1e9, GRACE)).toBeUndefined();
    expect(stallDecision(head({ cursor: undefined }), T0 + 1e9, GRACE)).toBeUndefined();
  });

  it('re-dispatches a cursor step nobody claimed within the grace period after it was handed on', () => {
    expect(stallDecision(head(), T0 + GRACE, GRACE)).toBeUndefined();
    expect(stallDecision(head(), T0 + GRACE + 1, GRACE)).toEqual({ action: 'dispatch', message, why: 'never_claimed' });
    // Measured from the latest hand-on, not from the start.
    expect(stallDecision(head({ dispatched_at: iso(60_000) }), T0 + 60_000 + GRACE, GRACE)).toBeUndefined();
  });

  it('hands on a step parked at its fan-out after the grace period, to check its children, not as a stall', () => {
    const cursor = { seq: 1, task: 'a', timeout_seconds: 30, wait_started_at: iso(0) };
    expect(stallDecision(head({ cursor }), T0 + GRACE, GRACE)).toBeUndefined();
    expect(stallDecision(head({ cursor }), T0 + GRACE + 1, GRACE)).toMatchObject({
      action: 'dispatch',
      why: 'fan_out_check',
    });
    // A durable wait has a due time too: still a stall once due and unclaimed.
    const waiting = { ...cursor, due_at: iso(10_000) };
    expect(stallDecision(head({ cursor: waiting }), T0 + 10_000 + GRACE + 1, GRACE)).toMatchObject({
      why: 'never_claimed',
    });
  });

  it('re-dispatches a claimed step only after its lease expired, whatever the grace period', () => {
    const claimed = head({ attempts: 1, claim: { token: 't', claimed_at: iso(0), lease_expires_at: T0 + 50_000 } });
    expect(stallDecision(claimed, T0 + 50_000, GRACE)).toBeUndefined();
    expect(stallDecision(claimed, T0 + 50_001, GRACE)).toEqual({ action: 'dispatch', message, why: 'lease_expired' });
  });
});
