import { api } from '../support/http';

/** The e2e stack runs with FLOW_TIME_SCALE=3600: an hour of the flow's time passes in a second. */
const WAIT = 'wait_seconds=15';

const waitFlow = (extra: Record<string, unknown> = {}) => ({
  flow: {
    id: 'operate',
    name: 'Operate',
    start_task: 'pause',
    tasks: [
      { name: 'pause', task_type: 'wait', parameters: { seconds: 36_000 } },
      { name: 'after', task_type: 'noop' },
    ],
    conditions: [{ name: 'next', source_task: 'pause', outcome: 'success', target_task_success: 'after', target_task_failure: 'end' }],
    ...extra,
  },
  input: { order: 7 },
});

const flakyFlow = {
  flow: {
    id: 'operate-flaky',
    name: 'Operate flaky',
    start_task: 'first',
    tasks: [
      { name: 'first', task_type: 'noop' },
      { name: 'shaky', task_type: 'flaky', parameters: { fail_attempts: 1 } },
      { name: 'last', task_type: 'noop' },
    ],
    conditions: [
      { name: 'a', source_task: 'first', outcome: 'success', target_task_success: 'shaky', target_task_failure: 'end' },
      { name: 'b', source_task: 'shaky', outcome: 'success', target_task_success: 'last', target_task_failure: 'end' },
    ],
  },
};

const start = async (body: unknown) => {
  const res = await api('POST', '/api/v1/flows/execute', { json: body });
  expect(res.status).toBe(202);
  return res.body.execution_id as string;
};
const path = (id: string, tail = '') => `/api/v1/flows/executions/${id}${tail}`;
const historyTypes = async (id: string) => (await api('GET', path(id, '/history?limit=1000'))).body.events.map((e: any) => e.type);

describe('stop over HTTP', () => {
  it('stops a waiting execution: ABORTED with the given error and cause, history kept, a second stop refused', async () => {
    const id = await start(waitFlow());
    const stopped = await api('POST', path(id, '/stop'), { json: { error: 'Operator', cause: 'stopped by hand' } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ execution_id: id, status: 'ABORTED', error_code: 'Operator', error: 'stopped by hand', current_task: null });
    expect(stopped.body.message).toBe("Flow 'Operate' was stopped after 0 task(s): stopped by hand.");
    expect(await historyTypes(id)).toEqual(['ExecutionStarted', 'ExecutionAborted']);

    const again = await api('POST', path(id, '/stop'));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ExecutionNotStoppable', message: expect.stringContaining('is ABORTED') });
    // The wait would have ended after 10 s: it never fires.
    const later = await api('GET', path(id));
    expect(later.body).toMatchObject({ status: 'ABORTED', steps_executed: 0 });
  });

  it('answers 400 naming the field for a bad body or id, and 404 for an unknown execution, changing nothing', async () => {
    const id = await start(waitFlow());
    // Once the wait has started, nothing changes the execution for the next ten seconds.
    for (let i = 0; i < 100 && !(await historyTypes(id)).includes('WaitStarted'); i++) await new Promise((r) => setTimeout(r, 50));
    const before = (await api('GET', path(id))).body;
    const tooLong = await api('POST', path(id, '/stop'), { json: { error: 'E'.repeat(257) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([expect.objectContaining({ path: 'error', message: expect.stringContaining('at most 256') })]);
    const unknown = await api('POST', path(id, '/stop'), { json: { reason: 'x' } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('reason');
    expect((await api('POST', path('not an id', '/stop'))).status).toBe(400);
    expect((await api('POST', path('0000-missing', '/stop'))).status).toBe(404);
    expect((await api('POST', path('0000-missing', '/redrive'))).status).toBe(404);
    expect((await api('GET', path(id))).body).toEqual(before);
    expect((await api('GET', path(id, '/stop'))).status).toBe(405);
    await api('POST', path(id, '/stop'));
  });
});

describe('redrive over HTTP', () => {
  it('resumes a failed execution at the failed task and shows the redrive', async () => {
    const id = await start(flakyFlow);
    const failed = await api('GET', path(id, `?${WAIT}`));
    expect(failed.body).toMatchObject({ status: 'FAILED', failed_task: 'shaky', redrive_count: 0, redriven_at: null });

    const redriven = await api('POST', path(id, '/redrive'));
    expect(redriven.status).toBe(200);
    expect(redriven.body).toMatchObject({ execution_id: id, status: 'RUNNING', redrive_count: 1, redriven_at: expect.any(String), failed_task: null });
    expect(redriven.headers.get('location')).toBe(path(id));

    const done = await api('GET', path(id, `?${WAIT}`));
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', redrive_count: 1, steps_executed: 4 });
    expect(done.body.task_results.map((r: any) => `${r.task_name}:${r.status}`)).toEqual(['first:success', 'shaky:failure', 'shaky:success', 'last:success']);
    const types = await historyTypes(id);
    expect(types.slice(types.indexOf('ExecutionFailed'), types.indexOf('ExecutionFailed') + 2)).toEqual(['ExecutionFailed', 'ExecutionRedriven']);

    const refused = await api('POST', path(id, '/redrive'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ExecutionNotRedrivable', message: expect.stringContaining('it succeeded') });
  });

  it('refuses to redrive an execution that is still running', async () => {
    const id = await start(waitFlow());
    const refused = await api('POST', path(id, '/redrive'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('still RUNNING');
    await api('POST', path(id, '/stop'));
  });
});

describe('execution timeout over HTTP', () => {
  it('times out an execution that outlives its timeout_seconds, and can redrive it', async () => {
    // One hour of timeout against a ten-hour wait (1 s against 10 s on the scaled local clock).
    const id = await start(waitFlow({ timeout_seconds: 3600 }));
    const timedOut = await api('GET', path(id, `?${WAIT}`));
    expect(timedOut.body).toMatchObject({ status: 'TIMED_OUT', error_code: 'States.Timeout', timeout_seconds: 3600, steps_executed: 0 });
    expect((await historyTypes(id)).at(-1)).toBe('ExecutionTimedOut');

    const redriven = await api('POST', path(id, '/redrive'));
    expect(redriven.body).toMatchObject({ status: 'RUNNING', redrive_count: 1 });
    expect(Date.parse(redriven.body.deadline_at)).toBeGreaterThan(Date.parse(timedOut.body.deadline_at));
    const again = await api('GET', path(id, `?${WAIT}`));
    expect(again.body).toMatchObject({ status: 'TIMED_OUT', redrive_count: 1 });
  });

  it('validates timeout_seconds', async () => {
    for (const bad of [0, 1.5, 366 * 24 * 3600 + 1, '60']) {
      const res = await api('POST', '/api/v1/flows/execute', { json: waitFlow({ timeout_seconds: bad }) });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'flow.timeout_seconds' })]));
    }
  });
});
