import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { EngineDriver } from '../support/engine-driver';

/**
 * A redrive of a parent that a map or parallel ended runs again only the children that did not
 * succeed (as Step Functions redrives a Map Run), in memory, with every step delivered.
 */

/** An item or branch whose one task fails its first `fail` runs, and hands on `n`. */
const scripted = {
  start_task: 'work',
  tasks: [
    {
      name: 'work',
      task_type: 'scripted',
      arguments: { fail_runs: '{% $states.input.fail %}' },
      output: '{% $states.input.n %}',
    },
  ],
  conditions: [],
};

const mapOver = (extra: Record<string, unknown> = {}) => ({
  id: 'fan-out-redrive',
  name: 'Fan-out redrive',
  start_task: 'fan',
  tasks: [{ name: 'fan', task_type: 'map', items: '{% $states.input.list %}', item_processor: scripted, ...extra }],
  conditions: [],
});

/** How often child `index`'s task body ran, over all its steps and redrives. */
const runsOf = (d: EngineDriver, parentId: string, index: number, seq = 1) => {
  const prefix = `${childExecutionId(parentId, seq, index)}#`;
  return [...d.bodies.runs].filter(([key]) => key.startsWith(prefix)).reduce((sum, [, runs]) => sum + runs, 0);
};

describe('a redrive of a failed map', () => {
  it('runs again only the items that did not succeed, and hands on every output in item order', async () => {
    const d = new EngineDriver();
    const list = [0, 1, 2, 3, 4, 5].map((n) => ({ n, fail: n === 3 ? 1 : 0 }));
    const id = await d.start(mapOver({ max_concurrency: 2 }), { list });
    await d.drain(300);
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', failed_task: 'fan' });
    const before = await Promise.all(list.map(({ n }) => d.store.loadExecution(childExecutionId(id, 1, n))));
    const succeededBefore = before.filter((c) => c?.status === 'SUCCEEDED').map((c) => c!.parent!.index);
    expect(succeededBefore).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(before[3]?.status).toBe('FAILED');

    await redriveExecution(id, d.deps);
    await d.drain(300);
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([0, 1, 2, 3, 4, 5]);
    // Succeeded children did not run again; the failed one ran twice; every other ran once.
    for (const n of [0, 1, 2, 4, 5]) expect(runsOf(d, id, n)).toBe(1);
    expect(runsOf(d, id, 3)).toBe(2);
    expect(await d.fanOuts.load({ parentId: id, seq: 1 })).toMatchObject({
      status: 'SUCCEEDED',
      generation: 1,
      resumedBy: 2,
      counts: { total: 6, succeeded: 6, failed: 0, aborted: 0 },
    });
    // The history shows the run at the step that resumed it, with every child's end as it is now.
    const history = await getHistory(id, { limit: 200 }, d.deps);
    const runEvents = history.events.filter((e) => e.type.startsWith('MapRun'));
    expect(runEvents.map((e) => `${e.type}@${e.step}`)).toEqual(['MapRunStarted@2', 'MapRunSucceeded@2']);
    expect(history.events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(6);
    // The failed child was redriven as an execution, in the fan-out's new generation.
    expect(await d.execution(childExecutionId(id, 1, 3))).toMatchObject({
      status: 'SUCCEEDED',
      redrive_count: 1,
      parent: { index: 3, generation: 1 },
    });
  });

  it('keeps the true index of an item that fails again, and a second redrive resumes where the first ended', async () => {
    const d = new EngineDriver();
    // Items 0 and 2 fail twice; one failure is tolerated, so the second fails the map, and item 3 never starts.
    const list = [0, 1, 2, 3].map((n) => ({ n, fail: n % 2 === 0 ? 2 : 0 }));
    const id = await d.start(mapOver({ max_concurrency: 1, tolerated_failure_count: 1 }), { list });
    await d.drain(300);
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.ExceedToleratedFailureThreshold' });
    expect(await d.store.loadExecution(childExecutionId(id, 1, 3))).toBeUndefined();

    // Reruns 0, 2 and 3 as walk values 1, 2 and 3: 0 and 2 fail again.
    await redriveExecution(id, d.deps);
    await d.drain(300);
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.ExceedToleratedFailureThreshold' });
    const afterFirst = await d.fanOuts.load({ parentId: id, seq: 1 });
    expect(afterFirst).toMatchObject({ status: 'FAILED', generation: 1, resumedBy: 2, firstFailure: { index: 0 } });
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ parent: { index: 0, walk: 1 } });

    await redriveExecution(id, d.deps);
    await d.drain(300);
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([0, 1, 2, 3]);
    expect(await d.fanOuts.load({ parentId: id, seq: 1 })).toMatchObject({ generation: 2, resumedBy: 3 });
    expect([0, 1, 2, 3].map((n) => runsOf(d, id, n))).toEqual([3, 1, 3, 1]);
  });
});

