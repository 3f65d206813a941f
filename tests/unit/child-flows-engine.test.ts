import type { Execution } from '../../src/domain/execution/execution';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { saveFlow } from '../../src/service/saved-flows';
import { getHistory } from '../../src/service/execution-history';
import { executionGraph } from '../../src/service/execution-graph';
import { describeOnePage } from '../../src/service/execution-queries';
import { executionView } from '../../src/views/execution-view';
import { createExecution } from '../../src/service/execution-lifecycle';
import { LIMITS } from '../../src/domain/limits';
import { EngineDriver } from '../support/engine-driver';

/** A saved flow of one task (`noop` handing on `output`, or `raise_error`). */
async function saveChild(d: EngineDriver, id: string, task: Record<string, unknown>): Promise<void> {
  await saveFlow(
    id,
    { name: id, start_task: 'only', tasks: [{ name: 'only', ...task }], conditions: [] },
    { ...d.deps, flows: d.flows },
  );
}

/** A parent whose `call` task starts a child flow with these parameters; `caught` hands on what it gets. */
const parentFlow = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'parent',
  name: 'Parent',
  start_task: 'call',
  tasks: [
    { name: 'call', task_type: 'start_flow', parameters, ...extra },
    { name: 'caught', task_type: 'noop', output: '{% $states.input %}' },
  ],
  conditions: [],
});

/** Makes the parent's first run hang once it started the child (its first step handed on), as an invocation that dies there. */
function hangAfterFirstStart(d: EngineDriver, parentId: string): () => void {
  const real = d.dispatcher.dispatch.bind(d.dispatcher);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let hung = false;
  d.dispatcher.dispatch = async (message) => {
    await real(message);
    if (!hung && message.execution_id !== parentId) {
      hung = true;
      await gate;
    }
  };
  return release;
}

const started = (e: Execution) => e.state.data as { ExecutionArn: string; StartDate: number; execution_id: string };

