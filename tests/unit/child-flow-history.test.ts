import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { saveFlow } from '../../src/service/saved-flows';
import { sendTaskSuccess } from '../../src/service/task-callbacks';
import { childFlowEvents } from '../../src/views/child-flow-history';
import { MAX_DETAIL_TEXT } from '../../src/views/history-detail';
import { headEvents, type HistoryEvent, stepEvents } from '../../src/views/history-view';
import { EngineDriver } from '../support/engine-driver';

/** A `start_flow` step's child in its parent's history (docs/child-flows.md, "In the parent's history"). */

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'p1',
    flow_id: 'parent',
    flow_name: 'Parent',
    definition_hash: 'h',
    status: 'RUNNING',
    created_at: iso(0),
    started_at: iso(0),
    attempts: 1,
    steps_recorded: 0,
    max_steps: 100,
    state: { input: {}, results: new Map() },
    progress: new Map(),
    ...partial,
  };
}

/** A waited child of the parent's step 1, as its head is in these states. */
const waitedChild = (partial: Partial<Execution> = {}): Execution =>
  head({
    execution_id: childExecutionId('p1', 1, 0),
    flow_id: 'child',
    flow_version: 3,
    started_at: iso(1000),
    parent: { execution_id: 'p1', seq: 1, index: 0, slot: 0, generation: 0 },
    ...partial,
  });

const flow: FlowDefinition = {
  id: 'parent',
  name: 'Parent',
  start_task: 'call',
  max_steps: 100,
  tasks: [{ name: 'call', task_type: 'start_flow', parameters: { flow_id: 'child', wait: true } }],
  conditions: [],
};

const parked = { seq: 1, task: 'call', timeout_seconds: 30, wait_started_at: iso(500) };
const shortly = (events: readonly HistoryEvent[]) => events.map((e) => [e.id, e.type]);

describe("a child's events, from its head", () => {
  it('tells a waited child that succeeded by its start and end, with its flow and version', () => {
    const child = waitedChild({ status: 'SUCCEEDED', completed_at: iso(4000) });
    expect(childFlowEvents({ child, waited: true })).toEqual([
      {
        type: 'ChildExecutionStarted',
        time: iso(1000),
        detail: { child_execution_id: 'p1.1.0', flow_id: 'child', flow_version: 3, wait: true },
      },
      { type: 'ChildExecutionSucceeded', time: iso(4000), detail: { child_execution_id: 'p1.1.0' } },
    ]);
  });

  it.each([
    ['FAILED', 'ChildExecutionFailed', 'Boom'],
    ['TIMED_OUT', 'ChildExecutionTimedOut', 'States.Timeout'],
    ['ABORTED', 'ChildExecutionAborted', 'States.Aborted'],
  ] as const)('ends a waited child %s with %s, its error and its cause cut', (status, type, reason) => {
    const child = waitedChild({ status, completed_at: iso(4000), reason, error: 'é'.repeat(400) });
    const [, end] = childFlowEvents({ child, waited: true });
    expect(end).toEqual({
      type,
      time: iso(4000),
      detail: { child_execution_id: 'p1.1.0', error: reason, cause: expect.any(String) },
    });
    const cause = end!.detail.cause as string;
    expect(Buffer.byteLength(cause)).toBeLessThanOrEqual(MAX_DETAIL_TEXT);
    expect(cause.startsWith('éé')).toBe(true);
  });

  it('tells only the start of a child that still runs, or of one started without waiting', () => {
    expect(childFlowEvents({ child: waitedChild(), waited: true }).map((e) => e.type)).toEqual([
      'ChildExecutionStarted',
    ]);
    const detached = head({ execution_id: 'c9', flow_id: 'child', status: 'FAILED', completed_at: iso(9000) });
    expect(childFlowEvents({ child: detached, waited: false })).toEqual([
      {
        type: 'ChildExecutionStarted',
        time: iso(0),
        detail: { child_execution_id: 'c9', flow_id: 'child', wait: false },
      },
    ]);
  });
});

