import { nextTransition, startTransition } from '../../src/engine/next-transition';
import { cond, flowDef } from '../support/flows';

describe('startTransition', () => {
  it('runs start_task as step 1, wherever it stands in the list', () => {
    expect(startTransition(flowDef({ tasks: ['a', 'b', 'c'], start_task: 'b' }))).toMatchObject({
      type: 'run',
      task: 'b',
      seq: 1,
    });
  });
});

describe('nextTransition: a task with a condition', () => {
  const flow = flowDef({ tasks: ['a', 'b', 'c', 'recover'], conditions: [cond('a', 'success', 'c', 'recover')] });

  it('goes to target_task_success when the outcome equals the condition outcome', () => {
    expect(nextTransition(flow, 1, { task: 'a', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'c',
      seq: 2,
    });
  });

  it('goes to target_task_failure when the outcome differs', () => {
    expect(nextTransition(flow, 1, { task: 'a', outcome: 'failure', error: 'x' })).toMatchObject({
      type: 'run',
      task: 'recover',
      seq: 2,
    });
  });

  it('with outcome "failure", a failing task matches and goes to target_task_success', () => {
    const inverted = flowDef({ tasks: ['a', 'b', 'c'], conditions: [cond('a', 'failure', 'c', 'b')] });
    expect(nextTransition(inverted, 1, { task: 'a', outcome: 'failure' })).toMatchObject({
      type: 'run',
      task: 'c',
      seq: 2,
    });
    expect(nextTransition(inverted, 1, { task: 'a', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'b',
      seq: 2,
    });
  });

  it('does not follow the list order, even on success', () => {
    const skipping = flowDef({ tasks: ['a', 'b', 'c'], conditions: [cond('a', 'success', 'c', 'end')] });
    expect(nextTransition(skipping, 1, { task: 'a', outcome: 'success' })).toMatchObject({ task: 'c' });
  });

  it('finishes SUCCEEDED on a target of end after a success', () => {
    const f = flowDef({ tasks: ['a', 'b'], conditions: [cond('a', 'success', 'end', 'b')] });
    expect(nextTransition(f, 1, { task: 'a', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });

  it('finishes FAILED, naming the task and its error, on a target of end after a failure', () => {
    const f = flowDef({ tasks: ['a', 'b'], conditions: [cond('a', 'success', 'b', 'end')] });
    expect(nextTransition(f, 1, { task: 'a', outcome: 'failure', error: 'Connection timeout' })).toEqual({
      type: 'finish',
      status: 'FAILED',
      failed_task: 'a',
      error: 'Connection timeout',
      reason: 'task_failed',
    });
  });

  it('treats a target of end as finish even when a task is named end', () => {
    const f = flowDef({ tasks: ['start', 'end'], conditions: [cond('start', 'success', 'end', 'end')] });
    expect(nextTransition(f, 1, { task: 'start', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });
});

describe('nextTransition: a task without a condition', () => {
  const flow = flowDef({ tasks: ['a', 'b', 'c'] });

  it('goes to the next task in the list on success', () => {
    expect(nextTransition(flow, 1, { task: 'a', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'b',
      seq: 2,
    });
    expect(nextTransition(flow, 2, { task: 'b', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'c',
      seq: 3,
    });
  });

  it('finishes SUCCEEDED after the last task', () => {
    expect(nextTransition(flow, 3, { task: 'c', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });

  it('finishes FAILED on failure, whatever follows it', () => {
    expect(nextTransition(flow, 1, { task: 'a', outcome: 'failure', error: 'boom' })).toMatchObject({
      type: 'finish',
      status: 'FAILED',
      failed_task: 'a',
      error: 'boom',
    });
  });

  it('gives a failure without an error message a default one', () => {
    expect(nextTransition(flow, 1, { task: 'a', outcome: 'failure' })).toMatchObject({ error: "task 'a' failed" });
  });

  it('reaches a task named end by the default order', () => {
    const f = flowDef({ tasks: ['start', 'end'] });
    expect(nextTransition(f, 1, { task: 'start', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'end',
      seq: 2,
    });
    expect(nextTransition(f, 2, { task: 'end', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });
});

describe('nextTransition: the last task decides the final status', () => {
  it('is SUCCEEDED when a recovery task succeeds after an earlier failure', () => {
    const f = flowDef({
      tasks: ['a', 'recover'],
      conditions: [cond('a', 'success', 'end', 'recover'), cond('recover', 'success', 'end', 'end')],
    });
    expect(nextTransition(f, 1, { task: 'a', outcome: 'failure' })).toMatchObject({ type: 'run', task: 'recover' });
    expect(nextTransition(f, 2, { task: 'recover', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });

  it('is FAILED when the recovery task fails', () => {
    const f = flowDef({ tasks: ['a', 'recover'], conditions: [cond('a', 'success', 'end', 'recover')] });
    expect(nextTransition(f, 2, { task: 'recover', outcome: 'failure', error: 'e' })).toMatchObject({
      status: 'FAILED',
      failed_task: 'recover',
    });
  });
});

describe('nextTransition: cycles and max_steps', () => {
  const loop = flowDef({ tasks: ['try', 'done'], max_steps: 3, conditions: [cond('try', 'success', 'done', 'try')] });

  it('allows a failure path to loop back', () => {
    expect(nextTransition(loop, 1, { task: 'try', outcome: 'failure' })).toMatchObject({
      type: 'run',
      task: 'try',
      seq: 2,
    });
    expect(nextTransition(loop, 2, { task: 'try', outcome: 'failure' })).toMatchObject({
      type: 'run',
      task: 'try',
      seq: 3,
    });
  });

  it('fails with max_steps_exceeded instead of running step max_steps + 1', () => {
    const t = nextTransition(loop, 3, { task: 'try', outcome: 'failure' });
    expect(t).toMatchObject({ type: 'finish', status: 'FAILED', reason: 'max_steps_exceeded' });
    expect(t.type === 'finish' && t.error).toMatch(/max_steps \(3\) exceeded/);
  });

  it('runs a step numbered exactly max_steps', () => {
    expect(nextTransition(loop, 2, { task: 'try', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'done',
      seq: 3,
    });
  });

  it('counts every step, not distinct tasks: a success after the limit also exceeds it', () => {
    expect(nextTransition(loop, 3, { task: 'try', outcome: 'success' })).toMatchObject({
      reason: 'max_steps_exceeded',
    });
  });

  it('finishing at exactly max_steps is not an excess', () => {
    const f = flowDef({ tasks: ['a', 'b'], max_steps: 2 });
    expect(nextTransition(f, 2, { task: 'b', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
  });

  it('is deterministic: the same inputs give the same answer', () => {
    const a = nextTransition(loop, 2, { task: 'try', outcome: 'failure' });
    const b = nextTransition(loop, 2, { task: 'try', outcome: 'failure' });
    expect(a).toEqual(b);
  });
});
