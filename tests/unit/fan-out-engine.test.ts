import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { executionGraph } from '../../src/service/execution-graph';
import { taskStatus, waitingUntil } from '../../src/views/task-progress';
import { stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { EngineDriver } from '../support/engine-driver';

/** A one-task sub-flow whose task hands on `output`. */
const oneTask = (name: string, output: unknown) => ({
  start_task: name,
  tasks: [{ name, task_type: 'noop', output }],
  conditions: [],
});

const flowWith = (fanOut: Record<string, unknown>, after?: Record<string, unknown>) => ({
  id: 'fan-out-engine',
  name: 'Fan-out engine',
  start_task: 'fan',
  tasks: [{ name: 'fan', ...fanOut }, ...(after ? [after] : [])],
  conditions: after
    ? [
        {
          name: 'then',
          source_task: 'fan',
          outcome: 'success',
          target_task_success: after.name,
          target_task_failure: 'fail',
        },
      ]
    : [],
});

describe('a parallel task', () => {
  it('runs every branch as a child execution and hands on their outputs in branch order', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowWith({
        task_type: 'parallel',
        branches: [
          oneTask('left', '{% { "branch": "left", "got": $states.input.n } %}'),
          oneTask('right', '{% { "branch": "right", "got": $states.input.n * 2 } %}'),
          oneTask('third', 'three'),
        ],
      }),
      { n: 21 },
    );
    // The parent's step: it parks at the join and starts the three branches.
    expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'waiting' });
    const started = d.dispatcher.take();
    expect(started.map((m) => m.execution_id).sort()).toEqual([0, 1, 2].map((i) => childExecutionId(id, 1, i)));
    // Branches finish out of order; the join hands the parent on once.
    for (const message of started.reverse()) await d.deliver(message);
    expect(d.dispatcher.pending.map((m) => m.execution_id)).toEqual([id]);
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([{ branch: 'left', got: 21 }, { branch: 'right', got: 42 }, 'three']);
    for (const i of [0, 1, 2]) {
      const child = await d.execution(childExecutionId(id, 1, i));
      expect(child).toMatchObject({ status: 'SUCCEEDED', parent: { execution_id: id, seq: 1, index: i } });
    }
  });

  it('fails with the failed branch’s error, which the state’s catch can take', async () => {
    const d = new EngineDriver();
    const failing = {
      start_task: 'boom',
      tasks: [{ name: 'boom', task_type: 'noop', output: '{% $error("branch broke") %}' }],
      conditions: [],
    };
    const id = await d.start({
      ...flowWith({}),
      tasks: [
        {
          name: 'fan',
          task_type: 'parallel',
          branches: [oneTask('fine', 1), failing],
          catch: [{ error_equals: ['States.ALL'], next: 'caught' }],
        },
        { name: 'caught', task_type: 'noop', output: '{% $states.input %}' },
      ],
    });
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toMatchObject({ error: 'States.QueryEvaluationError' });
  });
});

describe('a map task', () => {
  const mapOf = (extra: Record<string, unknown>) =>
    flowWith({
      task_type: 'map',
      items: '{% $states.input.orders %}',
      item_selector: {
        order: '{% $states.context.Map.Item.Value %}',
        position: '{% $states.context.Map.Item.Index %}',
      },
      item_processor: oneTask('price', '{% { "order": $states.input.order, "at": $states.input.position } %}'),
      ...extra,
    });

  it('runs each item, never more than max_concurrency at once, and hands on the outputs in item order', async () => {
    const d = new EngineDriver();
    const orders = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const id = await d.start(mapOf({ max_concurrency: 2 }), { orders });
    await d.deliver(d.dispatcher.takeOne());
    let most = 0;
    // Deliver the newest child first, so items end out of order.
    while (d.dispatcher.pending.length > 0) {
      const children = d.dispatcher.pending.filter((m) => m.execution_id !== id);
      most = Math.max(most, children.length);
      const next = d.dispatcher.take();
      for (const message of next.reverse()) await d.deliver(message);
    }
    expect(most).toBe(2);
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual(orders.map((order, at) => ({ order, at })));
  });

  it('succeeds at once over no items', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapOf({}), { orders: [] });
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [] } });
  });

  it('fails with States.QueryEvaluationError when its items are not an array', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapOf({}), { orders: { not: 'a list' } });
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.QueryEvaluationError' });
  });

  it('joins exactly once when the last child’s end is delivered twice', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapOf({}), { orders: ['x', 'y'] });
    await d.deliver(d.dispatcher.takeOne());
    const [first, second] = d.dispatcher.take();
    await d.deliver(first!);
    // The last child's step delivered twice: the duplicate is refused at its claim.
    await d.deliver(second!);
    expect(await d.deliver(second!)).toMatchObject({ outcome: 'skipped' });
    const parentMessages = d.dispatcher.take().filter((m) => m.execution_id === id);
    expect(parentMessages).toHaveLength(1);
    // The parent's step, delivered twice too: it runs once.
    expect(await d.deliver(parentMessages[0]!)).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(await d.deliver(parentMessages[0]!)).toMatchObject({ outcome: 'skipped' });
    expect(await d.execution(id)).toMatchObject({
      status: 'SUCCEEDED',
      state: {
        data: [
          { order: 'x', at: 0 },
          { order: 'y', at: 1 },
        ],
      },
    });
  });

  it('gives a stray delivery of the parked step its claim back, and runs nothing', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapOf({}), { orders: ['x'] });
    const entry = d.dispatcher.takeOne();
    await d.deliver(entry);
    expect(await d.deliver(entry)).toEqual({ outcome: 'skipped', reason: 'fan_out_running' });
    expect((await d.execution(id)).claim).toBeUndefined();
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [{ order: 'x', at: 0 }] } });
  });
});