describe("a start_flow step's events", () => {
  const record: StepRecord = {
    seq: 1,
    task_name: 'call',
    task_type: 'start_flow',
    status: 'SUCCEEDED',
    attempt: 1,
    started_at: iso(500),
    completed_at: iso(4100),
    duration_ms: 3600,
    next: { type: 'finish', status: 'SUCCEEDED' },
  };

  it("put the child's start and end between the task's start and end", () => {
    const child = waitedChild({ status: 'SUCCEEDED', completed_at: iso(4000) });
    const events = stepEvents(record, flow, { done: true }, undefined, { child, waited: true });
    expect(shortly(events)).toEqual([
      [11, 'TaskStarted'],
      [12, 'ChildExecutionStarted'],
      [13, 'ChildExecutionSucceeded'],
      [14, 'TaskSucceeded'],
      [15, 'ExecutionSucceeded'],
    ]);
    expect(events[1]).toMatchObject({ task: 'call', step: 1, time: iso(1000) });
  });

  it('of a parent parked while its child runs: the task started and the child with it, no wait', () => {
    const parent = head({ cursor: parked });
    const child = waitedChild();
    expect(headEvents(parent, flow, undefined, { child, waited: true })).toEqual([
      {
        id: 11,
        type: 'TaskStarted',
        time: iso(500),
        task: 'call',
        step: 1,
        detail: { task_type: 'start_flow', attempt: 1 },
      },
      {
        id: 12,
        type: 'ChildExecutionStarted',
        time: iso(1000),
        task: 'call',
        step: 1,
        detail: { child_execution_id: 'p1.1.0', flow_id: 'child', flow_version: 3, wait: true },
      },
    ]);
    // Before its child was put, the task's start alone.
    expect(shortly(headEvents(parent, flow))).toEqual([[11, 'TaskStarted']]);
  });

  it('of a parent waiting for the callback of the child it started: the wait, then the child', () => {
    const callbackFlow: FlowDefinition = {
      ...flow,
      tasks: [{ name: 'call', task_type: 'start_flow', wait_for_callback: true, parameters: { flow_id: 'child' } }],
    };
    const callback = { token: 'tok', attempt: 1, started_at: iso(500), due_at: iso(60_000), timeout_at: iso(60_000) };
    const parent = head({ cursor: { seq: 1, task: 'call', timeout_seconds: 30, callback } });
    const child = head({ execution_id: 'p1-1', flow_id: 'child', started_at: iso(700) });
    const events = headEvents(parent, callbackFlow, undefined, { child, waited: false });
    expect(shortly(events)).toEqual([
      [11, 'TaskStarted'],
      [12, 'TaskWaitingForCallback'],
      [13, 'ChildExecutionStarted'],
    ]);
    expect(events[2]).toMatchObject({
      time: iso(700),
      task: 'call',
      step: 1,
      detail: { child_execution_id: 'p1-1', flow_id: 'child', wait: false },
    });
  });

  it('of a parent stopped while its child ran: the child aborted with it, then the stop', () => {
    const parent = head({ status: 'ABORTED', attempts: 1, completed_at: iso(6000), cursor: parked });
    const child = waitedChild({ status: 'ABORTED', completed_at: iso(6000), reason: 'States.Aborted' });
    expect(shortly(headEvents(parent, flow, undefined, { child, waited: true }))).toEqual([
      [11, 'TaskStarted'],
      [12, 'ChildExecutionStarted'],
      [13, 'ChildExecutionAborted'],
      [19, 'ExecutionAborted'],
    ]);
  });
});

/** A saved flow of one task. */
async function saveChild(d: EngineDriver, id: string, task: Record<string, unknown>): Promise<void> {
  await saveFlow(
    id,
    { name: id, start_task: 'only', tasks: [{ name: 'only', ...task }], conditions: [] },
    { ...d.deps, flows: d.flows },
  );
}

/** A parent of `start_flow` tasks run one after the other, each with these parameters (and these fields), then `caught`. */
const parentOf = (...calls: Array<[parameters: Record<string, unknown>, extra?: Record<string, unknown>]>) => ({
  id: 'parent',
  name: 'Parent',
  start_task: 'call0',
  tasks: [
    ...calls.map(([parameters, extra], k) => ({
      name: `call${k}`,
      task_type: 'start_flow',
      parameters,
      ...extra,
    })),
    { name: 'caught', task_type: 'noop' },
  ],
  conditions: [],
});

const childTypes = (events: readonly HistoryEvent[]) => events.filter((e) => e.type.startsWith('Child'));

