import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { noopFlowBody } from '../support/flows';

const WAIT = 'wait_seconds=15';
const LIST = '/api/v1/flows/executions';

interface Started {
  id: string;
  name: string;
  flowId: string;
  status: string;
  createdAt: string;
}

const run = randomUUID().slice(0, 8);
const flowA = `filters-a-${run}`;
const flowB = `filters-b-${run}`;
const started: Started[] = [];

/** Runs one named execution to its end; `fail` makes it FAILED. */
async function start(name: string, flowId: string, fail = false): Promise<Started> {
  const flow = fail
    ? {
        ...noopFlowBody(flowId, 1),
        tasks: [{ name: 't1', task_type: 'print', parameters: { message: 'x', failure_rate: 1 } }],
      }
    : noopFlowBody(flowId, 1);
  const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: { flow, name } });
  expect(res.status).toBe(200);
  return { id: res.body.execution_id, name, flowId, status: res.body.status, createdAt: res.body.created_at };
}

/** Every page of a listing, in order; asserts each page's size. */
async function allPages(query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res: any = await api(
      'GET',
      `${LIST}?${query}&limit=${limit}${token ? `&next_token=${encodeURIComponent(token)}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.executions.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.executions.map((e: any) => e.execution_id));
    token = res.body.next_token;
    if (!token) return ids;
  }
  throw new Error('too many pages');
}

