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
    conditions: [
      {
        name: 'next',
        source_task: 'pause',
        outcome: 'success',
        target_task_success: 'after',
        target_task_failure: 'end',
      },
    ],
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
const historyTypes = async (id: string): Promise<string[]> =>
  (await api('GET', path(id, '/history?limit=1000'))).body.events.map((e: any) => e.type);

describe('stop over HTTP', () => {
  it('stops a waiting execution: ABORTED with the given error and cause, history kept, a second stop refused', async () => {
    const id = await start(waitFlow());
    for (let i = 0; i < 100 && !(await historyTypes(id)).includes('WaitStarted'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const stopped = await api('POST', path(id, '/stop'), { json: { error: 'Operator', cause: 'stopped by hand' } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      execution_id: id,
      status: 'ABORTED',
      error_code: 'Operator',
      error: 'stopped by hand',
      current_task: null,
    });
    expect(stopped.body.message).toBe("Flow 'Operate' was stopped after 0 task(s): stopped by hand.");
    // The wait that had started stays in the history, before the stop.
    expect(await historyTypes(id)).toEqual(['ExecutionStarted', 'WaitStarted', 'ExecutionAborted']);

    const again = await api('POST', path(id, '/stop'));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'ExecutionNotStoppable',
      message: expect.stringContaining('is ABORTED'),
    });
    // The wait would have ended after 10 s: it never fires.
    const later = await api('GET', path(id));
    expect(later.body).toMatchObject({ status: 'ABORTED', steps_executed: 0 });
  });

  it('answers 400 naming the field for a bad body or id, and 404 for an unknown execution, changing nothing', async () => {
    const id = await start(waitFlow());
    // Once the wait has started, nothing changes the execution for the next ten seconds.
    for (let i = 0; i < 100 && !(await historyTypes(id)).includes('WaitStarted'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const before = (await api('GET', path(id))).body;
    const tooLong = await api('POST', path(id, '/stop'), { json: { error: 'E'.repeat(257) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([
      expect.objectContaining({ path: 'error', message: expect.stringContaining('at most 256') }),
    ]);
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
    expect(redriven.body).toMatchObject({
      execution_id: id,
      status: 'RUNNING',
      redrive_count: 1,
      redriven_at: expect.any(String),
      failed_task: null,
    });
    expect(redriven.headers.get('location')).toBe(path(id));

    const done = await api('GET', path(id, `?${WAIT}`));
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', redrive_count: 1, steps_executed: 4 });
    expect(done.body.task_results.map((r: any) => `${r.task_name}:${r.status}`)).toEqual([
      'first:success',
      'shaky:failure',
      'shaky:success',
      'last:success',
    ]);
    const types = await historyTypes(id);
    expect(types.slice(types.indexOf('ExecutionFailed'), types.indexOf('ExecutionFailed') + 2)).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
    ]);

    const refused = await api('POST', path(id, '/redrive'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'ExecutionNotRedrivable',
      message: expect.stringContaining('it succeeded'),
    });
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
    expect(timedOut.body).toMatchObject({
      status: 'TIMED_OUT',
      error_code: 'States.Timeout',
      timeout_seconds: 3600,
      steps_executed: 0,
    });
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
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'flow.timeout_seconds' })]),
      );
    }
  });
});

/** The flow of the report: `cleanup`'s condition sends both outcomes to `fail`. */
const failRouteFlow = {
  flow: {
    id: 'operate-fail-route',
    name: 'Operate fail route',
    start_task: 'charge',
    tasks: [
      {
        name: 'charge',
        task_type: 'flaky',
        parameters: { fail_attempts: 5 },
        retry: [{ error_equals: ['States.ALL'], interval_seconds: 1, max_attempts: 2 }],
        catch: [{ error_equals: ['States.ALL'], next: 'cleanup' }],
      },
      { name: 'cleanup', task_type: 'noop' },
    ],
    conditions: [
      {
        name: 'cleanup-routing',
        source_task: 'cleanup',
        outcome: 'success',
        target_task_success: 'fail',
        target_task_failure: 'fail',
      },
    ],
  },
};