describe("the parent's history on the engine", () => {
  it("tells a waited child's start and success, and a detached child's start, reading one head per such step", async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'noop', output: { ok: true } });
    const id = await d.start(parentOf([{ flow_id: 'child', wait: true }], [{ flow_id: 'child', wait: false }]));
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    const waited = await d.execution(childExecutionId(id, 1, 0));
    const detachedId = ((await d.steps(id))[1]!.output as { execution_id: string }).execution_id;
    const detached = await d.execution(detachedId);

    const reads = jest.spyOn(d.store, 'loadExecution');
    const { events } = await getHistory(id, { limit: 100 }, d.deps);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'ChildExecutionStarted',
      'ChildExecutionSucceeded',
      'TaskSucceeded',
      'TaskStarted',
      'ChildExecutionStarted',
      'TaskSucceeded',
      'TaskStarted',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(childTypes(events)).toEqual([
      {
        id: 12,
        type: 'ChildExecutionStarted',
        time: waited.started_at,
        task: 'call0',
        step: 1,
        detail: { child_execution_id: waited.execution_id, flow_id: 'child', flow_version: 1, wait: true },
      },
      {
        id: 13,
        type: 'ChildExecutionSucceeded',
        time: waited.completed_at,
        task: 'call0',
        step: 1,
        detail: { child_execution_id: waited.execution_id },
      },
      {
        id: 22,
        type: 'ChildExecutionStarted',
        time: detached.started_at,
        task: 'call1',
        step: 2,
        detail: { child_execution_id: detachedId, flow_id: 'child', flow_version: 1, wait: false },
      },
    ]);
    // The parent's head, then one head per start_flow step of the page.
    expect(reads.mock.calls.map(([read]) => read)).toEqual([id, waited.execution_id, detachedId]);

    // Paged, each page reads only the children of its own steps, and the events are the same.
    const first = await getHistory(id, { limit: 5 }, d.deps);
    reads.mockClear();
    const rest = await getHistory(id, { limit: 100, nextToken: first.nextToken! }, d.deps);
    expect([...first.events, ...rest.events]).toEqual(events);
    expect(rest.events[0]).toMatchObject({ id: 21, type: 'TaskStarted' });
    expect(reads.mock.calls.map(([read]) => read)).toEqual([id, detachedId]);
  });

  it('tells a waited child that failed or timed out, with its error and cause', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'breaker', { task_type: 'raise_error', parameters: { error: 'Boom', cause: 'it broke' } });
    await saveFlow(
      'slow',
      {
        name: 'slow',
        timeout_seconds: 10,
        start_task: 'only',
        tasks: [{ name: 'only', task_type: 'wait', parameters: { seconds: 3600 } }],
        conditions: [],
      },
      { ...d.deps, flows: d.flows },
    );
    const caught = { catch: [{ error_equals: ['States.ALL'], next: 'caught' }] };
    const broken = await d.start(parentOf([{ flow_id: 'breaker', wait: true }, caught]));
    const slow = await d.start(parentOf([{ flow_id: 'slow', wait: true }, caught]));
    await d.drain();
    d.advance(11);
    await d.fireTimers();
    await d.drain();
    const ended = async (id: string) => childTypes((await getHistory(id, { limit: 100 }, d.deps)).events)[1];
    expect(await ended(broken)).toMatchObject({
      id: 13,
      type: 'ChildExecutionFailed',
      detail: { child_execution_id: childExecutionId(broken, 1, 0), error: 'Boom', cause: 'it broke' },
    });
    expect(await ended(slow)).toMatchObject({
      id: 13,
      type: 'ChildExecutionTimedOut',
      detail: { child_execution_id: childExecutionId(slow, 1, 0), error: 'States.Timeout' },
    });
  });

  it('tells the child of a parent waiting on it, stopped with it, and still after a redrive', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'sleeper', { task_type: 'wait', parameters: { seconds: 3600 } });
    const id = await d.start(parentOf([{ flow_id: 'sleeper', wait: true }]));
    await d.drain();
    const childId = childExecutionId(id, 1, 0);
    const running = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(running.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStarted', 'ChildExecutionStarted']);
    expect(running[2]!.detail).toMatchObject({ child_execution_id: childId, wait: true });

    await stopExecution(id, { error: 'Operator.Stopped' }, d.deps);
    const stopped = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(shortly(stopped)).toEqual([
      [0, 'ExecutionStarted'],
      [11, 'TaskStarted'],
      [12, 'ChildExecutionStarted'],
      [13, 'ChildExecutionAborted'],
      [19, 'ExecutionAborted'],
    ]);
    expect(stopped[3]!.detail).toMatchObject({ child_execution_id: childId, error: 'States.Aborted' });

    // The redrive records the interrupted step: its record tells the same child.
    await redriveExecution(id, d.deps);
    await d.drain();
    const redriven = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(redriven.slice(0, 5).map((e) => [e.type, e.detail?.child_execution_id])).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStarted', undefined],
      ['ChildExecutionStarted', childId],
      ['ChildExecutionAborted', childId],
      ['TaskFailed', undefined],
    ]);
    expect(childTypes(redriven).slice(2)).toEqual([
      expect.objectContaining({
        type: 'ChildExecutionStarted',
        step: 2,
        detail: expect.objectContaining({ child_execution_id: childExecutionId(id, 2, 0) }),
      }),
    ]);
  });

  it('tells no child for a start that failed before starting one', async () => {
    const d = new EngineDriver();
    const id = await d.start({
      ...parentOf([{}]),
      tasks: [{ name: 'call0', task_type: 'start_flow', arguments: { flow_id: "{% 'no' & 'where' %}", wait: true } }],
    });
    await d.drain();
    const { events } = await getHistory(id, { limit: 100 }, d.deps);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect((await d.execution(id)).error).toContain("no saved flow has the id 'nowhere'");
  });
});

