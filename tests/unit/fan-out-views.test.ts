import { statusLines } from '../../src/cli/output-lines';
import { NotFoundError, ValidationError } from '../../src/domain/errors';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { stopExecution } from '../../src/service/execution-control';
import { getExecutionDetail } from '../../src/service/execution-queries';
import { fanOutsOf, listChildren, recentFanOuts } from '../../src/service/fan-out-queries';
import { childrenView } from '../../src/views/children-view';
import { executionView } from '../../src/views/execution-view';
import { fanOutCountsView } from '../../src/views/fan-out-summary';
import { EngineDriver } from '../support/engine-driver';
import { flowOf, items, mapTask, oneTask, then } from '../support/fan-out-view-flows';

const countsOf = async (d: EngineDriver, id: string) => fanOutCountsView(await recentFanOuts(id, d.deps));
const page = (d: EngineDriver, id: string, q: Parameters<typeof listChildren>[1]) =>
  listChildren(id, q, d.deps).then((p) => childrenView(id, p));

describe('fan_out counts on the execution', () => {
  it('counts pending, running and ended children while a map runs, and all succeeded at the end', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(5) });
    expect(await countsOf(d, id)).toEqual({});
    await d.deliver(d.dispatcher.takeOne());
    expect(await countsOf(d, id)).toEqual({
      each: { total: 5, pending: 3, running: 2, succeeded: 0, failed: 0, aborted: 0 },
    });
    await d.deliver(d.dispatcher.takeOne());
    expect(await countsOf(d, id)).toEqual({
      each: { total: 5, pending: 2, running: 2, succeeded: 1, failed: 0, aborted: 0 },
    });
    await d.drain();
    const detail = await getExecutionDetail(id, 0, {}, d.deps);
    const view = executionView(detail, undefined, await recentFanOuts(id, d.deps));
    expect(view.status).toBe('SUCCEEDED');
    expect(view.fan_out).toEqual({ each: { total: 5, pending: 0, running: 0, succeeded: 5, failed: 0, aborted: 0 } });
    // Without the fan-out items (the answers of the routes that start executions), no field.
    expect(executionView(detail)).not.toHaveProperty('fan_out');
  });

  it('are read only for a flow with a map or parallel task', async () => {
    const d = new EngineDriver();
    const plain = await d.start(flowOf([{ name: 'only', task_type: 'noop' }]));
    await d.drain();
    const reads = jest.spyOn(d.fanOuts, 'recentFanOuts');
    expect(await fanOutsOf(await getExecutionDetail(plain, 0, {}, d.deps), d.deps)).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
    const id = await d.start(flowOf([mapTask('each')]), { list: items(1) });
    await d.drain();
    expect((await fanOutsOf(await getExecutionDetail(id, 0, {}, d.deps), d.deps)).map((f) => f.stateName)).toEqual([
      'each',
    ]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('are printed by `flow status`, one line per fan-out task', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(5) });
    await d.deliver(d.dispatcher.takeOne());
    await d.deliver(d.dispatcher.takeOne());
    const view = executionView(await getExecutionDetail(id, 0, {}, d.deps), undefined, await recentFanOuts(id, d.deps));
    const lines = statusLines(view);
    const at = lines.indexOf('fan-out children:');
    expect(at).toBeGreaterThan(lines.indexOf('tasks:'));
    expect(lines[at + 1]).toBe('  each  5 total  2 pending  2 running  1 succeeded  0 failed  0 aborted');
    expect(statusLines(executionView(await getExecutionDetail(id, 0, {}, d.deps)))).not.toContain('fan-out children:');
  });

  it('counts a failed parallel and each fan-out task of the flow under its own name', async () => {
    const d = new EngineDriver();
    const failing = oneTask('boom', '{% $error("branch broke") %}');
    const id = await d.start(
      flowOf(
        [
          mapTask('first', { max_concurrency: 3 }),
          { name: 'second', task_type: 'parallel', branches: [oneTask('fine', 1), failing, oneTask('also', 2)] },
        ],
        [then('first', 'second')],
      ),
      { list: items(3) },
    );
    await d.drain(200);
    expect((await d.execution(id)).status).toBe('FAILED');
    const counts = await countsOf(d, id);
    expect(counts.first).toEqual({ total: 3, pending: 0, running: 0, succeeded: 3, failed: 0, aborted: 0 });
    expect(counts.second).toMatchObject({ total: 3, pending: 0, running: 0, failed: 1 });
    expect(counts.second!.succeeded + counts.second!.failed + counts.second!.aborted + counts.second!.running).toBe(3);
  });

  it("shows a task's latest run when it ran again (a retry is a new step with new children)", async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowOf([mapTask('each', { retry: [{ error_equals: ['States.ALL'], max_attempts: 1 }] })]),
      { list: items(2, (n) => n === 1) },
    );
    await d.drain(200);
    await d.fireTimers();
    d.advance(60);
    await d.fireTimers();
    await d.drain(200);
    expect((await d.execution(id)).status).toBe('FAILED');
    const runs = await recentFanOuts(id, d.deps);
    expect(runs.map((f) => f.seq)).toEqual([2, 1]);
    expect(await countsOf(d, id)).toEqual({
      each: { total: 2, pending: 0, running: 0, succeeded: 1, failed: 1, aborted: 0 },
    });
    const children = await page(d, id, { limit: 20 });
    expect(children.children.map((c) => c.execution_id)).toEqual([
      childExecutionId(id, 2, 0),
      childExecutionId(id, 2, 1),
    ]);
  });

  it('counts the children a stop of the parent aborted, and those it never started as pending', async () => {
    const d = new EngineDriver();
    const napping = {
      start_task: 'nap',
      tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
      conditions: [],
    };
    const id = await d.start(flowOf([mapTask('each', { item_processor: napping, max_concurrency: 2 })]), {
      list: items(4),
    });
    await d.drain();
    expect(await countsOf(d, id)).toEqual({
      each: { total: 4, pending: 2, running: 2, succeeded: 0, failed: 0, aborted: 0 },
    });
    await stopExecution(id, {}, d.deps);
    await d.drain();
    expect(await countsOf(d, id)).toEqual({
      each: { total: 4, pending: 2, running: 0, succeeded: 0, failed: 0, aborted: 2 },
    });
  });

  it('keeps the highest step of each task when given several runs', () => {
    const run = (stateName: string, seq: number, total: number) => ({
      status: 'SUCCEEDED' as const,
      stateName,
      seq,
      nextIndex: total,
      counts: { total, succeeded: total, failed: 0, aborted: 0 },
    });
    expect(fanOutCountsView([run('a', 3, 1), run('a', 9, 2), run('b', 4, 3), run('a', 5, 4)])).toEqual({
      a: { total: 2, pending: 0, running: 0, succeeded: 2, failed: 0, aborted: 0 },
      b: { total: 3, pending: 0, running: 0, succeeded: 3, failed: 0, aborted: 0 },
    });
  });
});