describe('a map with tolerated failures', () => {
  /** Items whose `fail` is true fail their iteration. */
  const failingWhenTold = {
    start_task: 'check',
    tasks: [
      {
        name: 'check',
        task_type: 'noop',
        output: '{% $states.input.fail ? $error("item failed") : $states.input.n %}',
      },
    ],
    conditions: [],
  };
  const items = (failures: number, total: number) =>
    Array.from({ length: total }, (_, n) => ({ n, fail: n < failures }));

  it('succeeds within them, each failed item’s output its error object', async () => {
    const d = new EngineDriver();
    const second = await d.start(
      flowWith({
        task_type: 'map',
        items: '{% $states.input.list %}',
        item_processor: failingWhenTold,
        tolerated_failure_count: 2,
        max_concurrency: 2,
      }),
      { list: items(2, 5) },
    );
    await d.drain(200);
    const parent = await d.execution(second);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toEqual([
      { error: 'States.QueryEvaluationError', cause: expect.stringContaining('item failed') },
      { error: 'States.QueryEvaluationError', cause: expect.stringContaining('item failed') },
      2,
      3,
      4,
    ]);
  });

  it('fails with States.ExceedToleratedFailureThreshold past them', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowWith({
        task_type: 'map',
        items: '{% $states.input.list %}',
        item_processor: failingWhenTold,
        tolerated_failure_percentage: 20,
        max_concurrency: 1,
      }),
      { list: items(2, 5) },
    );
    await d.drain(200);
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.ExceedToleratedFailureThreshold' });
  });
});

it('runs a map nested in a parallel', async () => {
  const d = new EngineDriver();
  const inner = {
    start_task: 'each',
    tasks: [
      {
        name: 'each',
        task_type: 'map',
        items: '{% $states.input.xs %}',
        item_processor: oneTask('double', '{% $states.input * 2 %}'),
      },
    ],
    conditions: [],
  };
  const id = await d.start(
    flowWith({ task_type: 'parallel', branches: [inner, oneTask('plain', '{% $count($states.input.xs) %}')] }),
    { xs: [1, 2, 3] },
  );
  await d.drain(200);
  const parent = await d.execution(id);
  expect(parent.status).toBe('SUCCEEDED');
  expect(parent.state.data).toEqual([[2, 4, 6], 3]);
  // The grandchildren run under their own parent, the branch.
  expect(await d.execution(childExecutionId(childExecutionId(id, 1, 0), 1, 2))).toMatchObject({ status: 'SUCCEEDED' });
});

it('fails with States.DataLimitExceeded when the outputs together are over the state limit', async () => {
  const d = new EngineDriver();
  const id = await d.start(
    flowWith({
      task_type: 'map',
      items: '{% [1..40] %}',
      item_processor: oneTask('big', '{% $join([1..800].("0123456789"), "") %}'),
    }),
  );
  await d.drain(200);
  expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.DataLimitExceeded' });
});

