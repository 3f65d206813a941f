import { randomUUID } from 'node:crypto';
import { api } from '../support/http';

/**
 * Map and parallel tasks end to end, over HTTP against serverless offline + DynamoDB Local (the
 * test stack runs waits 3,600 times faster: an hour takes a second): each branch and item a child
 * execution, started as slots free up and joined once.
 */

const executions = '/api/v1/flows/executions';
const flowOf = (name: string, tasks: unknown[]) => ({
  id: `fan-out-${name}-${randomUUID().slice(0, 8)}`,
  name: `Fan-out ${name}`,
  start_task: (tasks[0] as { name: string }).name,
  tasks,
  conditions: [],
});
const oneTask = (task: Record<string, unknown>) => ({ start_task: task.name, tasks: [task], conditions: [] });

async function start(flow: unknown, input: Record<string, unknown> = {}): Promise<string> {
  const started = await api('POST', '/api/v1/flows/execute', { json: { flow, input } });
  expect(started.status).toBe(202);
  return started.body.execution_id as string;
}

/** The execution once it is no longer RUNNING (long-polled), failing the test if it still runs after `seconds`. */
async function ended(id: string, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const view = await api('GET', `${executions}/${id}?wait_seconds=20`);
    if (view.body.status !== 'RUNNING' || Date.now() > until) return view.body;
  }
}

interface ChildRow {
  execution_id: string;
  index: number;
  status: string;
  started_at: string | null;
  ended_at: string | null;
  error_code: string | null;
}

/** Every child of the task's latest run, in index order, 100 per page. */
async function childrenOf(id: string, task: string): Promise<ChildRow[]> {
  const rows: ChildRow[] = [];
  let token: string | null = null;
  do {
    const query = `task=${encodeURIComponent(task)}&limit=100${token ? `&next_token=${token}` : ''}`;
    const page = await api('GET', `${executions}/${id}/children?${query}`);
    expect(page.status).toBe(200);
    rows.push(...(page.body.children as ChildRow[]));
    token = page.body.next_token as string | null;
  } while (token);
  return rows;
}

/** The most children running at once, from their start and end times. */
function mostAtOnce(rows: readonly ChildRow[]): number {
  const moments = rows.flatMap((row) => [
    { at: Date.parse(row.started_at!), change: 1 },
    { at: Date.parse(row.ended_at!), change: -1 },
  ]);
  // An end and a start at the same millisecond: the end first (the slot was free).
  moments.sort((a, b) => a.at - b.at || a.change - b.change);
  let running = 0;
  let most = 0;
  for (const moment of moments) most = Math.max(most, (running += moment.change));
  return most;
}

describe('a parallel task, over HTTP', () => {
  it('hands on its branches’ outputs in branch order, although they finish in another order', async () => {
    const napThen = (hours: number, label: string) => ({
      start_task: 'nap',
      tasks: [
        { name: 'nap', task_type: 'wait', parameters: { seconds: hours * 3600 } },
        { name: 'done', task_type: 'noop', output: `{% "${label}" %}` },
      ],
      conditions: [
        {
          name: 'woke',
          source_task: 'nap',
          outcome: 'success',
          target_task_success: 'done',
          target_task_failure: 'fail',
        },
      ],
    });
    const id = await start(
      flowOf('parallel', [
        {
          name: 'all',
          task_type: 'parallel',
          branches: [
            napThen(3, 'slowest'),
            napThen(1.5, 'middle'),
            oneTask({ name: 'now', task_type: 'noop', output: '{% "first" %}' }),
          ],
        },
      ]),
    );
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: ['slowest', 'middle', 'first'] });
    const rows = await childrenOf(id, 'all');
    expect(rows.map((r) => [r.index, r.status])).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
      [2, 'SUCCEEDED'],
    ]);
    const endedAt = rows.map((r) => Date.parse(r.ended_at!));
    expect(endedAt[2]).toBeLessThan(endedAt[1]!);
    expect(endedAt[1]).toBeLessThan(endedAt[0]!);
    expect(done.fan_out).toEqual({ all: { total: 3, pending: 0, running: 0, succeeded: 3, failed: 0, aborted: 0 } });
  });
});