describe("the parent's history of a start that waits for a callback", () => {
  /** A saved child that waits until someone answers it, holding the token it was given. */
  const saveWorker = (d: EngineDriver) => saveChild(d, 'worker', { task_type: 'callback' });
  const delegating = (extra: Record<string, unknown> = {}) => ({
    ...parentOf([{}]),
    tasks: [
      {
        name: 'call0',
        task_type: 'start_flow',
        wait_for_callback: true,
        arguments: { flow_id: 'worker', input: { parent_token: '{% $states.context.Task.Token %}' }, ...extra },
      },
    ],
  });
  const tokenOf = (child: Execution) => (child.state.input as { parent_token: string }).parent_token;

  it('tells the child by its start name, read through the name, while waiting and once answered', async () => {
    const d = new EngineDriver();
    await saveWorker(d);
    const id = await d.start(delegating());
    await d.drain();
    const child = (await d.store.nameHolder(`${id}-1`, iso(0)))!.execution!;
    expect(child.started_by).toMatchObject({ execution_id: id, seq: 1 });

    const byName = jest.spyOn(d.store, 'nameHolder');
    const byKey = jest.spyOn(d.store, 'loadExecution');
    const waiting = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(shortly(waiting)).toEqual([
      [0, 'ExecutionStarted'],
      [11, 'TaskStarted'],
      [12, 'TaskWaitingForCallback'],
      [13, 'ChildExecutionStarted'],
    ]);
    expect(waiting[3]).toMatchObject({
      time: child.started_at,
      task: 'call0',
      step: 1,
      detail: { child_execution_id: child.execution_id, flow_id: 'worker', flow_version: 1, wait: false },
    });
    expect(byName.mock.calls.map(([name]) => name)).toEqual([`${id}-1`]);
    expect(byKey.mock.calls.map(([read]) => read)).toEqual([id]);

    await sendTaskSuccess(tokenOf(child), { done: true }, d.deps);
    await d.drain();
    // The step's result is the callback's output: the child is found by its name all the same.
    expect((await d.steps(id))[0]!.output).toEqual({ done: true });
    byName.mockClear();
    byKey.mockClear();
    const answered = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(shortly(answered)).toEqual([
      [0, 'ExecutionStarted'],
      [11, 'TaskStarted'],
      [12, 'TaskWaitingForCallback'],
      [13, 'ChildExecutionStarted'],
      [14, 'TaskSucceeded'],
      [15, 'ExecutionSucceeded'],
    ]);
    expect(answered[3]!.detail).toMatchObject({ child_execution_id: child.execution_id, wait: false });
    expect(byName.mock.calls.map(([name]) => name)).toEqual([`${id}-1`]);
    expect(byKey.mock.calls.map(([read]) => read)).toEqual([id]);
  });

  it('tells the child of a parent stopped while it waited, before the stop', async () => {
    const d = new EngineDriver();
    await saveWorker(d);
    const id = await d.start(delegating());
    await d.drain();
    await stopExecution(id, { error: 'Operator.Stopped' }, d.deps);
    const stopped = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(shortly(stopped)).toEqual([
      [0, 'ExecutionStarted'],
      [11, 'TaskStarted'],
      [12, 'TaskWaitingForCallback'],
      [13, 'ChildExecutionStarted'],
      [19, 'ExecutionAborted'],
    ]);
    const child = (await d.store.nameHolder(`${id}-1`, iso(0)))!.execution!;
    expect(stopped[3]!.detail).toMatchObject({ child_execution_id: child.execution_id, wait: false });
  });

  it('finds a child started under the name the task writes out, and none under a name another execution holds', async () => {
    const d = new EngineDriver();
    await saveWorker(d);
    const named = await d.start(delegating({ name: 'the-worker' }));
    await d.drain();
    const child = (await d.store.nameHolder('the-worker', iso(0)))!.execution!;
    expect(childTypes((await getHistory(named, { limit: 100 }, d.deps)).events)).toEqual([
      expect.objectContaining({
        type: 'ChildExecutionStarted',
        detail: expect.objectContaining({ child_execution_id: child.execution_id }),
      }),
    ]);

    // The name is held by a child of another parent: this step's start failed, and no child is its.
    const [start] = delegating({ name: 'the-worker' }).tasks;
    const taken = await d.start({
      ...parentOf([{}]),
      tasks: [
        { ...start, catch: [{ error_equals: ['States.ALL'], next: 'caught' }] },
        { name: 'caught', task_type: 'noop' },
      ],
    });
    await d.drain();
    const events = (await getHistory(taken, { limit: 100 }, d.deps)).events;
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskWaitingForCallback',
      'TaskFailed',
      'CatchTaken',
      'TaskStarted',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(events[3]!.detail).toMatchObject({ error_code: 'ExecutionAlreadyExists' });
  });
});