describe('stopping a fan-out', () => {
  const slowItems = (name: string) => ({
    start_task: name,
    tasks: [
      { name, task_type: 'wait', parameters: { seconds: 60 } },
      { name: `${name}_done`, task_type: 'noop' },
    ],
    conditions: [],
  });

  it('stops the running children of a stopped parent and starts no more', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      flowWith({ task_type: 'map', item_processor: slowItems('nap'), max_concurrency: 2, items: '{% [1,2,3,4] %}' }),
    );
    await d.drain();
    // Two children wait; the other two were never started.
    await stopExecution(id, {}, d.deps);
    expect(await d.execution(id)).toMatchObject({ status: 'ABORTED' });
    for (const index of [0, 1])
      expect(await d.execution(childExecutionId(id, 1, index))).toMatchObject({
        status: 'ABORTED',
        reason: 'States.Aborted',
      });
    expect(await d.store.loadExecution(childExecutionId(id, 1, 2))).toBeUndefined();
    expect((await d.fanOuts.load({ parentId: id, seq: 1 }))?.status).toBe('ABORTED');
    // The history shows the map's step as a task that was running, not as a wait.
    const history = await getHistory(id, { limit: 100 }, d.deps);
    const types = history.events.map((e) => e.type);
    expect(types).toContain('TaskStarted');
    expect(types).not.toContain('WaitStarted');
    expect(types.at(-1)).toBe('ExecutionAborted');
    d.advance(120);
    await d.fireTimers();
    await d.drain();
    expect(await d.store.loadExecution(childExecutionId(id, 1, 2))).toBeUndefined();
  });

  it('stops the children of a stopped child too', async () => {
    const d = new EngineDriver();
    const inner = {
      start_task: 'each',
      tasks: [{ name: 'each', task_type: 'map', items: '{% [1,2] %}', item_processor: slowItems('deep') }],
      conditions: [],
    };
    const id = await d.start(flowWith({ task_type: 'parallel', branches: [inner] }));
    await d.drain();
    await stopExecution(id, {}, d.deps);
    const branch = childExecutionId(id, 1, 0);
    expect(await d.execution(branch)).toMatchObject({ status: 'ABORTED' });
    for (const index of [0, 1])
      expect(await d.execution(childExecutionId(branch, 1, index))).toMatchObject({ status: 'ABORTED' });
  });

  it('stops the other branches once one branch fails the parallel', async () => {
    const d = new EngineDriver();
    const failing = {
      start_task: 'boom',
      tasks: [{ name: 'boom', task_type: 'noop', output: '{% $error("branch broke") %}' }],
      conditions: [],
    };
    const id = await d.start(flowWith({ task_type: 'parallel', branches: [slowItems('slow'), failing] }));
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.QueryEvaluationError' });
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ status: 'ABORTED' });
  });
});

describe('recovering a fan-out', () => {
  const mapFlow = flowWith({
    task_type: 'map',
    items: '{% $states.input.xs %}',
    item_processor: oneTask('square', '{% $states.input * $states.input %}'),
  });

  it('hands on again a child whose first step was lost, through the parked parent', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapFlow, { xs: [1, 2, 3] });
    await d.deliver(d.dispatcher.takeOne());
    // Every child's first hand-on is lost.
    expect(d.dispatcher.take()).toHaveLength(3);
    d.advance(120);
    await d.sweep();
    expect(d.dispatcher.pending.map((m) => m.execution_id)).toEqual([id]);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [1, 4, 9] } });
  });

  it('reports for a child whose end was committed but never reported', async () => {
    const d = new EngineDriver();
    const id = await d.start(mapFlow, { xs: [5] });
    await d.deliver(d.dispatcher.takeOne());
    const report = d.fanOuts.report.bind(d.fanOuts);
    d.fanOuts.report = () => Promise.reject(new Error('the invocation died before reporting'));
    await expect(d.deliver(d.dispatcher.takeOne())).rejects.toThrow(/died before reporting/);
    d.fanOuts.report = report;
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ status: 'SUCCEEDED' });
    expect(d.dispatcher.pending).toHaveLength(0);
    d.advance(120);
    await d.sweep();
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [25] } });
  });

  it('counts a child stopped on its own as failed: the map fails with States.Aborted', async () => {
    const d = new EngineDriver();
    const waiting = {
      start_task: 'nap',
      tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
      conditions: [],
    };
    const id = await d.start(flowWith({ task_type: 'map', items: '{% [1, 2] %}', item_processor: waiting }));
    await d.drain();
    await stopExecution(childExecutionId(id, 1, 1), {}, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.Aborted' });
    // The other item was stopped by the failed join.
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ status: 'ABORTED' });
  });
});