describe('start_flow without wait', () => {
  it.each([
    ['while the child still runs', false],
    ['after the child ended', true],
  ])('starts the saved flow once when its step is taken over and run again %s', async (_, childEndsFirst) => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'noop', output: '{% { "doubled": $states.input.n * 2 } %}' });
    const id = await d.start(parentFlow({ flow_id: 'child', input: { n: 4 }, wait: false }));
    const release = hangAfterFirstStart(d, id);
    const hung = d.deliver(d.dispatcher.takeOne());
    for (let i = 0; i < 100 && d.dispatcher.pending.length === 0; i++) await new Promise((r) => setImmediate(r));
    const childStep = d.dispatcher.takeOne();
    expect(childStep.execution_id).not.toBe(id);
    if (childEndsFirst) await d.deliver(childStep);
    // The parent's invocation is presumed dead once its lease is over: the step runs again.
    d.advance(46);
    await d.sweep();
    const again = d.dispatcher.take();
    const parentAgain = again.find((m) => m.execution_id === id)!;
    expect(await d.deliver(parentAgain)).toMatchObject({ outcome: 'ran', status: 'success', attempt: 2 });
    for (const m of again.filter((m) => m !== parentAgain)) await d.deliver(m);
    release();
    expect(await hung).toEqual({ outcome: 'skipped', reason: 'claim_lost' });
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    const result = started(parent);
    expect(result.execution_id).toBe(childStep.execution_id);
    expect(result.ExecutionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:child:${id}-1`);
    expect(result.StartDate).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    // One child only, linked to the step that started it.
    expect((await d.store.list({ limit: 10 })).items.map((e) => e.flow_id).sort()).toEqual(['child', 'parent']);
    expect(await d.execution(result.execution_id)).toMatchObject({
      flow_id: 'child',
      name: `${id}-1`,
      status: 'SUCCEEDED',
      state: { data: { doubled: 8 } },
      started_by: { execution_id: id, seq: 1, task: 'call', depth: 1 },
    });
    // The execution document shows the link.
    const view = executionView(await describeOnePage(await d.execution(result.execution_id), d.deps));
    expect(view.started_by).toEqual({ execution_id: id, seq: 1, task: 'call', depth: 1 });
  });

  it('fails the step with StateMachineDoesNotExist for a computed id of no saved flow, which a catch takes', async () => {
    const d = new EngineDriver();
    const id = await d.start({
      ...parentFlow({}),
      tasks: [
        {
          name: 'call',
          task_type: 'start_flow',
          arguments: { flow_id: "{% 'now' & 'here' %}", wait: false },
          catch: [{ error_equals: ['StateMachineDoesNotExist'], next: 'caught' }],
        },
        parentFlow({}).tasks[1],
      ],
    });
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toMatchObject({
      error: 'StateMachineDoesNotExist',
      cause: "no saved flow has the id 'nowhere'",
    });
  });
});

describe('start_flow with wait', () => {
  it('parks the step until the child ends, then hands on the child’s output (.sync:2)', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'noop', output: '{% { "doubled": $states.input.n * 2 } %}' });
    const id = await d.start(parentFlow({ flow_id: 'child', input: { n: 5 }, wait: true }));
    expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'waiting' });
    const childId = childExecutionId(id, 1, 0);
    const [childStep] = d.dispatcher.take();
    expect(childStep!.execution_id).toBe(childId);
    // A stray copy of the parked step changes nothing and starts nothing twice.
    expect(await d.deliver({ execution_id: id, seq: 1, task: 'call', timeout_seconds: 30 })).toMatchObject({
      outcome: 'skipped',
    });
    expect(d.dispatcher.pending).toEqual([]);
    await d.deliver(childStep!);
    expect(d.dispatcher.pending.map((m) => m.execution_id)).toEqual([id]);
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    expect(parent.state.data).toMatchObject({
      Status: 'SUCCEEDED',
      Output: { doubled: 10 },
      ExecutionArn: `arn:aws:states:us-east-1:123456789012:execution:child:${childId}`,
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
    });
    expect(await d.execution(childId)).toMatchObject({ flow_id: 'child', parent: { execution_id: id, seq: 1 } });
    // The parent's views read its run as they read a fan-out's.
    const history = await getHistory(id, { limit: 100 }, d.deps);
    expect(history.events.map((e) => e.type)).toContain('ExecutionSucceeded');
    const view = executionView(await describeOnePage(parent, d.deps));
    expect(view.status).toBe('SUCCEEDED');
    expect(await executionGraph(id, 'json', d.deps)).toMatchObject({ format: 'json' });
  });

  it('gives the Output as JSON text with output_format string (.sync)', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'noop', output: { ok: true } });
    const id = await d.start(parentFlow({ flow_id: 'child', wait: true, output_format: 'string' }));
    await d.drain();
    expect((await d.execution(id)).state.data).toMatchObject({ Status: 'SUCCEEDED', Output: '{"ok":true}' });
  });

  it('fails with States.TaskFailed carrying the child’s error and cause, which the parent’s catch takes', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'raise_error', parameters: { error: 'Boom', cause: 'it broke' } });
    const id = await d.start(
      parentFlow(
        { flow_id: 'child', wait: true },
        { catch: [{ error_equals: ['States.TaskFailed'], next: 'caught' }] },
      ),
    );
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    const caught = parent.state.data as { error: string; cause: string };
    expect(caught.error).toBe('States.TaskFailed');
    expect(JSON.parse(caught.cause)).toMatchObject({ Status: 'FAILED', Error: 'Boom', Cause: 'it broke' });
  });

  it('times the child out by its own flow’s timeout_seconds, failing the task with the child’s States.Timeout', async () => {
    const d = new EngineDriver();
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
    const id = await d.start(
      parentFlow({ flow_id: 'slow', wait: true }, { catch: [{ error_equals: ['States.TaskFailed'], next: 'caught' }] }),
    );
    await d.drain();
    const childId = childExecutionId(id, 1, 0);
    expect(await d.execution(childId)).toMatchObject({ status: 'RUNNING', timeout_seconds: 10 });
    d.advance(11);
    await d.fireTimers();
    await d.drain();
    expect(await d.execution(childId)).toMatchObject({ status: 'TIMED_OUT' });
    const parent = await d.execution(id);
    expect(parent.status).toBe('SUCCEEDED');
    const caught = parent.state.data as { error: string; cause: string };
    expect(caught.error).toBe('States.TaskFailed');
    expect(JSON.parse(caught.cause)).toMatchObject({ Status: 'TIMED_OUT', Error: 'States.Timeout' });
  });

  it('runs a new child when the parent that a failed child failed is redriven', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'raise_error', parameters: { error: 'Boom' } });
    const id = await d.start(parentFlow({ flow_id: 'child', wait: true }));
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'States.TaskFailed' });
    const redriven = await redriveExecution(id, d.deps);
    await d.drain();
    const seq = redriven.cursor!.seq;
    expect(seq).toBeGreaterThan(1);
    expect(await d.execution(childExecutionId(id, seq, 0))).toMatchObject({ status: 'FAILED', reason: 'Boom' });
    expect(await d.execution(childExecutionId(id, 1, 0))).toMatchObject({ status: 'FAILED' });
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', redrive_count: 1 });
  });

  it('stops the child when the parent is stopped', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'wait', parameters: { seconds: 3600 } });
    const id = await d.start(parentFlow({ flow_id: 'child', wait: true }));
    await d.drain();
    const childId = childExecutionId(id, 1, 0);
    expect(await d.execution(childId)).toMatchObject({ status: 'RUNNING' });
    await stopExecution(id, {}, d.deps);
    expect(await d.execution(id)).toMatchObject({ status: 'ABORTED' });
    expect(await d.execution(childId)).toMatchObject({ status: 'ABORTED' });
    d.advance(3600);
    await d.fireTimers();
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'ABORTED' });
  });

  it('fails without starting anything past the nesting limit, or with an input that is not an object', async () => {
    const d = new EngineDriver();
    await saveChild(d, 'child', { task_type: 'noop', output: 1 });
    const deep = await createExecution(
      { ...parentFlow({ flow_id: 'child', wait: true }), input: {} },
      { start: true, startedBy: { execution_id: 'above', seq: 1, task: 'call', depth: LIMITS.maxChildFlowDepth } },
      d.deps,
    );
    const scalar = await d.start(parentFlow({ flow_id: 'child', wait: false, input: [1, 2] }));
    await d.drain();
    expect(await d.execution(deep.execution.execution_id)).toMatchObject({
      status: 'FAILED',
      reason: 'States.TaskFailed',
      error: expect.stringContaining(`at most ${LIMITS.maxChildFlowDepth}`),
    });
    expect(await d.execution(scalar)).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining("the child flow's input"),
    });
    expect((await d.store.list({ limit: 10 })).items.map((e) => e.flow_id)).toEqual(['parent', 'parent']);
    expect(await d.fanOuts.load({ parentId: deep.execution.execution_id, seq: 1 })).toBeUndefined();
  });
});
