import { encodeToken } from '../../src/domain/paging/opaque-token';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { getHistory } from '../../src/service/execution-history';
import { stopExecution } from '../../src/service/execution-control';
import type { HistoryEvent } from '../../src/views/history-view';
import { EngineDriver } from '../support/engine-driver';
import { flowOf, items, mapTask, oneTask } from '../support/fan-out-view-flows';

/** Every page of an execution's history with this limit, following the next_tokens. */
async function allPages(d: EngineDriver, id: string, limit: number) {
  const pages = [await getHistory(id, { limit }, d.deps)];
  while (pages.at(-1)!.nextToken !== undefined) {
    if (pages.length > 1000) throw new Error('the history does not end');
    pages.push(await getHistory(id, { limit, nextToken: pages.at(-1)!.nextToken! }, d.deps));
  }
  return pages;
}

const childEventsOf = (events: readonly HistoryEvent[]) => events.filter((e) => /Iteration|Branch/.test(e.type));
const shortly = (e: HistoryEvent) => [e.type, e.detail?.index];

describe("each child's start and end in its parent's history", () => {
  it('pages the 500 child events of a 250-item map, each once and in index order, reading only what a page shows', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 0 })]), { list: items(250) });
    await d.drain(2000);
    expect((await d.execution(id)).status).toBe('SUCCEEDED');

    const whole = (await getHistory(id, { limit: 1000 }, d.deps)).events;
    const expectedChildren = Array.from({ length: 250 }, (_, i) => [
      ['MapIterationStarted', i],
      ['MapIterationSucceeded', i],
    ]).flat();
    expect(whole.map(shortly)).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStarted', undefined],
      ['MapRunStarted', undefined],
      ...expectedChildren,
      ['MapRunSucceeded', undefined],
      ['TaskSucceeded', undefined],
      ['ExecutionSucceeded', undefined],
    ]);
    expect(whole[3]).toEqual({
      id: 12,
      type: 'MapIterationStarted',
      time: expect.any(String),
      task: 'each',
      step: 1,
      detail: { index: 0, execution_id: childExecutionId(id, 1, 0) },
    });
    const child = await d.execution(childExecutionId(id, 1, 249));
    expect(whole.at(-4)).toMatchObject({
      type: 'MapIterationSucceeded',
      time: child.completed_at,
      detail: { index: 249, execution_id: childExecutionId(id, 1, 249) },
    });
    expect(whole.find((e) => e.type === 'MapIterationStarted' && e.detail?.index === 249)?.time).toBe(child.started_at);

    const reads = jest.spyOn(d.store, 'loadChildren');
    for (const limit of [7, 100, 2]) {
      reads.mockClear();
      const pages = await allPages(d, id, limit);
      // No gap, no duplicate, the same order as one page.
      expect(pages.flatMap((p) => p.events)).toEqual(whole);
      expect(pages.slice(0, -1).every((p) => p.events.length === limit)).toBe(true);
      // Each page reads at most as many children as it shows events, at most 100 per read, so
      // the children read in all are about their number, whatever the page size.
      for (const call of reads.mock.calls) expect(call[2].length).toBeLessThanOrEqual(Math.min(limit, 100));
      const childrenRead = reads.mock.calls.reduce((sum, call) => sum + call[2].length, 0);
      expect(childrenRead).toBeLessThanOrEqual(250 + pages.length);
    }
    // A page deep inside the children costs what it shows, not what came before it.
    const pages = await allPages(d, id, 10);
    const deep = pages[40]!;
    reads.mockClear();
    const again = await getHistory(id, { limit: 10, nextToken: pages[39]!.nextToken! }, d.deps);
    expect(again).toEqual(deep);
    // Its events are the 398th to the 407th child events: child 198's end to child 203's end.
    expect(deep.events.map(shortly)[0]).toEqual(['MapIterationSucceeded', 198]);
    expect(reads.mock.calls.map((call) => call[2])).toEqual([[198, 199, 200, 201, 202, 203]]);
  });

  it('tells a parallel branch by branch, the failed one with its error and cause', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowOf([
        {
          name: 'both',
          task_type: 'parallel',
          branches: [oneTask('fine', 1), oneTask('boom', '{% $error("branch broke") %}')],
        },
      ]),
    );
    await d.drain(200);
    const events = childEventsOf((await getHistory(id, { limit: 100 }, d.deps)).events);
    const broken = await d.execution(childExecutionId(id, 1, 1));
    expect(events).toEqual([
      expect.objectContaining({ id: 12, type: 'ParallelBranchStarted', step: 1, task: 'both' }),
      expect.objectContaining({
        type: 'ParallelBranchSucceeded',
        detail: { index: 0, execution_id: childExecutionId(id, 1, 0) },
      }),
      expect.objectContaining({
        type: 'ParallelBranchStarted',
        detail: { index: 1, execution_id: broken.execution_id },
      }),
      {
        id: 12,
        type: 'ParallelBranchFailed',
        time: broken.completed_at,
        task: 'both',
        step: 1,
        detail: {
          index: 1,
          execution_id: broken.execution_id,
          error: broken.reason,
          cause: expect.stringContaining('branch broke'),
        },
      },
    ]);
  });

  it('tells a failed item of a map that tolerates it, between the others', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { tolerated_failure_count: 1 })]), {
      list: items(3, (n) => n === 1),
    });
    await d.drain(200);
    expect((await d.execution(id)).status).toBe('SUCCEEDED');
    const events = childEventsOf((await getHistory(id, { limit: 100 }, d.deps)).events);
    expect(events.map(shortly)).toEqual([
      ['MapIterationStarted', 0],
      ['MapIterationSucceeded', 0],
      ['MapIterationStarted', 1],
      ['MapIterationFailed', 1],
      ['MapIterationStarted', 2],
      ['MapIterationSucceeded', 2],
    ]);
    expect(events[3]!.detail).toEqual({
      index: 1,
      execution_id: childExecutionId(id, 1, 1),
      error: expect.any(String),
      cause: expect.stringContaining('item failed'),
    });
    expect(events[1]!.detail).toEqual({ index: 0, execution_id: childExecutionId(id, 1, 0) });
  });

  const waiting = {
    start_task: 'nap',
    tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
    conditions: [],
  };

  it('tells a child stopped on its own, and the one the failed join stopped, as aborted', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { item_processor: waiting })]), { list: items(2) });
    await d.drain();
    await stopExecution(childExecutionId(id, 1, 1), { error: 'Operator.Stopped', cause: 'not this one' }, d.deps);
    await d.drain();
    const events = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'MapRunStarted',
      'MapIterationStarted',
      'MapIterationAborted',
      'MapIterationStarted',
      'MapIterationAborted',
      'MapRunFailed',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(events[6]!.detail).toEqual({
      index: 1,
      execution_id: childExecutionId(id, 1, 1),
      error: 'Operator.Stopped',
      cause: 'not this one',
    });
    expect(events[4]!.detail).toMatchObject({ index: 0, error: 'States.Aborted' });
  });

  it("tells the children a stopped parent's stop ended, after its run's start", async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { item_processor: waiting, max_concurrency: 2 })]), {
      list: items(4),
    });
    await d.drain();
    await stopExecution(id, { error: 'Operator.Stopped' }, d.deps);
    const events = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(events.map(shortly)).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStarted', undefined],
      ['MapRunStarted', undefined],
      ['MapIterationStarted', 0],
      ['MapIterationAborted', 0],
      ['MapIterationStarted', 1],
      ['MapIterationAborted', 1],
      ['ExecutionAborted', undefined],
    ]);
    expect(events[2]).toMatchObject({ id: 12, step: 1, task: 'each', detail: { total: 4, max_concurrency: 2 } });
    const pages = await allPages(d, id, 3);
    expect(pages.flatMap((p) => p.events)).toEqual(events);
  });

  it('tells only the start of a running child, nothing of one not started, and pages them too', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { item_processor: waiting, max_concurrency: 3 })]), {
      list: items(5),
    });
    await d.drain();
    const events = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(events.map(shortly)).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStarted', undefined],
      ['MapRunStarted', undefined],
      ['MapIterationStarted', 0],
      ['MapIterationStarted', 1],
      ['MapIterationStarted', 2],
    ]);
    const pages = await allPages(d, id, 2);
    expect(pages.map((p) => p.events.map(shortly))).toEqual([
      [
        ['ExecutionStarted', undefined],
        ['TaskStarted', undefined],
      ],
      [
        ['MapRunStarted', undefined],
        ['MapIterationStarted', 0],
      ],
      [
        ['MapIterationStarted', 1],
        ['MapIterationStarted', 2],
      ],
    ]);
    // A token into the children stays good as they end: the next page goes on from that child.
    const token = pages[1]!.nextToken!;
    for (let round = 0; round < 3; round++) {
      d.advance(120);
      await d.fireTimers();
      await d.drain(200);
    }
    expect((await d.execution(id)).status).toBe('SUCCEEDED');
    const rest = await getHistory(id, { limit: 100, nextToken: token }, d.deps);
    expect(rest.events.map(shortly)).toEqual([
      ['MapIterationStarted', 1],
      ['MapIterationSucceeded', 1],
      ...[2, 3, 4].flatMap((i) => [
        ['MapIterationStarted', i],
        ['MapIterationSucceeded', i],
      ]),
      ['MapRunSucceeded', undefined],
      ['TaskSucceeded', undefined],
      ['ExecutionSucceeded', undefined],
    ]);
  });

  it('takes the tokens of pages read before child events existed, and refuses a bad place', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each')]), { list: items(2) });
    await d.drain();
    const whole = (await getHistory(id, { limit: 100 }, d.deps)).events;
    // The id of the run's end, as an earlier token named it: the page starts there, after the children.
    const old = await getHistory(id, { limit: 100, nextToken: encodeToken({ e: id, h: 13 }) }, d.deps);
    expect(old.events).toEqual(whole.slice(whole.findIndex((e) => e.type === 'MapRunSucceeded')));
    await expect(
      getHistory(id, { limit: 100, nextToken: encodeToken({ e: id, h: 12, c: -1 }) }, d.deps),
    ).rejects.toMatchObject({ code: 'invalid_next_token' });
  });
});