describe('an execution that ended in fail by a condition', () => {
  it('names the condition and the fail target, blames no task, and refuses a redrive that would run anything', async () => {
    const id = await start(failRouteFlow);
    const failed = await api('GET', path(id, `?${WAIT}`));
    const route = "ended in 'fail' by condition 'cleanup-routing' after task 'cleanup'";
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      failed_task: null,
      error_code: 'States.Fail',
      error: route,
      steps_executed: 4,
      fail_route: { after_task: 'cleanup', by: 'condition', condition: 'cleanup-routing' },
    });
    const history = await historyTypes(id);

    const refused = await api('POST', path(id, '/redrive'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'ExecutionNotRedrivable',
      message: expect.stringContaining(`it ${route}`),
    });
    // Nothing ran, nothing changed.
    await new Promise((r) => setTimeout(r, 500));
    const after = await api('GET', path(id));
    expect(after.body).toMatchObject({ status: 'FAILED', steps_executed: 4, redrive_count: 0 });
    expect(after.body.task_results.map((r: any) => r.task_name)).toEqual(['charge', 'charge', 'charge', 'cleanup']);
    expect(await historyTypes(id)).toEqual(history);
  });
});

describe('history across a stop and a redrive', () => {
  it('keeps the wait a stop interrupted and the stop itself, and shows where the execution was', async () => {
    // `before` hands on to a wait of literal seconds: the wait starts in that step's commit.
    const flow = waitFlow({
      start_task: 'before',
      tasks: [{ name: 'before', task_type: 'noop' }, ...waitFlow().flow.tasks],
      conditions: [
        {
          name: 'go',
          source_task: 'before',
          outcome: 'success',
          target_task_success: 'pause',
          target_task_failure: 'end',
        },
        ...waitFlow().flow.conditions,
      ],
    });
    const id = await start(flow);
    for (let i = 0; i < 100 && !(await historyTypes(id)).includes('WaitStarted'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const stopped = await api('POST', path(id, '/stop'), { json: { error: 'Operator', cause: 'by hand' } });
    expect(stopped.body).toMatchObject({
      status: 'ABORTED',
      stopped_step: { seq: 2, task: 'pause', state: 'waiting', started_at: expect.any(String) },
    });
    expect(await historyTypes(id)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskSucceeded',
      'WaitStarted',
      'ExecutionAborted',
    ]);
    const graph = await api('GET', path(id, '/graph'));
    expect(graph.body.tasks.map((t: any) => [t.name, t.state])).toEqual([
      ['before', 'succeeded'],
      ['pause', 'stopped'],
      ['after', 'not_reached'],
    ]);

    expect((await api('POST', path(id, '/redrive'))).status).toBe(200);
    for (let i = 0; i < 100 && (await historyTypes(id)).filter((t: string) => t === 'WaitStarted').length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    const events = (await api('GET', path(id, '/history?limit=1000'))).body.events;
    expect(events.map((e: any) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskSucceeded',
      'WaitStarted',
      'TaskFailed',
      'ExecutionAborted',
      'ExecutionRedriven',
      'WaitStarted',
    ]);
    expect(events.find((e: any) => e.type === 'ExecutionAborted').detail).toEqual({
      error_code: 'Operator',
      error: 'by hand',
    });
    // Paged one event at a time, the history is the same.
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await api(
        'GET',
        path(id, `/history?limit=1${token ? `&next_token=${encodeURIComponent(token)}` : ''}`),
      );
      paged.push(...page.body.events.map((e: any) => e.type));
      token = page.body.next_token ?? undefined;
    } while (token);
    expect(paged).toEqual(events.map((e: any) => e.type));
    await api('POST', path(id, '/stop'));
  });
});
