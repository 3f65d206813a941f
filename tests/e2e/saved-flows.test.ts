import { randomUUID } from 'node:crypto';
import { api, executionLogLines } from '../support/http';
import { noopFlowBody, sampleFlow, sampleFlowFiles } from '../support/flows';

/** Saved flows over HTTP: register once (PUT), list, show, start many times. */
const WAIT = 'wait_seconds=15';
const newId = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;
const path = (flowId: string) => `/api/v1/flows/${encodeURIComponent(flowId)}`;
const put = (flowId: string, json: unknown) => api('PUT', path(flowId), { json });
const start = (flowId: string, json?: unknown, qs = '') =>
  api('POST', `${path(flowId)}/executions${qs}`, json === undefined ? {} : { json });

/** A flow whose one task succeeds, or fails when `failing`; `label` makes definitions differ. */
const flowBody = (flowId: string, label: string, o: { tasks?: number; failing?: boolean } = {}) => {
  const body = noopFlowBody(flowId, o.tasks ?? 1, { name: `${flowId} ${label}` }) as ReturnType<typeof noopFlowBody> & {
    tasks: unknown[];
  };
  if (o.failing) body.tasks = [{ name: 't1', task_type: 'print', parameters: { message: 'no', failure_rate: 1 } }];
  return body;
};

const executionsOf = async (flowId: string) =>
  (await api('GET', `/api/v1/flows/executions?flow_id=${encodeURIComponent(flowId)}&limit=100`)).body
    .executions as unknown[];

