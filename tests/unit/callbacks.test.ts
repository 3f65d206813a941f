import { TaskCallbackError, ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { parseTaskToken } from '../../src/domain/execution/task-token';
import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from '../../src/service/task-callbacks';
import { EngineDriver, scriptedFlow } from '../support/engine-driver';

/** A flow whose first task waits for a callback: a `callback` task unless `task` says otherwise. */
const callbackFlow = (task: Record<string, unknown> = {}, after: Array<Record<string, unknown>> = []) => ({
  id: 'callbacks',
  name: 'callbacks',
  start_task: 'approve',
  tasks: [{ name: 'approve', task_type: 'callback', ...task }, ...after],
  conditions: [],
});

/** Runs the execution until it waits (or ends), and answers the token its cursor waits with. */
async function waitingToken(driver: EngineDriver, id: string): Promise<string> {
  await driver.drain();
  const token = (await driver.execution(id)).cursor?.callback?.token;
  if (!token) throw new Error('the step does not wait for a callback');
  return token;
}

/** The callback error `work` throws: its code and status. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; status: number }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskCallbackError)) throw new Error(`expected a callback error, got ${String(error)}`);
  return { code: error.code, status: error.status };
}

describe('a task waiting for a callback', () => {
  it('waits durably with an unguessable token bound to its execution, step and attempt, and takes the output as its result', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow({}, []));
    const [report] = await driver.drain();
    expect(report).toEqual({ outcome: 'waiting' });
    const head = await driver.execution(id);
    expect(head.status).toBe('RUNNING');
    // Nothing holds the step: no claim, nothing to deliver, and it sits in the timers' index.
    expect(head.claim).toBeUndefined();
    expect(driver.dispatcher.pending).toHaveLength(0);
    const token = head.cursor!.callback!.token;
    expect(parseTaskToken(token)).toEqual({ executionId: id, seq: 1, attempt: 1, secret: expect.any(String) });
    expect(Buffer.from(parseTaskToken(token)!.secret, 'base64url')).toHaveLength(32);
    // Another execution's token differs in its secret, not only in its id.
    const other = await driver.start(callbackFlow());
    const otherToken = await waitingToken(driver, other);
    expect(parseTaskToken(otherToken)!.secret).not.toBe(parseTaskToken(token)!.secret);

    await sendTaskSuccess(token, { approved: true }, driver.deps);
    expect(driver.dispatcher.pending).toHaveLength(1);
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.results.get('approve')).toEqual({ approved: true });
    const [step] = await driver.steps(id);
    expect(step).toMatchObject({ status: 'SUCCEEDED', task_token: token, task_type: 'callback' });
  });

  it('runs a wait_for_callback body once, with the token, and ignores its result', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ task_type: 'scripted', wait_for_callback: true }, [{ name: 'next', task_type: 'noop' }]),
    );
    const token = await waitingToken(driver, id);
    expect(driver.bodies.taskTokens.get(`${id}#1`)).toEqual([token]);
    await sendTaskSuccess(token, 'from outside', driver.deps);
    await driver.drain();
    expect((await driver.execution(id)).state.results.get('approve')).toBe('from outside');
    expect(driver.bodies.count(id, 1)).toBe(1);
  });

  it('takes a callback that comes while its body still runs, and completes at once', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow({ task_type: 'scripted', wait_for_callback: true }));
    const release = driver.hold(id, 1);
    const running = driver.deliver(driver.dispatcher.takeOne());
    // The body has the token before it returns: the wait is on the head already.
    for (let i = 0; i < 100 && !driver.bodies.taskTokens.has(`${id}#1`); i++) await new Promise((r) => setImmediate(r));
    const token = driver.bodies.taskTokens.get(`${id}#1`)![0]!;
    expect((await driver.execution(id)).cursor?.callback?.token).toBe(token);
    await sendTaskSuccess(token, { early: true }, driver.deps);
    release();
    await running;
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.results.get('approve')).toEqual({ early: true });
    expect(driver.bodies.count(id, 1)).toBe(1);
  });

  it('changes nothing on a duplicated or late callback (TaskTimedOut), and runs no step twice', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow({}, []));
    const token = await waitingToken(driver, id);
    await sendTaskSuccess(token, { first: true }, driver.deps);
    // The duplicate comes before the step ran, and after: both are refused.
    expect(await refusal(sendTaskSuccess(token, { second: true }, driver.deps))).toEqual({
      code: 'TaskTimedOut',
      status: 409,
    });
    expect(await refusal(sendTaskFailure(token, { error: 'Late' }, driver.deps))).toMatchObject({
      code: 'TaskTimedOut',
    });
    const message = driver.dispatcher.takeOne();
    await driver.deliver(message);
    // A duplicated hand-on of the step is a no-op.
    expect(await driver.deliver(message)).toMatchObject({ outcome: 'skipped' });
    expect(await refusal(sendTaskSuccess(token, { late: true }, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    expect(await refusal(sendTaskHeartbeat(token, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.results.get('approve')).toEqual({ first: true });
    expect(await driver.steps(id)).toHaveLength(1);
  });

  it('counts a callback write the SDK sent again after its answer was lost as taken', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow());
    const token = await waitingToken(driver, id);
    const complete = driver.store.completeCallback.bind(driver.store);
    // The write applies, its answer is lost, and the retry meets the write it made itself.
    driver.store.completeCallback = async (write) => {
      await complete(write);
      return complete(write);
    };
    await expect(sendTaskSuccess(token, { once: true }, driver.deps)).resolves.toBeUndefined();
    expect(driver.dispatcher.pending).toHaveLength(1);
    // Another request is a duplicate all the same.
    expect(await refusal(sendTaskSuccess(token, { twice: true }, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    await driver.drain();
    expect((await driver.execution(id)).state.results.get('approve')).toEqual({ once: true });
  });

  it('fails the step with the callback error name: a catcher takes it', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ catch: [{ error_equals: ['Rejected'], next: 'rejected' }] }, [
        { name: 'rejected', task_type: 'noop' },
      ]),
    );
    const token = await waitingToken(driver, id);
    await sendTaskFailure(token, { error: 'Rejected', cause: 'not approved' }, driver.deps);
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    const [failed, caught] = await driver.steps(id);
    expect(failed).toMatchObject({ status: 'FAILED', error_code: 'Rejected', error: 'not approved' });
    expect(caught).toMatchObject({ task_name: 'rejected', status: 'SUCCEEDED' });
  });

  it('runs a retried task again with a new token; the old one is then refused', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ retry: [{ error_equals: ['Busy'], interval_seconds: 1, max_attempts: 1 }] }),
    );
    const first = await waitingToken(driver, id);
    await sendTaskFailure(first, { error: 'Busy' }, driver.deps);
    await driver.drain();
    driver.advance(2);
    await driver.fireTimers();
    const second = await waitingToken(driver, id);
    expect(second).not.toBe(first);
    expect(parseTaskToken(second)).toMatchObject({ seq: 2 });
    expect(await refusal(sendTaskSuccess(first, {}, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    await sendTaskSuccess(second, { ok: 2 }, driver.deps);
    await driver.drain();
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
  });

  it('fails with States.HeartbeatTimeout when heartbeats stop, and not before', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ heartbeat_seconds: 10, callback_timeout_seconds: 100 }, [{ name: 'late', task_type: 'noop' }]),
    );
    const token = await waitingToken(driver, id);
    driver.advance(8);
    await sendTaskHeartbeat(token, driver.deps);
    driver.advance(8);
    // 16 s after the start, 8 after the heartbeat: nothing is due.
    expect((await driver.fireTimers()).fired).toBe(0);
    await sendTaskHeartbeat(token, driver.deps);
    driver.advance(11);
    expect(await refusal(sendTaskHeartbeat(token, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    expect((await driver.fireTimers()).fired).toBe(1);
    await driver.drain();
    const done = await driver.execution(id);
    expect(done).toMatchObject({ status: 'FAILED', reason: 'States.HeartbeatTimeout' });
    expect(await refusal(sendTaskSuccess(token, {}, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
  });

  it('fails with States.Timeout after callback_timeout_seconds: catchable, and the late callback is refused', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ callback_timeout_seconds: 30, catch: [{ error_equals: ['States.Timeout'], next: 'gave_up' }] }, [
        { name: 'gave_up', task_type: 'noop' },
      ]),
    );
    const token = await waitingToken(driver, id);
    driver.advance(29);
    expect((await driver.fireTimers()).fired).toBe(0);
    driver.advance(2);
    // Past its time and not yet handed on: refused all the same.
    expect(await refusal(sendTaskSuccess(token, {}, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    await driver.fireTimers();
    await driver.drain();
    const [timedOut, caught] = await driver.steps(id);
    expect(timedOut).toMatchObject({ status: 'FAILED', error_code: 'timeout' });
    expect(caught).toMatchObject({ task_name: 'gave_up' });
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
  });

  it('retries a heartbeat timeout like any failure', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({
        heartbeat_seconds: 5,
        retry: [{ error_equals: ['States.HeartbeatTimeout'], interval_seconds: 1, max_attempts: 1 }],
      }),
    );
    const first = await waitingToken(driver, id);
    driver.advance(6);
    await driver.fireTimers();
    await driver.drain();
    driver.advance(2);
    await driver.fireTimers();
    const second = await waitingToken(driver, id);
    expect(second).not.toBe(first);
    await sendTaskSuccess(second, 'done', driver.deps);
    await driver.drain();
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
  });

  it('refuses a callback after a stop, and tells tokens it never issued apart', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow());
    const token = await waitingToken(driver, id);
    const forged = token.slice(0, -43) + 'A'.repeat(43);
    expect(await refusal(sendTaskSuccess(forged, {}, driver.deps))).toEqual({ code: 'TaskDoesNotExist', status: 404 });
    expect(await refusal(sendTaskSuccess('not-a-token', {}, driver.deps))).toEqual({
      code: 'InvalidToken',
      status: 400,
    });
    const elsewhere = token.replace(/^ft1\.[^.]+/, `ft1.${Buffer.from('no-such-execution').toString('base64url')}`);
    expect(await refusal(sendTaskSuccess(elsewhere, {}, driver.deps))).toMatchObject({ code: 'TaskDoesNotExist' });
    expect(await refusal(sendTaskSuccess(token, 'x'.repeat(70_000), driver.deps))).toEqual({
      code: 'InvalidOutput',
      status: 400,
    });
    await stopExecution(id, {}, driver.deps);
    expect(await refusal(sendTaskSuccess(token, {}, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    expect(await refusal(sendTaskHeartbeat(token, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    expect((await driver.execution(id)).status).toBe('ABORTED');
    expect(driver.dispatcher.pending).toHaveLength(0);
  });

  it('gives the token to expressions as $states.context.Task.Token', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(
      callbackFlow({ output: "{% {'token': $states.context.Task.Token, 'answer': $states.result} %}" }),
    );
    const token = await waitingToken(driver, id);
    await sendTaskSuccess(token, 42, driver.deps);
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.state.results.get('approve')).toBe(42);
    // What the task hands on: its output, read with the token.
    expect(done.state.data).toEqual({ token, answer: 42 });
  });

  it('hands the step on through the timers when the invoke after a callback was lost', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow());
    const token = await waitingToken(driver, id);
    await sendTaskSuccess(token, 'kept', driver.deps);
    driver.dispatcher.take();
    // The callback made the step due: the timers hand it on.
    expect((await driver.fireTimers()).fired).toBe(1);
    await driver.drain();
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
  });
});

describe('the history of a callback task', () => {
  it('tells TaskWaitingForCallback with the token while it waits, and after', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow());
    const token = await waitingToken(driver, id);
    const waiting = (await getHistory(id, { limit: 100 }, driver.deps)).events;
    expect(waiting.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStarted', 'TaskWaitingForCallback']);
    expect(waiting[2]!.detail).toMatchObject({ task_token: token });
    await sendTaskSuccess(token, {}, driver.deps);
    await driver.drain();
    const done = (await getHistory(id, { limit: 100 }, driver.deps)).events;
    expect(done.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskWaitingForCallback',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(done[2]!.detail).toEqual({ task_token: token });
  });
});

describe('a stop and a redrive of a callback wait', () => {
  it('closes the stopped wait, and runs the task again with a new token; the old one stays refused', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(callbackFlow({ task_type: 'scripted', wait_for_callback: true }));
    const first = await waitingToken(driver, id);
    await stopExecution(id, { cause: 'maintenance' }, driver.deps);
    const stoppedHistory = (await getHistory(id, { limit: 100 }, driver.deps)).events.map((e) => e.type);
    expect(stoppedHistory).toEqual(['ExecutionStarted', 'TaskStarted', 'TaskWaitingForCallback', 'ExecutionAborted']);
    await redriveExecution(id, driver.deps);
    const second = await waitingToken(driver, id);
    expect(parseTaskToken(second)).toMatchObject({ seq: 2 });
    expect(await refusal(sendTaskSuccess(first, {}, driver.deps))).toMatchObject({ code: 'TaskTimedOut' });
    await sendTaskSuccess(second, 'after redrive', driver.deps);
    await driver.drain();
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
    const steps = await driver.steps(id);
    expect(steps.map((step) => [step.seq, step.status, step.error_code])).toEqual([
      [1, 'FAILED', 'States.Aborted'],
      [2, 'SUCCEEDED', undefined],
    ]);
    expect(steps[0]!.error).toContain('waited for a callback');
    // The body ran once per step it started: the stopped one and the redriven one.
    expect(driver.bodies.count(id, 1)).toBe(1);
    expect(driver.bodies.count(id, 2)).toBe(1);
  });
});

describe('scripted flows keep their cost', () => {
  it('writes no callback attribute for a step that waits for none', async () => {
    const driver = new EngineDriver();
    const id = await driver.start(scriptedFlow([{ name: 'a' }]));
    await driver.drain();
    expect((await driver.execution(id)).status).toBe('SUCCEEDED');
    expect(driver.bodies.taskTokens.get(`${id}#1`)).toEqual([undefined]);
  });
});

describe('the validation of callback fields', () => {
  const problems = (task: Record<string, unknown>) => {
    try {
      parseFlowRequest(callbackFlow(task), defaultRegistry());
      return [];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.details!.map((d) => `${d.path}: ${d.message}`);
    }
  };

  it('accepts the fields on a task that waits for a callback', () => {
    expect(problems({ heartbeat_seconds: 60, callback_timeout_seconds: 3600 })).toEqual([]);
    expect(
      problems({ task_type: 'print', parameters: { message: 'm' }, wait_for_callback: true, heartbeat_seconds: 5 }),
    ).toEqual([]);
  });

  it('names the field and the problem of a wrong one', () => {
    expect(problems({ task_type: 'noop', heartbeat_seconds: 5 })).toEqual([
      expect.stringMatching(
        /^tasks\[0\]\.heartbeat_seconds: heartbeat_seconds is only for a task that waits for a callback/,
      ),
    ]);
    expect(problems({ heartbeat_seconds: 60, callback_timeout_seconds: 60 })).toEqual([
      'tasks[0].heartbeat_seconds: heartbeat_seconds (60) must be less than callback_timeout_seconds (60)',
    ]);
    expect(problems({ task_type: 'wait', wait_for_callback: true })).toEqual([
      expect.stringMatching(/^tasks\[0\]\.wait_for_callback: a wait task cannot wait for a callback/),
    ]);
    expect(problems({ callback_timeout_seconds: 0 })).toEqual([
      expect.stringMatching(/^tasks\[0\]\.callback_timeout_seconds: .*at least 1/),
    ]);
    expect(problems({ wait_for_callback: 'yes' })).toEqual([expect.stringMatching(/^tasks\[0\]\.wait_for_callback: /)]);
  });
});