it('times a fan-out out after its timeout_seconds: its children are stopped and the state fails with States.Timeout', async () => {
  const d = new EngineDriver();
  const waiting = {
    start_task: 'nap',
    tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 600 } }],
    conditions: [],
  };
  const id = await d.start({
    ...flowWith({}),
    tasks: [
      {
        name: 'fan',
        task_type: 'map',
        items: '{% [1, 2] %}',
        item_processor: waiting,
        timeout_seconds: 30,
        catch: [{ error_equals: ['States.Timeout'], next: 'late' }],
      },
      { name: 'late', task_type: 'noop', output: '{% $states.input.error %}' },
    ],
  });
  await d.drain();
  d.advance(20);
  await d.sweep();
  await d.drain();
  // Still within its time: the sweep's delivery gave the step back.
  expect(await d.execution(id)).toMatchObject({ status: 'RUNNING', cursor: { task: 'fan' } });
  d.advance(20);
  await d.sweep();
  await d.drain();
  expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: 'States.Timeout' } });
  for (const index of [0, 1])
    expect(await d.execution(childExecutionId(id, 1, index))).toMatchObject({ status: 'ABORTED' });
  const steps = await d.steps(id);
  expect(steps[0]).toMatchObject({ task_name: 'fan', status: 'FAILED', error_code: 'States.Timeout' });
  // The fan-out's step spans it, from its start to its timeout.
  expect(Date.parse(steps[0]!.completed_at) - Date.parse(steps[0]!.started_at)).toBe(40_000);
});

it('hands a fan-out with a long timeout_seconds on as any step: its step only opens or gathers it', async () => {
  const d = new EngineDriver();
  const hourLong = {
    start_task: 'inner',
    tasks: [
      { name: 'inner', task_type: 'map', items: '{% [1] %}', timeout_seconds: 3600, item_processor: oneTask('one', 1) },
    ],
    conditions: [],
  };
  const id = await d.start({
    ...flowWith({}),
    tasks: [
      { name: 'fan', task_type: 'noop' },
      { name: 'outer', task_type: 'parallel', timeout_seconds: 7200, branches: [hourLong] },
    ],
    conditions: [
      {
        name: 'then',
        source_task: 'fan',
        outcome: 'success',
        target_task_success: 'outer',
        target_task_failure: 'fail',
      },
    ],
  });
  await d.drain(100);
  expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [[1]] } });
});

it('shows a map whose children run as a running task, not a waiting one (the views and the graph read this)', async () => {
  const d = new EngineDriver();
  const slow = {
    start_task: 'nap',
    tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
    conditions: [],
  };
  const id = await d.start(flowWith({ task_type: 'map', items: '{% [1] %}', item_processor: slow }));
  await d.drain();
  const parent = await d.execution(id);
  expect(taskStatus(parent, 'fan')).toBe('RUNNING');
  expect(waitingUntil(parent)).toBeNull();
});

it("counts a running map's children on the execution's graph, for the console's box", async () => {
  const d = new EngineDriver();
  const id = await d.start(
    flowWith({ task_type: 'map', items: '{% [1, 2, 3] %}', max_concurrency: 1, item_processor: oneTask('one', 1) }),
  );
  await d.deliver(d.dispatcher.takeOne());
  await d.deliver(d.dispatcher.takeOne());
  const graph = await executionGraph(id, 'json', d.deps);
  if (graph.format !== 'json') throw new Error('json asked');
  const fan = graph.body.tasks.find((t) => t.id === 'fan');
  expect(fan).toMatchObject({
    state: 'running',
    fan_out: { counts: { total: 3, succeeded: 1, failed: 0, aborted: 0 } },
  });
});

it('parks the step when a takeover finds the fan-out its dead entry opened, and the fan-out still completes', async () => {
  const d = new EngineDriver();
  const id = await d.start(
    flowWith({ task_type: 'map', items: '{% [1, 2] %}', item_processor: oneTask('one', '{% $states.input %}') }),
  );
  const entry = d.dispatcher.takeOne();
  const deferStep = d.store.deferStep.bind(d.store);
  d.store.deferStep = () => Promise.reject(new Error('the invocation died before parking'));
  await expect(d.deliver(entry)).rejects.toThrow(/died before parking/);
  d.store.deferStep = deferStep;
  // Its lease runs out; the sweep hands the step on; the takeover parks it.
  d.advance(120);
  await d.sweep();
  expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'skipped', reason: 'fan_out_running' });
  expect((await d.execution(id)).cursor).toMatchObject({ wait_started_at: expect.any(String) });
  expect((await d.execution(id)).claim).toBeUndefined();
  d.advance(120);
  await d.sweep();
  await d.drain();
  expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: [1, 2] } });
});
