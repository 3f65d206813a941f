import { api } from '../support/http';

/**
 * Callbacks on the local stack: serverless offline (the API, the step function, the timers once a
 * second) and DynamoDB Local. A flow's first task waits for a callback; the test reads its token
 * from the history, as an outside party would get it, and answers through the API.
 */

const flow = (approve: Record<string, unknown>, extra: Array<Record<string, unknown>> = []) => ({
  id: 'callbacks-it',
  name: 'callbacks',
  start_task: 'approve',
  tasks: [{ name: 'approve', task_type: 'callback', ...approve }, ...extra],
  conditions: [],
});

async function start(body: Record<string, unknown>): Promise<string> {
  const started = await api('POST', '/api/v1/flows/execute', { json: { ...body, input: { order: 7 } } });
  expect(started.status).toBe(202);
  return started.body.execution_id as string;
}

const until = async <T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The token of the execution's waiting task, from its history's TaskWaitingForCallback. */
const tokenOf = (id: string): Promise<string> =>
  until('the task waiting for a callback', async () => {
    const history = await api('GET', `/api/v1/flows/executions/${id}/history`);
    const waiting = (history.body.events as Array<{ type: string; detail?: { task_token?: string } }>).find(
      (e) => e.type === 'TaskWaitingForCallback',
    );
    return waiting?.detail?.task_token;
  });

const ended = (id: string) =>
  until(`the end of ${id}`, async () => {
    const view = await api('GET', `/api/v1/flows/executions/${id}`);
    return ['SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'].includes(view.body.status as string) ? view.body : undefined;
  });

const callback = (kind: 'success' | 'failure' | 'heartbeat', json: Record<string, unknown>) =>
  api('POST', `/api/v1/flows/callbacks/${kind}`, { json });

describe('callbacks on the local stack', () => {
  it('hands a success output on as the task result', async () => {
    const id = await start(
      flow({}, [{ name: 'ship', task_type: 'noop', output: "{% {'approved_by': $states.input.by} %}" }]),
    );
    const token = await tokenOf(id);
    const sent = await callback('success', { task_token: token, output: { by: 'ana' } });
    expect(sent.status).toBe(200);
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { approved_by: 'ana' } });
  });

  it('fails the task with a failure error name, which a catcher takes', async () => {
    const id = await start(
      flow({ catch: [{ error_equals: ['Rejected'], next: 'rejected' }] }, [{ name: 'rejected', task_type: 'noop' }]),
    );
    const token = await tokenOf(id);
    expect((await callback('failure', { task_token: token, error: 'Rejected', cause: 'no stock' })).status).toBe(200);
    const done = await ended(id);
    expect(done.status).toBe('SUCCEEDED');
    const approve = (done.task_results as Array<Record<string, unknown>>).find((s) => s.task_name === 'approve');
    expect(approve).toMatchObject({ status: 'failure', error_code: 'Rejected', error: 'no stock' });
  });

  it('times out after callback_timeout_seconds (States.Timeout, caught), and refuses the late callback', async () => {
    const id = await start(
      flow({ callback_timeout_seconds: 2, catch: [{ error_equals: ['States.Timeout'], next: 'gave_up' }] }, [
        { name: 'gave_up', task_type: 'noop' },
      ]),
    );
    const token = await tokenOf(id);
    const done = await ended(id);
    expect(done.status).toBe('SUCCEEDED');
    expect((done.task_results as Array<Record<string, unknown>>).map((s) => s.task_name)).toEqual([
      'approve',
      'gave_up',
    ]);
    const late = await callback('success', { task_token: token, output: {} });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('TaskTimedOut');
  });

  it('fails with States.HeartbeatTimeout once heartbeats stop', async () => {
    const id = await start(flow({ heartbeat_seconds: 2, callback_timeout_seconds: 60 }));
    const token = await tokenOf(id);
    expect((await callback('heartbeat', { task_token: token })).status).toBe(200);
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'FAILED', error_code: 'States.HeartbeatTimeout' });
    expect((await callback('heartbeat', { task_token: token })).body.error.code).toBe('TaskTimedOut');
  });

  it('takes a callback sent twice at once exactly once', async () => {
    const id = await start(flow({}));
    const token = await tokenOf(id);
    const answers = await Promise.all([
      callback('success', { task_token: token, output: { copy: 1 } }),
      callback('success', { task_token: token, output: { copy: 2 } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const taken = answers.findIndex((a) => a.status === 200) + 1;
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { copy: taken } });
    expect(done.task_results).toHaveLength(1);
    const again = await callback('success', { task_token: token, output: { copy: 3 } });
    expect(again.body).toMatchObject({ error: { code: 'TaskTimedOut' } });
  });

  it('refuses a callback after a stop, a token it never issued and a body without one', async () => {
    const id = await start(flow({}));
    const token = await tokenOf(id);
    expect((await api('POST', `/api/v1/flows/executions/${id}/stop`)).status).toBe(200);
    const afterStop = await callback('success', { task_token: token, output: {} });
    expect(afterStop.status).toBe(409);
    expect(afterStop.body.error.code).toBe('TaskTimedOut');
    const done = await api('GET', `/api/v1/flows/executions/${id}`);
    expect(done.body.status).toBe('ABORTED');

    const invalid = await callback('success', { task_token: 'made-up', output: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'InvalidToken', details: [{ path: 'task_token' }] });
    const forged = await callback('heartbeat', { task_token: `${token.slice(0, -43)}${'A'.repeat(43)}` });
    expect(forged.status).toBe(409);
    const missing = await callback('failure', { error: 'E' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'task_token' })]);
  });
});
