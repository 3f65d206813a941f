import { EngineDriver, scriptedFlow } from '../support/engine-driver';

/**
 * Duplicate, concurrent, lost and late deliveries of step messages, scripted against the real
 * step runner over the in-memory store: each body runs once and the execution ends as if every
 * message had arrived exactly once.
 */
const twoSteps = scriptedFlow([{ name: 'a' }, { name: 'b' }], {
  conditions: [
    { name: 'a_to_b', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'end' },
  ],
});

describe('the engine driver: deliveries', () => {
  it('runs the body once when a step message is delivered twice', async () => {
    const d = new EngineDriver();
    const id = await d.start(twoSteps);
    const first = d.dispatcher.takeOne();
    expect(await d.deliver(first)).toMatchObject({ outcome: 'ran', status: 'success', attempt: 1 });
    // The same invoke again (an at-least-once platform), while the first still holds the step's claim.
    expect(await d.deliver(first)).toEqual({ outcome: 'skipped', reason: 'already_claimed' });
    const handOn = d.dispatcher.takeOne();
    expect(handOn).toMatchObject({ seq: 2, task: 'b', commit: { seq: 1 } });
    expect(await d.deliver(handOn)).toMatchObject({ outcome: 'ran', attempt: 1 });
    // The hand-on again, once step 2 committed and the execution finished.
    expect(await d.deliver(handOn)).toEqual({ outcome: 'skipped', reason: 'execution_succeeded' });
    expect(await d.deliver(first)).toEqual({ outcome: 'skipped', reason: 'execution_succeeded' });
    expect([d.bodies.count(id, 1), d.bodies.count(id, 2)]).toEqual([1, 1]);
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 2 });
    expect((await d.steps(id)).map((s) => [s.task_name, s.attempt])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('runs the body once when two deliveries of one step arrive at the same time', async () => {
    const d = new EngineDriver();
    const id = await d.start(twoSteps);
    const first = d.dispatcher.takeOne();
    const reports = await Promise.all([d.deliver(first), d.deliver(first)]);
    expect(reports.filter((r) => r.outcome === 'ran')).toHaveLength(1);
    expect(reports.filter((r) => r.outcome === 'skipped')).toEqual([{ outcome: 'skipped', reason: 'already_claimed' }]);
    expect(d.bodies.count(id, 1)).toBe(1);
    // Both copies of the hand-on, at once: one claims step 2, the other finds it claimed.
    const handOn = d.dispatcher.takeOne();
    const next = await Promise.all([d.deliver(handOn), d.deliver(handOn)]);
    expect(next.filter((r) => r.outcome === 'ran')).toHaveLength(1);
    expect(d.bodies.count(id, 2)).toBe(1);
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 2 });
  });

  it('recovers a lost hand-on with the sweep once the lease expired, reusing the recorded result instead of running the body again', async () => {
    const d = new EngineDriver();
    const id = await d.start(twoSteps);
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran' });
    // The invoke of step 2, which carries step 1's commit, is lost: step 1 is recorded but not counted.
    expect(d.dispatcher.take()).toHaveLength(1);
    expect(await d.execution(id)).toMatchObject({
      steps_recorded: 0,
      cursor: { seq: 1, task: 'a' },
      claim: { token: expect.any(String) },
    });

    // Within the lease (task timeout 30 s + margin 15 s) the sweep leaves it alone.
    d.advance(44);
    expect(await d.sweep()).toMatchObject({ redispatched: 0 });
    d.advance(2);
    expect(await d.sweep()).toMatchObject({ redispatched: 1 });
    const retry = d.dispatcher.takeOne();
    expect(retry).toMatchObject({ seq: 1, task: 'a' });
    expect(retry.commit).toBeUndefined();
    expect(await d.deliver(retry)).toMatchObject({ outcome: 'ran', status: 'success', attempt: 2 });
    await d.drain();
    expect(d.bodies.count(id, 1)).toBe(1);
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 2 });
    expect((await d.steps(id))[0]).toMatchObject({ task_name: 'a', attempt: 2, output: { seq: 1, attempt: 1 } });
  });

  it('turns the result of an invocation that was taken over into a no-op, and a late copy of its message too', async () => {
    const d = new EngineDriver();
    const id = await d.start(twoSteps);
    const first = d.dispatcher.takeOne();
    const release = d.hold(id, 1);
    // Attempt 1 hangs in its body past its lease.
    const hung = d.deliver(first);
    await new Promise((r) => setImmediate(r));
    expect(d.bodies.count(id, 1)).toBe(1);
    d.advance(46);
    expect(await d.sweep()).toMatchObject({ redispatched: 1 });
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran', attempt: 2 });
    // Attempt 1 finishes after all: its record cannot replace attempt 2's, so it hands nothing on.
    release();
    expect(await hung).toEqual({ outcome: 'skipped', reason: 'claim_lost' });
    expect(d.dispatcher.pending).toHaveLength(1);
    expect(await d.deliver(first)).toMatchObject({ outcome: 'skipped' });
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 2 });
    expect((await d.steps(id)).map((s) => [s.task_name, s.attempt])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(d.bodies.count(id, 1)).toBe(2);
  });
});