describe('a redrive of a failed parallel', () => {
  it('runs again only the branches that did not succeed: the failed one and the one its failure stopped', async () => {
    const d = new EngineDriver();
    const napping = {
      start_task: 'nap',
      tasks: [
        { name: 'nap', task_type: 'wait', parameters: { seconds: 60 } },
        { name: 'woke', task_type: 'noop', output: 'woke' },
      ],
      conditions: [],
    };
    const id = await d.start(
      {
        id: 'parallel-redrive',
        name: 'Parallel redrive',
        start_task: 'fan',
        tasks: [{ name: 'fan', task_type: 'parallel', branches: [scripted, napping, scripted] }],
        conditions: [],
      },
      { n: 7, fail: 0 },
    );
    await d.drain();
    // Branches 0 and 2 succeeded; branch 1 waits. Make branch 0's rerun visible: it must not run again.
    expect(await d.execution(childExecutionId(id, 1, 1))).toMatchObject({ status: 'RUNNING' });
    await stopExecution(childExecutionId(id, 1, 1), {}, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.Aborted' });

    await redriveExecution(id, d.deps);
    await d.drain();
    // The stopped branch resumes at its interrupted wait, which waits again.
    d.advance(61);
    await d.fireTimers();
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([7, 'woke', 7]);
    expect(runsOf(d, id, 0)).toBe(1);
    expect(runsOf(d, id, 2)).toBe(1);
  });
});

describe('a redrive of a stopped parent', () => {
  it('runs the children its stop aborted and those never started; none twice', async () => {
    const d = new EngineDriver();
    const list = [0, 1, 2, 3, 4].map((n) => ({ n, fail: 0 }));
    const id = await d.start(mapOver({ max_concurrency: 2 }), { list });
    // The entry, then the first two children's claims: held, so they are running when the stop comes.
    await d.deliver(d.dispatcher.takeOne());
    const firstTwo = d.dispatcher.take();
    expect(firstTwo).toHaveLength(2);
    const releases = firstTwo.map((m) => d.hold(m.execution_id, m.seq));
    const running = firstTwo.map((m) => d.deliver(m));
    await stopExecution(id, {}, d.deps);
    releases.forEach((release) => release());
    await Promise.all(running);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'ABORTED' });
    expect((await d.fanOuts.load({ parentId: id, seq: 1 }))?.status).toBe('ABORTED');

    await redriveExecution(id, d.deps);
    await d.drain(300);
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([0, 1, 2, 3, 4]);
    // The two held bodies ran before the stop, which their results came after: they run again, the rest once.
    expect([0, 1, 2, 3, 4].map((n) => runsOf(d, id, n))).toEqual([2, 2, 1, 1, 1]);
    expect(await d.fanOuts.load({ parentId: id, seq: 1 })).toMatchObject({ status: 'SUCCEEDED', generation: 1 });
  });

  it('stops again the fan-out it resumed when the redriven parent is stopped, and a third run finishes it', async () => {
    const d = new EngineDriver();
    const napping = {
      start_task: 'nap',
      tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
      conditions: [],
    };
    const id = await d.start(
      {
        id: 'stop-twice',
        name: 'Stopped twice',
        start_task: 'fan',
        tasks: [{ name: 'fan', task_type: 'map', items: '{% [1,2,3] %}', item_processor: napping, max_concurrency: 1 }],
        conditions: [],
      },
      {},
    );
    await d.drain();
    await stopExecution(id, {}, d.deps);
    await redriveExecution(id, d.deps);
    await d.drain();
    expect((await d.fanOuts.load({ parentId: id, seq: 1 }))?.resumedBy).toBe(2);
    await stopExecution(id, {}, d.deps);
    expect((await d.fanOuts.load({ parentId: id, seq: 1 }))?.status).toBe('ABORTED');
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ status: 'ABORTED' });

    await redriveExecution(id, d.deps);
    for (let round = 0; round < 4; round++) {
      await d.drain();
      d.advance(61);
      await d.fireTimers();
    }
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await d.fanOuts.load({ parentId: id, seq: 1 })).toMatchObject({ generation: 2, resumedBy: 3 });
  });
});