describe('the children of a fan-out', () => {
  it('pages them in index order, never-started ones PENDING, with a next_token to go on', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 2 })]), {
      list: items(5, (n) => n === 1),
    });
    await d.deliver(d.dispatcher.takeOne());
    await d.deliver(d.dispatcher.takeOne());
    const first = await page(d, id, { limit: 3 });
    expect(first.task).toBe('each');
    expect(first.children).toEqual([
      {
        execution_id: childExecutionId(id, 1, 0),
        index: 0,
        status: 'SUCCEEDED',
        started_at: expect.any(String),
        ended_at: expect.any(String),
        error_code: null,
      },
      {
        execution_id: childExecutionId(id, 1, 1),
        index: 1,
        status: 'RUNNING',
        started_at: expect.any(String),
        ended_at: null,
        error_code: null,
      },
      {
        execution_id: childExecutionId(id, 1, 2),
        index: 2,
        status: 'RUNNING',
        started_at: expect.any(String),
        ended_at: null,
        error_code: null,
      },
    ]);
    expect(first.next_token).toEqual(expect.any(String));
    const rest = await page(d, id, { limit: 3, nextToken: first.next_token! });
    expect(rest.children.map((c) => [c.index, c.status])).toEqual([
      [3, 'PENDING'],
      [4, 'PENDING'],
    ]);
    expect(rest.next_token).toBeNull();
    const pending = await page(d, id, { limit: 20, status: 'PENDING' });
    expect(pending.children.map((c) => c.index)).toEqual([3, 4]);
  });

  it("filters by status, with the failed child's error code, across pages", async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 3, tolerated_failure_percentage: 100 })]), {
      list: items(7, (n) => n % 3 === 0),
    });
    await d.drain(200);
    const first = await page(d, id, { limit: 2, status: 'FAILED' });
    expect(first.children.map((c) => [c.index, c.status])).toEqual([
      [0, 'FAILED'],
      [3, 'FAILED'],
    ]);
    expect(first.children[0]!.error_code).toEqual(expect.any(String));
    expect(first.next_token).not.toBeNull();
    const second = await page(d, id, { limit: 2, status: 'FAILED', nextToken: first.next_token! });
    expect(second.children.map((c) => c.index)).toEqual([6]);
    expect(second.next_token).toBeNull();
    // A token carries its filter: another status (or none) is refused.
    await expect(page(d, id, { limit: 2, status: 'SUCCEEDED', nextToken: first.next_token! })).rejects.toMatchObject({
      code: 'invalid_next_token',
      details: [{ path: 'query.next_token' }],
    });
    await expect(page(d, id, { limit: 2, nextToken: first.next_token! })).rejects.toMatchObject({
      code: 'invalid_next_token',
    });
  });

  it('bounds the reads of a filtered page, answering a next_token to go on', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 1 })]), { list: items(1150) });
    await d.deliver(d.dispatcher.takeOne());
    const reads = jest.spyOn(d.store, 'loadChildren');
    const first = await page(d, id, { limit: 5, status: 'SUCCEEDED' });
    expect(first.children).toEqual([]);
    expect(reads).toHaveBeenCalledTimes(10);
    expect(reads.mock.calls.every(([, , indexes]) => indexes.length <= 100)).toBe(true);
    expect(first.next_token).not.toBeNull();
    reads.mockClear();
    const second = await page(d, id, { limit: 5, status: 'SUCCEEDED', nextToken: first.next_token! });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(reads.mock.calls.map(([, , indexes]) => [indexes[0], indexes.at(-1)])).toEqual([
      [1000, 1099],
      [1100, 1149],
    ]);
    expect(second).toMatchObject({ children: [], next_token: null });
    // Unfiltered, one read of `limit` children.
    reads.mockClear();
    expect((await page(d, id, { limit: 100 })).children).toHaveLength(100);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('needs `task` when the execution has several fan-out tasks, and refuses one that is no fan-out', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowOf(
        // `first` hands its input on, so `second` maps the same list.
        [mapTask('first', { output: '{% $states.input %}' }), mapTask('second'), { name: 'plain', task_type: 'noop' }],
        [then('first', 'second'), then('second', 'plain')],
      ),
      { list: items(2) },
    );
    await d.drain(200);
    const problem = async (task: string | undefined) => {
      const error = await listChildren(id, { limit: 20, ...(task !== undefined && { task }) }, d.deps).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).details;
    };
    expect(await problem(undefined)).toEqual([
      { path: 'query.task', message: 'task is required: this execution has 2 map or parallel tasks (first, second)' },
    ]);
    expect(await problem('plain')).toEqual([
      { path: 'query.task', message: "task 'plain' is not a map or parallel task of this execution" },
    ]);
    expect(await problem('nope')).toEqual([
      { path: 'query.task', message: "task 'nope' is not a map or parallel task of this execution" },
    ]);
    expect((await page(d, id, { limit: 20, task: 'second' })).children.map((c) => c.execution_id)).toEqual([
      childExecutionId(id, 2, 0),
      childExecutionId(id, 2, 1),
    ]);
    await expect(listChildren('no-such-execution', { limit: 20 }, d.deps)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers no children for a fan-out task that has not started yet', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each')]), { list: items(2) });
    expect(await page(d, id, { limit: 20 })).toEqual({
      execution_id: id,
      task: 'each',
      children: [],
      next_token: null,
    });
  });

  it('are readable as executions by their ids, and in no list of executions', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each')]), { list: items(3) });
    await d.drain(200);
    const child = await getExecutionDetail(childExecutionId(id, 1, 2), 0, {}, d.deps);
    expect(child.execution).toMatchObject({ status: 'SUCCEEDED', parent: { execution_id: id, seq: 1, index: 2 } });
    const listed = await d.store.list({ limit: 100 });
    expect(listed.items.map((e) => e.execution_id)).toEqual([id]);
    expect((await d.store.list({ limit: 100, status: 'SUCCEEDED' })).items.map((e) => e.execution_id)).toEqual([id]);
  });
});
