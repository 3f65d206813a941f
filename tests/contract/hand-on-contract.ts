import { randomUUID } from 'node:crypto';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import type { Execution, ExecutionState, StepRecord, TaskProgress } from '../../src/domain/execution/execution';
import type { ExecutionStore, HandOnClaim, StepCommit } from '../../src/ports/execution-store';
import { handOnState } from '../../src/storage/hand-on-state';
import { flowDef } from '../support/flows';

/**
 * Part of the ExecutionStore contract: a step's commit travelling with the hand-on. The step
 * writes its record, the next step's claim writes the head's move in the same conditional update;
 * every way that update can be refused, each told apart.
 */
export function handOnContract(makeStore: () => ExecutionStore): void {
  let store: ExecutionStore;
  beforeAll(() => {
    store = makeStore();
  });
  const iso = (ms = Date.now()) => new Date(ms).toISOString();

  async function runningExecution(options: { deadlineAt?: string } = {}): Promise<Execution> {
    const flow = flowDef({ id: 'hand-on', tasks: ['a', 'b'] });
    const execution: Execution = {
      execution_id: randomUUID(),
      flow_id: flow.id,
      flow_name: flow.name,
      definition_hash: definitionHash(flow),
      status: 'RUNNING',
      created_at: iso(),
      started_at: iso(),
      dispatched_at: iso(),
      cursor: { seq: 1, task: 'a', timeout_seconds: 30 },
      attempts: 0,
      steps_recorded: 0,
      max_steps: flow.max_steps,
      ...(options.deadlineAt && { deadline_at: options.deadlineAt, timeout_seconds: 1 }),
      state: { input: { k: 'v' }, results: new Map() },
      progress: new Map(),
    };
    expect(await store.createExecution(execution, flow)).toBe(true);
    return execution;
  }

  const record = (attempt = 1): StepRecord => ({
    seq: 1,
    task_name: 'a',
    task_type: 'noop',
    status: 'SUCCEEDED',
    attempt,
    started_at: iso(),
    completed_at: iso(),
    duration_ms: 1,
    output: { from: 'a' },
    next: { type: 'run', task: 'b', seq: 2, via: 'next_task' },
  });

  /** Step 1, claimed by `token`, has run: its record is written, its commit is what it hands on. */
  async function stepOneRan(execution: Execution, token: string, attempt = 1) {
    const id = execution.execution_id;
    expect(
      await store.claimStep({
        executionId: id,
        seq: 1,
        task: 'a',
        claimToken: token,
        claimedAt: iso(),
        leaseExpiresAt: Date.now() + 60_000,
      }),
    ).toMatchObject({ claimed: true });
    const orders = Array.from({ length: 40 }, (_, i) => ({ order: `order-${i}`, customer: 'Zoë', total: i * 1.5 }));
    const state: ExecutionState = { input: execution.state.input, results: new Map([['a', { orders }]]) };
    const progress = new Map<string, TaskProgress>([
      [
        'a',
        {
          status: 'SUCCEEDED',
          attempts: 1,
          last_seq: 1,
          last_attempt: attempt,
          started_at: iso(),
          completed_at: iso(),
          duration_ms: 1,
        },
      ],
    ]);
    const commit: StepCommit = {
      executionId: id,
      claimToken: token,
      step: record(attempt),
      state,
      progress,
      next: { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } },
      at: iso(),
    };
    expect(await store.recordStep(commit)).toBe(true);
    const handOn = (claimToken: string, at = Date.now(), completedAt = commit.step.completed_at): HandOnClaim => ({
      executionId: id,
      seq: 2,
      task: 'b',
      claimToken,
      claimedAt: iso(at),
      leaseExpiresAt: at + 60_000,
      commit: { seq: 1, claimToken: token, completedAt, state: handOnState(state, progress).wire, timeoutSeconds: 30 },
    });
    return { id, state, progress, handOn };
  }

  /** The steps readers see: those the head counts. */
  const recorded = async (id: string) => {
    const head = await store.loadExecution(id);
    return head
      ? (await store.stepPage(id, { fromSeq: 1, toSeq: head.steps_recorded, limit: 1000, maxBytes: Infinity })).steps
      : [];
  };
  const rawRecord = (id: string) => store.loadStep(id, 1);

  describe('a commit that travels with the hand-on', () => {
    it('is written by the next step claim: cursor, state and progress moved, the record counted, the step claimed', async () => {
      const execution = await runningExecution();
      const { id, state, progress, handOn } = await stepOneRan(execution, 'step-1');
      // Until the hand-on arrives, the record exists but nobody counts it.
      expect(await recorded(id)).toEqual([]);
      const claimed = await store.handOnClaim(handOn('step-2'));
      expect(claimed).toMatchObject({
        claimed: true,
        execution: { steps_recorded: 1, attempts: 1, cursor: { seq: 2, task: 'b' }, claim: { token: 'step-2' } },
      });
      expect(claimed.claimed && claimed.execution.state).toEqual(state);
      expect(claimed.claimed && claimed.execution.progress).toEqual(progress);
      expect(await store.loadExecution(id)).toMatchObject({
        steps_recorded: 1,
        cursor: { seq: 2 },
        claim: { token: 'step-2' },
      });
      expect((await recorded(id)).map((s) => s.seq)).toEqual([1]);
    });

    it('is recognised when the same hand-on comes twice: the duplicate claims as usual and is refused while the step is held', async () => {
      const execution = await runningExecution();
      const { id, handOn } = await stepOneRan(execution, 'step-1');
      expect(await store.handOnClaim(handOn('first'))).toMatchObject({ claimed: true });
      expect(await store.handOnClaim(handOn('duplicate'))).toMatchObject({
        claimed: false,
        committedElsewhere: true,
        execution: { claim: { token: 'first' } },
      });
      expect(await store.loadExecution(id)).toMatchObject({ steps_recorded: 1, claim: { token: 'first' } });
      expect(await rawRecord(id)).toMatchObject({ seq: 1, attempt: 1 });
    });

    it('counts its own write as claimed when the client retries a request whose first try was applied', async () => {
      const execution = await runningExecution();
      const { handOn } = await stepOneRan(execution, 'step-1');
      const request = handOn('mine');
      expect(await store.handOnClaim(request)).toMatchObject({ claimed: true });
      expect(await store.handOnClaim(request)).toMatchObject({
        claimed: true,
        execution: { claim: { token: 'mine' }, steps_recorded: 1 },
      });
    });

    it('is refused once the step it commits was taken over, and its record is taken back', async () => {
      const execution = await runningExecution();
      const { id, handOn } = await stepOneRan(execution, 'presumed-dead');
      // The lease ran out and another invocation took step 1 over before the hand-on arrived.
      expect(await store.releaseClaim(id, 'presumed-dead')).toBe(true);
      expect(
        await store.claimStep({
          executionId: id,
          seq: 1,
          task: 'a',
          claimToken: 'takeover',
          claimedAt: iso(),
          leaseExpiresAt: Date.now() + 60_000,
        }),
      ).toMatchObject({ claimed: true });
      expect(await store.handOnClaim(handOn('late'))).toMatchObject({
        claimed: false,
        execution: { claim: { token: 'takeover' }, cursor: { seq: 1 } },
      });
      expect(await rawRecord(id)).toBeUndefined();
      expect(await store.loadExecution(id)).toMatchObject({ steps_recorded: 0, cursor: { seq: 1 } });
    });

    it('never takes back a record a newer attempt wrote over it', async () => {
      const execution = await runningExecution();
      const { id, handOn } = await stepOneRan(execution, 'old');
      await store.releaseClaim(id, 'old');
      const takeover = await stepOneRan({ ...execution }, 'new', 2);
      expect(await store.handOnClaim(handOn('late'))).toMatchObject({ claimed: false });
      expect(await rawRecord(id)).toMatchObject({ attempt: 2 });
      expect(await store.handOnClaim(takeover.handOn('next'))).toMatchObject({ claimed: true });
    });

    it('keeps and counts the result of a step that finished after its execution was stopped, and moves nothing', async () => {
      const execution = await runningExecution();
      const { id, handOn } = await stepOneRan(execution, 'step-1');
      const stoppedAt = Date.now();
      expect(
        await store.endExecution({ executionId: id, status: 'ABORTED', at: iso(stoppedAt), reason: 'Operator' }),
      ).toMatchObject({ ok: true });
      expect(await store.handOnClaim(handOn('step-2', Date.now(), iso(stoppedAt + 5)))).toMatchObject({
        claimed: false,
        execution: { status: 'ABORTED' },
      });
      const head = await store.loadExecution(id);
      expect(head).toMatchObject({ status: 'ABORTED', steps_recorded: 1, cursor: { seq: 1 } });
      expect(head?.claim).toBeUndefined();
      expect(head?.state.results.size).toBe(0);
      expect((await recorded(id)).map((s) => s.seq)).toEqual([1]);
    });

    it('commits a step that finished before its execution was stopped, only its hand-on came after: the stop applies to the next step', async () => {
      const execution = await runningExecution();
      const { id, state, handOn } = await stepOneRan(execution, 'step-1');
      // The stop lands after the step finished.
      expect(
        await store.endExecution({ executionId: id, status: 'ABORTED', at: iso(Date.now() + 5), reason: 'Operator' }),
      ).toMatchObject({ ok: true });
      expect(await store.handOnClaim(handOn('step-2'))).toMatchObject({
        claimed: false,
        execution: { status: 'ABORTED' },
      });
      const head = await store.loadExecution(id);
      expect(head).toMatchObject({ status: 'ABORTED', steps_recorded: 1, cursor: { seq: 2, task: 'b' }, attempts: 0 });
      expect(head?.claim).toBeUndefined();
      expect(head?.state).toEqual(state);
      expect((await recorded(id)).map((s) => s.seq)).toEqual([1]);
    });

    it('times the execution out when its step finished past the deadline, keeping the result', async () => {
      const deadline = Date.now() + 60_000;
      const execution = await runningExecution({ deadlineAt: iso(deadline) });
      const { id, handOn } = await stepOneRan(execution, 'step-1');
      expect(await store.handOnClaim(handOn('step-2', deadline + 60_000, iso(deadline + 1_000)))).toMatchObject({
        claimed: false,
        execution: { status: 'TIMED_OUT' },
      });
      expect(await store.loadExecution(id)).toMatchObject({
        status: 'TIMED_OUT',
        reason: 'States.Timeout',
        steps_recorded: 1,
        cursor: { seq: 1 },
      });
      expect((await recorded(id)).map((s) => s.seq)).toEqual([1]);
    });

    it('commits a step that finished before the deadline though its hand-on came after, and leaves the timing out to the next claim', async () => {
      const deadline = Date.now() + 60_000;
      const execution = await runningExecution({ deadlineAt: iso(deadline) });
      const { id, handOn } = await stepOneRan(execution, 'step-1');
      expect(await store.handOnClaim(handOn('step-2', deadline + 60_000))).toMatchObject({
        claimed: false,
        committedElsewhere: true,
      });
      const head = await store.loadExecution(id);
      expect(head).toMatchObject({ status: 'RUNNING', steps_recorded: 1, cursor: { seq: 2, task: 'b' } });
      expect(head?.claim).toBeUndefined();
    });

    it('takes the record back when the execution was cancelled or deleted meanwhile', async () => {
      for (const end of ['cancel', 'delete'] as const) {
        const execution = await runningExecution();
        const { id, handOn } = await stepOneRan(execution, 'step-1');
        if (end === 'cancel') expect(await store.cancelExecution(id, iso())).toBe(true);
        else expect(await store.deleteExecution(id)).toBe(true);
        expect(await store.handOnClaim(handOn('step-2'))).toMatchObject({ claimed: false });
        expect(await rawRecord(id)).toBeUndefined();
        if (end === 'delete') expect(await store.loadExecution(id)).toBeUndefined();
      }
    });

    it('writes a record again for the same claim (a retried request, a fallback commit), never over a newer attempt', async () => {
      const execution = await runningExecution();
      const { id } = await stepOneRan(execution, 'step-1');
      const again: StepCommit = {
        executionId: id,
        claimToken: 'step-1',
        step: record(1),
        state: execution.state,
        progress: new Map(),
        next: { cursor: { seq: 2, task: 'b', timeout_seconds: 30 } },
        at: iso(),
      };
      expect(await store.recordStep(again)).toBe(true);
      expect(await store.recordStep({ ...again, claimToken: 'other-claim' })).toBe(false);
      expect(await store.recordStep({ ...again, claimToken: 'newer', step: record(2) })).toBe(true);
      expect(await store.recordStep(again)).toBe(false);
    });
  });
}