describe('a map task, over HTTP', () => {
  it('runs 200 items never more than max_concurrency (5) at once, and hands on their outputs in item order', async () => {
    const id = await start(
      flowOf('map-200', [
        {
          name: 'each',
          task_type: 'map',
          items: '{% [0..199] %}',
          max_concurrency: 5,
          item_processor: oneTask({ name: 'double', task_type: 'noop', output: '{% $states.input * 2 %}' }),
        },
      ]),
    );
    const done = await ended(id, 300);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual(Array.from({ length: 200 }, (_, n) => n * 2));
    const rows = await childrenOf(id, 'each');
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === 'SUCCEEDED' && r.started_at && r.ended_at)).toBe(true);
    const most = mostAtOnce(rows);
    expect(most).toBeLessThanOrEqual(5);
    expect(most).toBeGreaterThan(1);
  }, 360_000);

  it('fails with States.ExceedToleratedFailureThreshold past its tolerated failures', async () => {
    const id = await start(
      flowOf('tolerance', [
        {
          name: 'each',
          task_type: 'map',
          items: '{% [0..9] %}',
          max_concurrency: 2,
          tolerated_failure_count: 2,
          item_processor: oneTask({
            name: 'maybe',
            task_type: 'print',
            arguments: { message: 'item', failure_rate: '{% $states.input >= 5 ? 1 : 0 %}' },
          }),
        },
      ]),
    );
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'FAILED', error_code: 'States.ExceedToleratedFailureThreshold' });
    // The third failure decides it; items running beside it end and are counted as they end.
    expect(done.fan_out.each).toMatchObject({ total: 10, running: 0 });
    expect(done.fan_out.each.failed).toBeGreaterThanOrEqual(3);
  });
});

describe('stop and redrive of a fan-out, over HTTP', () => {
  it('stops a parent whose children all end ABORTED, and starts no more', async () => {
    const id = await start(
      flowOf('stop', [
        {
          name: 'each',
          task_type: 'map',
          items: '{% [1, 2, 3, 4, 5, 6] %}',
          max_concurrency: 3,
          item_processor: oneTask({ name: 'nap', task_type: 'wait', parameters: { seconds: 100 * 3600 } }),
        },
      ]),
    );
    // The first three children wait.
    for (let tries = 0; (await childrenOf(id, 'each')).filter((r) => r.status === 'RUNNING').length < 3; tries++) {
      expect(tries).toBeLessThan(60);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const stopped = await api('POST', `${executions}/${id}/stop`, { json: {} });
    expect(stopped.status).toBe(200);
    const rows = await childrenOf(id, 'each');
    expect(rows.map((r) => r.status)).toEqual(['ABORTED', 'ABORTED', 'ABORTED', 'PENDING', 'PENDING', 'PENDING']);
    for (const row of rows.slice(0, 3))
      expect((await api('GET', `${executions}/${row.execution_id}`)).body).toMatchObject({ status: 'ABORTED' });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await childrenOf(id, 'each')).filter((r) => r.status !== 'PENDING')).toHaveLength(3);
  });

  it('redrives a failed map by running again only the items that did not succeed', async () => {
    const id = await start(
      flowOf('redrive', [
        {
          name: 'each',
          task_type: 'map',
          items: '{% [0..5] %}',
          max_concurrency: 1,
          item_processor: oneTask({
            name: 'work',
            task_type: 'flaky',
            arguments: { fail_attempts: '{% $states.input = 1 ? 1 : 0 %}' },
            output: '{% $states.input %}',
          }),
        },
      ]),
    );
    const failed = await ended(id);
    expect(failed).toMatchObject({ status: 'FAILED', error_code: 'TaskFailed' });
    expect((await childrenOf(id, 'each')).map((r) => r.status)).toEqual([
      'SUCCEEDED',
      'FAILED',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    const first = (await api('GET', `${executions}/${id}.1.0`)).body;

    const redriven = await api('POST', `${executions}/${id}/redrive`, { json: {} });
    expect(redriven.status).toBe(200);
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: [0, 1, 2, 3, 4, 5], redrive_count: 1 });
    const rows = await childrenOf(id, 'each');
    expect(rows.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    // The item that succeeded did not run again; the failed one was redriven; the rest ran once.
    const views = await Promise.all(rows.map((r) => api('GET', `${executions}/${r.execution_id}`)));
    expect(views.map((v) => v.body.redrive_count)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(views[0]!.body.completed_at).toBe(first.completed_at);
  });
});
