import { createStepHandler } from '../../handlers/workers/step';
import type { Execution } from '../../src/domain/execution/execution';
import { createExecution } from '../../src/service/execution-lifecycle';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { loadRecord, testDeps } from '../support/local-services';

/**
 * A hand-on claim has nothing sent back: the committed step handed on the head's unchanging fields
 * with its commit, and the claim knows the rest because it wrote it. Every such claim of a run with
 * a deadline, a failure and a redrive must know exactly the head that reading it back gives.
 */
function setup() {
  const t = testDeps();
  const compared: Array<{ known: Execution; read: Execution }> = [];
  const store = t.deps.store;
  const handOnClaim = store.handOnClaim.bind(store);
  store.handOnClaim = async (claim) => {
    const outcome = await handOnClaim(claim);
    if (outcome.claimed && claim.commit.execution)
      compared.push({ known: outcome.execution, read: (await store.loadExecution(claim.executionId))! });
    return outcome;
  };
  const handler = createStepHandler(() => t.deps);
  const drain = async () => {
    for (let message = t.dispatcher.take()[0]; message; message = t.dispatcher.take()[0]) await handler(message);
  };
  return { ...t, compared, handler, drain };
}

const counted = (name: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  name,
  task_type: 'counted',
  timeout_seconds: 5,
  parameters,
  ...extra,
});

describe('a hand-on claim', () => {
  it('knows the head it leaves: the same execution as reading it back, through a failure, a stop and a redrive', async () => {
    const s = setup();
    const flow = {
      id: 'known-head',
      name: 'known head',
      start_task: 'a',
      timeout_seconds: 3600,
      tasks: [counted('a'), counted('b', { fail: true }), counted('c'), counted('d')],
      conditions: [
        { name: 'a-b', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'end' },
        { name: 'b-c', source_task: 'b', outcome: 'success', target_task_success: 'end', target_task_failure: 'c' },
        { name: 'c-d', source_task: 'c', outcome: 'success', target_task_success: 'd', target_task_failure: 'end' },
      ],
    };
    const { execution } = await createExecution(flow, { start: true }, s.deps);
    const id = execution.execution_id;
    expect(await s.handler(s.dispatcher.take()[0]!)).toMatchObject({ outcome: 'ran', status: 'success' });
    // The hand-on to b is in flight while the execution is stopped: it claims nothing, and the
    // redrive resumes at b with a plain claim (the head sent back), which later hand-ons start from.
    const inFlight = s.dispatcher.take()[0]!;
    await stopExecution(id, { error: 'Operator' }, s.deps);
    expect(await s.handler(inFlight)).toEqual({ outcome: 'skipped', reason: 'execution_aborted' });
    await redriveExecution(id, s.deps);
    await s.drain();

    const { execution: finished, steps } = (await loadRecord(s.deps.store, id))!;
    expect(finished.status).toBe('SUCCEEDED');
    expect(steps.map((st) => `${st.task_name}:${st.status}`)).toEqual([
      'a:SUCCEEDED',
      'b:FAILED',
      'c:SUCCEEDED',
      'd:SUCCEEDED',
    ]);
    // b to c and c to d: each claimed by a hand-on that knew its head.
    expect(s.compared.map(({ known }) => `${known.cursor?.task}:${known.cursor?.seq}`)).toEqual(['c:3', 'd:4']);
    for (const { known, read } of s.compared) expect(known).toEqual(read);
    expect(s.compared[0]!.known).toMatchObject({ redrive_count: 1, redrive: { from_status: 'ABORTED', seq: 2 } });
    expect(s.compared[0]!.known.progress.get('b')).toMatchObject({ status: 'FAILED', last_seq: 2 });
    expect([...s.compared[1]!.known.progress.keys()]).toEqual(['a', 'b', 'c']);
    expect(s.compared.every(({ known }) => known.deadline_at !== undefined && known.timeout_seconds === 3600)).toBe(
      true,
    );
  });

  it('has the head sent back when the message does not carry the unchanging fields (sent before they were)', async () => {
    const s = setup();
    const flow = {
      id: 'older-message',
      name: 'older message',
      start_task: 'a',
      tasks: [counted('a'), counted('b')],
      conditions: [] as unknown[],
    };
    flow.conditions.push({
      name: 'a-b',
      source_task: 'a',
      outcome: 'success',
      target_task_success: 'b',
      target_task_failure: 'end',
    });
    const { execution } = await createExecution(flow, { start: true }, s.deps);
    await s.handler(s.dispatcher.take()[0]!);
    const handedOn = s.dispatcher.take()[0]!;
    const { execution: _context, ...olderCommit } = handedOn.commit!;
    expect(await s.handler({ ...handedOn, commit: olderCommit })).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(s.compared).toEqual([]);
    expect((await loadRecord(s.deps.store, execution.execution_id))!.execution.status).toBe('SUCCEEDED');
  });
});