describe('saved flows over HTTP', () => {
  it('saves a new version only when the definition changes; an identical save returns the latest version', async () => {
    const id = newId('versions');
    const first = await put(id, flowBody(id, 'one'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      flow_id: id,
      version: 1,
      created: true,
      flow_name: `${id} one`,
      definition_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(first.headers.get('location')).toBe(path(id));

    const again = await put(id, flowBody(id, 'one'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      version: 1,
      created: false,
      definition_hash: first.body.definition_hash,
      created_at: first.body.created_at,
    });
    // Without an id (the path names the flow) and in the wrapped shape: the same definition.
    const { id: _id, ...withoutId } = flowBody(id, 'one');
    expect((await put(id, withoutId)).body).toMatchObject({ version: 1, created: false });
    expect((await put(id, { flow: flowBody(id, 'one') })).body).toMatchObject({ version: 1, created: false });

    const second = await put(id, flowBody(id, 'two', { tasks: 2 }));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, created: true });
    // Saving version 1's definition again makes it the latest, under a new number.
    expect((await put(id, flowBody(id, 'one'))).body).toMatchObject({
      version: 3,
      created: true,
      definition_hash: first.body.definition_hash,
    });
  });

  it('shows a flow with its versions newest first, paged, and any version in full', async () => {
    const id = newId('show');
    for (const label of ['a', 'b', 'c']) expect((await put(id, flowBody(id, label))).status).toBe(201);

    const shown = await api('GET', path(id));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      flow_id: id,
      flow_name: `${id} c`,
      latest_version: 3,
      version: 3,
      versions_next_token: null,
    });
    expect(shown.body.definition).toEqual({
      id,
      name: `${id} c`,
      start_task: 't1',
      max_steps: 100,
      tasks: [{ name: 't1', task_type: 'noop', parameters: {}, timeout_seconds: 30 }],
      conditions: [],
    });
    expect(shown.body.versions.map((v: any) => v.version)).toEqual([3, 2, 1]);
    expect(shown.body.executions).toEqual({
      counts: expect.objectContaining({ RUNNING: 0, SUCCEEDED: 0 }),
      total: 0,
      complete: true,
    });

    const old = await api('GET', `${path(id)}?version=1`);
    expect(old.body).toMatchObject({ latest_version: 3, version: 1, definition: { name: `${id} a` } });

    const seen: number[] = [];
    let token: string | null = null;
    do {
      const page: any = await api(
        'GET',
        `${path(id)}?limit=2${token ? `&next_token=${encodeURIComponent(token)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.versions.map((v: any) => v.version));
      token = page.body.versions_next_token;
    } while (token && seen.length < 10);
    expect(seen).toEqual([3, 2, 1]);

    const otherFlowsToken = (await api('GET', `${path(id)}?limit=1`)).body.versions_next_token;
    const misused = await api('GET', `${path(newId('other'))}?next_token=${encodeURIComponent(otherFlowsToken)}`);
    expect(misused.status).toBe(400);
    expect(misused.body.error).toMatchObject({ code: 'invalid_next_token', details: [{ path: 'query.next_token' }] });
  });

  it('lists saved flows newest first across pages', async () => {
    const ids = [newId('list'), newId('list'), newId('list')];
    for (const id of ids) expect((await put(id, flowBody(id, 'x'))).status).toBe(201);
    const seen: any[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: any = await api(
        'GET',
        `/api/v1/flows?limit=2${token ? `&next_token=${encodeURIComponent(token)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.flows.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.flows);
      token = page.body.next_token;
      pages++;
    } while (token && pages < 200 && !ids.every((id) => seen.some((f) => f.flow_id === id)));
    const ours = seen.filter((f) => ids.includes(f.flow_id));
    expect(ours.map((f) => f.flow_id)).toEqual([...ids].reverse());
    expect(ours[0]).toEqual({
      flow_id: ids[2],
      flow_name: `${ids[2]} x`,
      latest_version: 1,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      location: path(ids[2]!),
    });
    expect(pages).toBeGreaterThanOrEqual(2);

    const bad = await api('GET', '/api/v1/flows?next_token=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_next_token');
  });

  it('starts the latest version or a given one, and the execution records the version it ran', async () => {
    const id = newId('start');
    await put(id, flowBody(id, 'one task'));
    await put(id, flowBody(id, 'two tasks', { tasks: 2 }));

    const latest = await start(id, { input: { order: 7 } }, `?${WAIT}`);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({
      status: 'SUCCEEDED',
      flow_id: id,
      flow_version: 2,
      steps_executed: 2,
      input: { order: 7 },
    });
    expect(latest.headers.get('location')).toBe(`/api/v1/flows/executions/${latest.body.execution_id}`);

    const pinned = await start(id, { version: 1 }, `?${WAIT}`);
    expect(pinned.body).toMatchObject({
      status: 'SUCCEEDED',
      flow_version: 1,
      steps_executed: 1,
      input: {},
      flow_name: `${id} one task`,
    });

    // Without waiting: 202 and a Location, as POST /api/v1/flows/execute answers; no body at all is fine.
    const queued = await start(id);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      status: 'RUNNING',
      flow_version: 2,
      location: `/api/v1/flows/executions/${queued.body.execution_id}`,
    });
    const done = await api('GET', `${queued.headers.get('location')}?${WAIT}`);
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', flow_version: 2 });
    const history = await api('GET', `/api/v1/flows/executions/${queued.body.execution_id}/history`);
    expect(history.body.events[0]).toMatchObject({
      type: 'ExecutionStarted',
      detail: { flow_id: id, flow_version: 2 },
    });

    // A posted flow is unchanged, and its execution has no version.
    const posted = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: flowBody(id, 'posted') });
    expect(posted.body).toMatchObject({ status: 'SUCCEEDED', flow_id: id, flow_version: null });
  });

  it('keeps a saved input as the default input: shown by GET, used by a start without input, a new version when it changes', async () => {
    const id = newId('default-input');
    const first = await put(id, { flow: flowBody(id, 'x'), input: { order: 7 } });
    expect(first.body).toMatchObject({ version: 1, created: true });
    expect((await api('GET', path(id))).body).toMatchObject({ version: 1, default_input: { order: 7 } });
    expect((await put(id, { flow: flowBody(id, 'x'), input: { order: 7 } })).body).toMatchObject({
      version: 1,
      created: false,
    });
    // The same definition with another default input is another version; its definition hash is the same.
    const second = await put(id, { ...flowBody(id, 'x'), input: { order: 8 } });
    expect(second.body).toMatchObject({ version: 2, created: true, definition_hash: first.body.definition_hash });

    expect((await start(id, undefined, `?${WAIT}`)).body).toMatchObject({
      status: 'SUCCEEDED',
      flow_version: 2,
      input: { order: 8 },
    });
    expect((await start(id, { version: 1 }, `?${WAIT}`)).body).toMatchObject({
      status: 'SUCCEEDED',
      flow_version: 1,
      input: { order: 7 },
    });
    expect((await start(id, { input: { order: 9 } }, `?${WAIT}`)).body).toMatchObject({
      flow_version: 2,
      input: { order: 9 },
    });
    expect((await start(id, { input: {} }, `?${WAIT}`)).body).toMatchObject({ flow_version: 2, input: {} });

    // Without an input, a version has none: GET shows {}, a start runs with {}.
    const third = await put(id, flowBody(id, 'x'));
    expect(third.body).toMatchObject({ version: 3, created: true });
    expect((await api('GET', path(id))).body.default_input).toEqual({});
    expect((await start(id, undefined, `?${WAIT}`)).body).toMatchObject({ flow_version: 3, input: {} });
  });

  it('saves every sample in flows/ as it is, its input kept as the default input', async () => {
    const files = sampleFlowFiles();
    for (const file of files) {
      // The invoke_lambda sample names the local stage's function; the test stage allows its own.
      const sample = JSON.parse(
        JSON.stringify(sampleFlow(file)).replaceAll('flow-manager-local-greet', 'flow-manager-test-greet'),
      ) as Record<string, unknown>;
      const flowId = ((sample.flow ?? sample) as { id: string }).id;
      const saved = await put(flowId, sample);
      // 201, or 200 when an earlier test of this run saved it already.
      expect([file, [200, 201].includes(saved.status), saved.body.error]).toEqual([file, true, undefined]);
      const shown = await api('GET', path(flowId));
      expect([file, shown.body.default_input]).toEqual([file, sample.input ?? {}]);
    }
    const sample = sampleFlow('failure-recovery.json');
    const started = await start('orders-with-recovery', undefined, `?${WAIT}`);
    expect(started.body).toMatchObject({ flow_id: 'orders-with-recovery', input: sample.input });
  });

  it('saves a state machine under the path’s id, starts it, and exports its definition back to a state machine', async () => {
    const id = newId('machine');
    const asl = {
      Comment: 'Greet then pause',
      QueryLanguage: 'JSONata',
      StartAt: 'Greet',
      States: {
        Greet: {
          Type: 'Task',
          Resource: 'flow:print',
          Arguments: { message: "{% 'hello ' & $states.input.who %}" },
          Output: '{% $states.input %}',
          Next: 'Pause',
        },
        Pause: { Type: 'Wait', Seconds: 1, End: true },
      },
    };
    const saved = await put(id, { asl, input: { who: 'Ada' } });
    expect([saved.status, saved.body.error]).toEqual([201, undefined]);
    expect(saved.body).toMatchObject({ flow_id: id, flow_name: 'Greet then pause', version: 1, created: true });
    expect((await put(id, { asl, input: { who: 'Ada' } })).body).toMatchObject({ version: 1, created: false });

    const shown = await api('GET', path(id));
    expect(shown.body).toMatchObject({
      default_input: { who: 'Ada' },
      definition: { id, name: 'Greet then pause', start_task: 'Greet' },
    });
    expect(shown.body.definition.tasks.map((t: any) => [t.name, t.task_type])).toEqual([
      ['Greet', 'print'],
      ['Pause', 'wait'],
    ]);

    const run = await start(id, undefined, `?${WAIT}`);
    expect(run.body).toMatchObject({ status: 'SUCCEEDED', flow_id: id, flow_version: 1, input: { who: 'Ada' } });
    expect(run.body.task_results.map((r: any) => `${r.task_name}:${r.status}`)).toEqual([
      'Greet:success',
      'Pause:success',
    ]);
    expect(run.body.task_results[0].data).toMatchObject({ message: 'hello Ada' });

    const exported = await api('POST', '/api/v1/flows/asl', { json: { flow: shown.body.definition } });
    expect(exported.status).toBe(200);
    expect(exported.body.asl).toMatchObject({
      Comment: 'Greet then pause',
      StartAt: 'Greet',
      States: { Greet: { Type: 'Task' }, Pause: { Type: 'Wait', Seconds: 1 } },
    });
  });

  it('counts a flow’s executions per status', async () => {
    const id = newId('counts');
    await put(id, flowBody(id, 'ok'));
    await put(id, flowBody(id, 'failing', { failing: true }));
    for (const version of [1, 1, 2]) expect((await start(id, { version }, `?${WAIT}`)).status).toBe(200);
    const shown = await api('GET', path(id));
    expect(shown.body.executions).toEqual({
      counts: { PENDING: 0, RUNNING: 0, SUCCEEDED: 2, FAILED: 1, CANCELLED: 0, ABORTED: 0, TIMED_OUT: 0 },
      total: 3,
      complete: true,
    });
  });

  it('answers 404 for an unknown flow or version', async () => {
    const unknown = newId('missing');
    expect((await api('GET', path(unknown))).body.error).toMatchObject({
      code: 'not_found',
      message: `flow ${unknown} not found`,
    });
    expect((await start(unknown, {})).status).toBe(404);
    const id = newId('one-version');
    await put(id, flowBody(id, 'x'));
    const noVersion = await start(id, { version: 9 });
    expect(noVersion.status).toBe(404);
    expect(noVersion.body.error.message).toBe(`flow ${id} has no version 9 (its latest is 1)`);
    expect((await api('GET', `${path(id)}?version=9`)).status).toBe(404);
    expect(await executionsOf(id)).toEqual([]);
  });

  it('refuses reserved flow ids with a 400 naming the field, while the fixed paths keep their answers', async () => {
    for (const reserved of ['graph', 'asl', 'executions', 'execute']) {
      const res = await put(reserved, flowBody(reserved, 'x'));
      expect([reserved, res.status, res.body.error?.code, res.body.error?.details?.[0]?.path]).toEqual([
        reserved,
        400,
        'invalid_flow_id',
        'path.flow_id',
      ]);
    }
    const startReserved = await api('POST', '/api/v1/flows/graph/executions', { json: {} });
    expect(startReserved.status).toBe(400);
    expect(startReserved.body.error.details[0].path).toBe('path.flow_id');
    const getExecute = await api('GET', '/api/v1/flows/execute');
    expect(getExecute.status).toBe(405);
    expect(getExecute.headers.get('allow')).toBe('POST');
    expect((await api('GET', '/api/v1/flows/executions?limit=1')).status).toBe(200);
    const slash = await put('a/b', flowBody('a/b', 'x'));
    expect([slash.status, slash.body.error?.details?.[0]?.path]).toEqual([400, 'path.flow_id']);
  });

  it('refuses bad bodies with a 400 naming the field, and writes nothing', async () => {
    const id = newId('bad');
    const invalid = await put(id, { ...flowBody(id, 'x'), start_task: 'nowhere', tasks: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_error');
    expect(invalid.body.error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(['tasks']));
    const otherId = await put(id, { ...flowBody(id, 'x'), id: 'another-flow' });
    expect(otherId.body.error.details).toEqual([
      { path: 'id', message: `must be the flow id in the path ('${id}'), or left out` },
    ]);
    const badInput = await put(id, { flow: flowBody(id, 'x'), input: [1] });
    expect(badInput.body.error.details.map((d: any) => d.path)).toEqual(['input']);
    const bareMachine = await put(id, { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    expect([bareMachine.status, bareMachine.body.error.details.map((d: any) => d.path)]).toEqual([
      400,
      ['StartAt', 'States'],
    ]);
    expect(bareMachine.body.error.message).toContain('{ "asl": <the state machine>');
    expect((await api('GET', path(id))).status).toBe(404);

    expect((await put(id, flowBody(id, 'x'))).status).toBe(201);
    const stale = await put(id, { ...flowBody(id, 'y'), tasks: [{ name: 't1', task_type: 'no_such_type' }] });
    expect(stale.status).toBe(400);
    expect((await api('GET', path(id))).body).toMatchObject({ latest_version: 1, versions: [{ version: 1 }] });

    const starts: Array<[unknown, number, string]> = [
      [{ version: 0 }, 400, 'version'],
      [{ version: 'latest' }, 400, 'version'],
      [{ input: [1, 2] }, 400, 'input'],
      [{ input: { nested: { constructor: 1 } } }, 400, 'input.nested.constructor'],
      [{ inputs: {} }, 400, 'inputs'],
      [[], 400, 'body'],
      [{ input: { blob: 'x'.repeat(100 * 1024) } }, 413, 'input'],
    ];
    for (const [body, status, field] of starts) {
      const res = await start(id, body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.error?.details?.map((d: any) => d.path)]).toEqual(
        [JSON.stringify(body).slice(0, 60), status, [field]],
      );
    }
    expect(await executionsOf(id)).toEqual([]);
  });

  it('gives concurrent saves of different definitions consecutive versions, and concurrent saves of one definition one version', async () => {
    const racing = newId('race');
    const different = await Promise.all(Array.from({ length: 6 }, (_, i) => put(racing, flowBody(racing, `def ${i}`))));
    expect(different.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(different.map((r) => r.body.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const shown = await api('GET', path(racing));
    expect(shown.body.latest_version).toBe(6);
    expect(shown.body.versions.map((v: any) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    // The saves did overlap: some found their number taken and went on to the next one.
    expect(
      executionLogLines(racing).filter((l) => l.message === 'flow version taken by a concurrent save').length,
    ).toBeGreaterThan(0);
    // Each version holds the definition its save sent.
    for (const r of different)
      expect((await api('GET', `${path(racing)}?version=${r.body.version}`)).body.definition_hash).toBe(
        r.body.definition_hash,
      );

    const same = newId('same');
    const identical = await Promise.all(Array.from({ length: 6 }, () => put(same, flowBody(same, 'only'))));
    expect(identical.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(identical.map((r) => r.body.version))).toEqual(new Set([1]));
    expect((await api('GET', path(same))).body.versions).toHaveLength(1);
  });
});