const list = async (query: string) => {
  const res = await api('GET', `${LIST}?${query}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.executions as Array<Record<string, any>>;
};
const idsOf = (items: Started[]) => items.map((s) => s.id).reverse();
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

beforeAll(async () => {
  // Oldest first: alpha-1 (A), beta-1 (B), alpha-2 (A, FAILED), alpha-3 (B), beta-2 (A), then an unnamed one (A).
  started.push(await start(`${run}-alpha-1`, flowA));
  started.push(await start(`${run}-beta-1`, flowB));
  started.push(await start(`${run}-alpha-2`, flowA, true));
  started.push(await start(`${run}-alpha-3`, flowB));
  started.push(await start(`${run}-beta-2`, flowA));
  const unnamed = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: noopFlowBody(flowA, 1) });
  started.push({
    id: unnamed.body.execution_id,
    name: '',
    flowId: flowA,
    status: unnamed.body.status,
    createdAt: unnamed.body.created_at,
  });
}, 120_000);

const named = (prefix: string) => started.filter((s) => s.name.startsWith(`${run}-${prefix}`));

describe('GET /api/v1/flows/executions filters', () => {
  it('filters by name_prefix alone, newest first, with the name in each summary', async () => {
    const items = await list(q({ name_prefix: `${run}-alpha` }));
    expect(items.map((e) => e.execution_id)).toEqual(idsOf(named('alpha')));
    expect(items.map((e) => e.name)).toEqual([`${run}-alpha-3`, `${run}-alpha-2`, `${run}-alpha-1`]);
    expect((await list(q({ name_prefix: run }))).map((e) => e.execution_id)).toEqual(idsOf(named('')));
    expect(await list(q({ name_prefix: `${run}-gamma` }))).toEqual([]);
  });

  it('filters by started_after alone (at or after, inclusive) and started_before alone (strictly before)', async () => {
    const [, second, , fourth] = started;
    const after = await list(q({ started_after: second!.createdAt }));
    const afterIds = after.map((e) => e.execution_id);
    // Other tests may start executions meanwhile: ours must all be there, in order, and nothing older.
    expect(afterIds.filter((id) => started.some((s) => s.id === id))).toEqual(idsOf(started.slice(1)));
    for (const e of after) expect(e.created_at >= second!.createdAt).toBe(true);

    const before = await list(q({ started_before: fourth!.createdAt }));
    const beforeIds = before.map((e) => e.execution_id);
    expect(beforeIds).not.toContain(fourth!.id);
    expect(beforeIds).toEqual(expect.arrayContaining(started.slice(0, 3).map((s) => s.id)));
    for (const e of before) expect(e.created_at < fourth!.createdAt).toBe(true);
  });

  it('filters by a started_after/started_before range, in any ISO 8601 zone', async () => {
    const [, second, , fourth] = started;
    const range = await list(
      q({ flow_id: flowA, started_after: second!.createdAt, started_before: fourth!.createdAt }),
    );
    expect(range.map((e) => e.execution_id)).toEqual([started[2]!.id]);
    // The same instants written with a +02:00 offset and microseconds select the same executions.
    const shifted = (iso: string) => {
      const local = new Date(Date.parse(iso) + 2 * 3_600_000).toISOString();
      return `${local.slice(0, 23)}000+02:00`;
    };
    const sameRange = await list(
      q({ flow_id: flowA, started_after: shifted(second!.createdAt), started_before: shifted(fourth!.createdAt) }),
    );
    expect(sameRange.map((e) => e.execution_id)).toEqual([started[2]!.id]);
    expect(
      await list(q({ flow_id: flowA, started_after: fourth!.createdAt, started_before: fourth!.createdAt })),
    ).toEqual([]);
  });

  it('combines name_prefix with flow_id, status and the time range', async () => {
    expect((await list(q({ name_prefix: `${run}-alpha`, flow_id: flowA }))).map((e) => e.execution_id)).toEqual(
      idsOf(named('alpha').filter((s) => s.flowId === flowA)),
    );
    expect(
      (await list(q({ name_prefix: `${run}-alpha`, flow_id: flowA, status: 'FAILED' }))).map((e) => e.execution_id),
    ).toEqual([started[2]!.id]);
    expect((await list(q({ name_prefix: `${run}-`, status: 'SUCCEEDED' }))).map((e) => e.execution_id)).toEqual(
      idsOf(named('').filter((s) => s.status === 'SUCCEEDED')),
    );
    const all = await list(
      q({
        name_prefix: `${run}-`,
        status: 'SUCCEEDED',
        started_after: started[1]!.createdAt,
        started_before: started[5]!.createdAt,
      }),
    );
    expect(all.map((e) => e.execution_id)).toEqual([started[4]!.id, started[3]!.id, started[1]!.id]);
    expect(
      (await list(q({ flow_id: flowA, started_after: started[4]!.createdAt }))).map((e) => e.execution_id),
    ).toEqual([started[5]!.id, started[4]!.id]);
  });

  it('pages through filtered listings, one execution per page', async () => {
    // Over all executions, bounded below so the pages do not walk the whole table's history.
    expect(await allPages(q({ name_prefix: run, started_after: started[0]!.createdAt }), 1)).toEqual(idsOf(named('')));
    expect(await allPages(q({ name_prefix: `${run}-alpha`, flow_id: flowA }), 1)).toEqual(
      idsOf(named('alpha').filter((s) => s.flowId === flowA)),
    );
    expect(
      await allPages(
        q({ flow_id: flowA, started_after: started[0]!.createdAt, started_before: started[5]!.createdAt }),
        2,
      ),
    ).toEqual(idsOf(started.slice(0, 5).filter((s) => s.flowId === flowA)));
  });

  it('refuses a next_token from one filter set for another', async () => {
    const first = await api('GET', `${LIST}?${q({ name_prefix: run, limit: '1' })}`);
    const token = first.body.next_token as string;
    expect(token).toEqual(expect.any(String));
    const others: Array<Record<string, string>> = [
      { name_prefix: `${run}-alpha` },
      { name_prefix: run, started_after: started[0]!.createdAt },
      { name_prefix: run, status: 'SUCCEEDED' },
      {},
    ];
    for (const other of others) {
      const res = await api('GET', `${LIST}?${q({ ...other, limit: '1', next_token: token })}`);
      expect([JSON.stringify(other), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(other),
        400,
        'invalid_next_token',
      ]);
    }
    // A flow's token with a status filter added is another listing too.
    const flowPage = await api('GET', `${LIST}?${q({ flow_id: flowA, limit: '1' })}`);
    const mixed = await api(
      'GET',
      `${LIST}?${q({ flow_id: flowA, status: 'FAILED', limit: '1', next_token: flowPage.body.next_token })}`,
    );
    expect(mixed.status).toBe(400);
    const same = await api('GET', `${LIST}?${q({ name_prefix: run, limit: '1', next_token: token })}`);
    expect(same.status).toBe(200);
  });

  it.each([
    ['started_after', 'yesterday', 'query.started_after', /ISO 8601/],
    ['started_after', '2026-13-01T00:00:00Z', 'query.started_after', /ISO 8601/],
    ['started_before', '2026-02-30', 'query.started_before', /ISO 8601/],
    ['started_before', '2026-01-01T10:00:00', 'query.started_before', /ISO 8601/],
    ['name_prefix', '', 'query.name_prefix', /must not be empty/],
    ['name_prefix', 'a\u0007', 'query.name_prefix', /control character/],
    ['name_prefix', 'x'.repeat(129), 'query.name_prefix', /at most 128/],
  ])('answers 400 for %s=%j, naming the parameter', async (param, value, path, message) => {
    const res = await api('GET', `${LIST}?${q({ [param]: value })}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('answers 400 when started_after is later than started_before', async () => {
    const res = await api(
      'GET',
      `${LIST}?${q({ started_after: '2026-02-01T00:00:00Z', started_before: '2026-01-01T00:00:00Z' })}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'query.started_after', message: 'started_after must not be later than started_before' },
    ]);
  });
});
