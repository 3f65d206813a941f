import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { statusLines } from '../../src/cli/output-lines';
import { decodeStepToken, encodeStepToken } from '../../src/domain/paging/step-token';
import { executionIdParam, readExecutionIdParam } from '../../src/http/request';
import { LIMITS } from '../../src/domain/limits';
import { ListQuerySchema } from '../../src/http/list-query';
import { openApiDocument } from '../../src/http/openapi/document';
import { listChildExecutions } from '../../src/service/child-executions-list';
import { stopExecution } from '../../src/service/execution-control';
import { getHistory } from '../../src/service/execution-history';
import { thrownDomainError } from '../support/validation-problems';
import { NotFoundError, ValidationError } from '../../src/domain/errors';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { getExecutionDetail } from '../../src/service/execution-queries';
import { listChildren, recentFanOuts } from '../../src/service/fan-out-queries';
import { childrenView } from '../../src/views/children-view';
import { executionView } from '../../src/views/execution-view';
import { fanOutCountsView } from '../../src/views/fan-out-counts';
import { EngineDriver } from '../support/engine-driver';

/** Items whose `fail` is true fail their iteration; the others hand on their `n`. */
const failingWhenTold = {
  start_task: 'check',
  tasks: [
    { name: 'check', task_type: 'noop', output: '{% $states.input.fail ? $error("item failed") : $states.input.n %}' },
  ],
  conditions: [],
};
const items = (total: number, failing: (n: number) => boolean = () => false) =>
  Array.from({ length: total }, (_, n) => ({ n, fail: failing(n) }));

const mapTask = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  task_type: 'map',
  items: '{% $states.input.list %}',
  item_processor: failingWhenTold,
  ...extra,
});
const oneTask = (name: string, output: unknown) => ({
  start_task: name,
  tasks: [{ name, task_type: 'noop', output }],
  conditions: [],
});
const flowOf = (tasks: Array<Record<string, unknown>>, conditions: unknown[] = []) => ({
  id: 'fan-out-views',
  name: 'Fan-out views',
  start_task: tasks[0]!.name,
  tasks,
  conditions,
});
const then = (from: string, to: string) => ({
  name: `${from}-${to}`,
  source_task: from,
  outcome: 'success',
  target_task_success: to,
  target_task_failure: 'fail',
});

const countsOf = async (d: EngineDriver, id: string) => fanOutCountsView(await recentFanOuts(id, d.deps));
const page = (d: EngineDriver, id: string, q: Parameters<typeof listChildren>[1]) =>
  listChildren(id, q, d.deps).then((p) => childrenView(id, p));

describe('fan_out counts on the execution', () => {
  it('counts pending, running and ended children while a map runs, and all succeeded at the end', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(5) });
    expect(await countsOf(d, id)).toEqual({});
    await d.deliver(d.dispatcher.takeOne());
    expect(await countsOf(d, id)).toEqual({
      each: { total: 5, pending: 3, running: 2, succeeded: 0, failed: 0, aborted: 0 },
    });
    await d.deliver(d.dispatcher.takeOne());
    expect(await countsOf(d, id)).toEqual({
      each: { total: 5, pending: 2, running: 2, succeeded: 1, failed: 0, aborted: 0 },
    });
    await d.drain();
    const detail = await getExecutionDetail(id, 0, {}, d.deps);
    const view = executionView(detail, undefined, await recentFanOuts(id, d.deps));
    expect(view.status).toBe('SUCCEEDED');
    expect(view.fan_out).toEqual({ each: { total: 5, pending: 0, running: 0, succeeded: 5, failed: 0, aborted: 0 } });
    // Without the fan-out items (the answers of the routes that start executions), no field.
    expect(executionView(detail)).not.toHaveProperty('fan_out');
  });

  it('are printed by `flow status`, one line per fan-out task', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(5) });
    await d.deliver(d.dispatcher.takeOne());
    await d.deliver(d.dispatcher.takeOne());
    const view = executionView(await getExecutionDetail(id, 0, {}, d.deps), undefined, await recentFanOuts(id, d.deps));
    const lines = statusLines(view);
    const at = lines.indexOf('fan-out children:');
    expect(at).toBeGreaterThan(lines.indexOf('tasks:'));
    expect(lines[at + 1]).toBe('  each  5 total  2 pending  2 running  1 succeeded  0 failed  0 aborted');
    expect(statusLines(executionView(await getExecutionDetail(id, 0, {}, d.deps)))).not.toContain('fan-out children:');
  });

  it('counts a failed parallel and each fan-out task of the flow under its own name', async () => {
    const d = new EngineDriver();
    const failing = oneTask('boom', '{% $error("branch broke") %}');
    const id = await d.startWithFanOuts(
      flowOf(
        [
          mapTask('first', { max_concurrency: 3 }),
          { name: 'second', task_type: 'parallel', branches: [oneTask('fine', 1), failing, oneTask('also', 2)] },
        ],
        [then('first', 'second')],
      ),
      { list: items(3) },
    );
    await d.drain(200);
    expect((await d.execution(id)).status).toBe('FAILED');
    const counts = await countsOf(d, id);
    expect(counts.first).toEqual({ total: 3, pending: 0, running: 0, succeeded: 3, failed: 0, aborted: 0 });
    expect(counts.second).toMatchObject({ total: 3, pending: 0, running: 0, failed: 1 });
    expect(counts.second!.succeeded + counts.second!.failed + counts.second!.aborted + counts.second!.running).toBe(3);
  });

  it("shows a task's latest run when it ran again (a retry is a new step with new children)", async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(
      flowOf([mapTask('each', { retry: [{ error_equals: ['States.ALL'], max_attempts: 1 }] })]),
      { list: items(2, (n) => n === 1) },
    );
    await d.drain(200);
    await d.fireTimers();
    d.advance(60);
    await d.fireTimers();
    await d.drain(200);
    expect((await d.execution(id)).status).toBe('FAILED');
    const runs = await recentFanOuts(id, d.deps);
    expect(runs.map((f) => f.seq)).toEqual([2, 1]);
    expect(await countsOf(d, id)).toEqual({
      each: { total: 2, pending: 0, running: 0, succeeded: 1, failed: 1, aborted: 0 },
    });
    const children = await page(d, id, { limit: 20 });
    expect(children.children.map((c) => c.execution_id)).toEqual([
      childExecutionId(id, 2, 0),
      childExecutionId(id, 2, 1),
    ]);
  });

  it('counts the children a stop of the parent aborted, and those it never started as pending', async () => {
    const d = new EngineDriver();
    const napping = {
      start_task: 'nap',
      tasks: [{ name: 'nap', task_type: 'wait', parameters: { seconds: 60 } }],
      conditions: [],
    };
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { item_processor: napping, max_concurrency: 2 })]), {
      list: items(4),
    });
    await d.drain();
    expect(await countsOf(d, id)).toEqual({
      each: { total: 4, pending: 2, running: 2, succeeded: 0, failed: 0, aborted: 0 },
    });
    await stopExecution(id, {}, d.deps);
    await d.drain();
    expect(await countsOf(d, id)).toEqual({
      each: { total: 4, pending: 2, running: 0, succeeded: 0, failed: 0, aborted: 2 },
    });
  });

  it('keeps the highest step of each task when given several runs', () => {
    const run = (stateName: string, seq: number, total: number) => ({
      status: 'SUCCEEDED' as const,
      stateName,
      seq,
      nextIndex: total,
      counts: { total, succeeded: total, failed: 0, aborted: 0 },
    });
    expect(fanOutCountsView([run('a', 3, 1), run('a', 9, 2), run('b', 4, 3), run('a', 5, 4)])).toEqual({
      a: { total: 2, pending: 0, running: 0, succeeded: 2, failed: 0, aborted: 0 },
      b: { total: 3, pending: 0, running: 0, succeeded: 3, failed: 0, aborted: 0 },
    });
  });
});

describe('the children of a fan-out', () => {
  it('pages them in index order, never-started ones PENDING, with a next_token to go on', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { max_concurrency: 2 })]), {
      list: items(5, (n) => n === 1),
    });
    await d.deliver(d.dispatcher.takeOne());
    await d.deliver(d.dispatcher.takeOne());
    const first = await page(d, id, { limit: 3 });
    expect(first.task).toBe('each');
    expect(first.children).toEqual([
      {
        execution_id: childExecutionId(id, 1, 0),
        index: 0,
        status: 'SUCCEEDED',
        started_at: expect.any(String),
        ended_at: expect.any(String),
        error_code: null,
      },
      {
        execution_id: childExecutionId(id, 1, 1),
        index: 1,
        status: 'RUNNING',
        started_at: expect.any(String),
        ended_at: null,
        error_code: null,
      },
      {
        execution_id: childExecutionId(id, 1, 2),
        index: 2,
        status: 'RUNNING',
        started_at: expect.any(String),
        ended_at: null,
        error_code: null,
      },
    ]);
    expect(first.next_token).toEqual(expect.any(String));
    const rest = await page(d, id, { limit: 3, nextToken: first.next_token! });
    expect(rest.children.map((c) => [c.index, c.status])).toEqual([
      [3, 'PENDING'],
      [4, 'PENDING'],
    ]);
    expect(rest.next_token).toBeNull();
    const pending = await page(d, id, { limit: 20, status: 'PENDING' });
    expect(pending.children.map((c) => c.index)).toEqual([3, 4]);
  });

  it("filters by status, with the failed child's error code, across pages", async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(
      flowOf([mapTask('each', { max_concurrency: 3, tolerated_failure_percentage: 100 })]),
      { list: items(7, (n) => n % 3 === 0) },
    );
    await d.drain(200);
    const first = await page(d, id, { limit: 2, status: 'FAILED' });
    expect(first.children.map((c) => [c.index, c.status])).toEqual([
      [0, 'FAILED'],
      [3, 'FAILED'],
    ]);
    expect(first.children[0]!.error_code).toEqual(expect.any(String));
    expect(first.next_token).not.toBeNull();
    const second = await page(d, id, { limit: 2, status: 'FAILED', nextToken: first.next_token! });
    expect(second.children.map((c) => c.index)).toEqual([6]);
    expect(second.next_token).toBeNull();
    // A token carries its filter: another status (or none) is refused.
    await expect(page(d, id, { limit: 2, status: 'SUCCEEDED', nextToken: first.next_token! })).rejects.toMatchObject({
      code: 'invalid_next_token',
      details: [{ path: 'query.next_token' }],
    });
    await expect(page(d, id, { limit: 2, nextToken: first.next_token! })).rejects.toMatchObject({
      code: 'invalid_next_token',
    });
  });

  it('bounds the reads of a filtered page, answering a next_token to go on', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { max_concurrency: 1 })]), { list: items(1150) });
    await d.deliver(d.dispatcher.takeOne());
    const reads = jest.spyOn(d.store, 'loadChildren');
    const first = await page(d, id, { limit: 5, status: 'SUCCEEDED' });
    expect(first.children).toEqual([]);
    expect(reads).toHaveBeenCalledTimes(10);
    expect(reads.mock.calls.every(([, , indexes]) => indexes.length <= 100)).toBe(true);
    expect(first.next_token).not.toBeNull();
    reads.mockClear();
    const second = await page(d, id, { limit: 5, status: 'SUCCEEDED', nextToken: first.next_token! });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(reads.mock.calls.map(([, , indexes]) => [indexes[0], indexes.at(-1)])).toEqual([
      [1000, 1099],
      [1100, 1149],
    ]);
    expect(second).toMatchObject({ children: [], next_token: null });
    // Unfiltered, one read of `limit` children.
    reads.mockClear();
    expect((await page(d, id, { limit: 100 })).children).toHaveLength(100);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('needs `task` when the execution has several fan-out tasks, and refuses one that is no fan-out', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(
      flowOf(
        // `first` hands its input on, so `second` maps the same list.
        [mapTask('first', { output: '{% $states.input %}' }), mapTask('second'), { name: 'plain', task_type: 'noop' }],
        [then('first', 'second'), then('second', 'plain')],
      ),
      { list: items(2) },
    );
    await d.drain(200);
    const problem = async (task: string | undefined) => {
      const error = await listChildren(id, { limit: 20, ...(task !== undefined && { task }) }, d.deps).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).details;
    };
    expect(await problem(undefined)).toEqual([
      { path: 'query.task', message: 'task is required: this execution has 2 map or parallel tasks (first, second)' },
    ]);
    expect(await problem('plain')).toEqual([
      { path: 'query.task', message: "task 'plain' is not a map or parallel task of this execution" },
    ]);
    expect(await problem('nope')).toEqual([
      { path: 'query.task', message: "task 'nope' is not a map or parallel task of this execution" },
    ]);
    expect((await page(d, id, { limit: 20, task: 'second' })).children.map((c) => c.execution_id)).toEqual([
      childExecutionId(id, 2, 0),
      childExecutionId(id, 2, 1),
    ]);
    await expect(listChildren('no-such-execution', { limit: 20 }, d.deps)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers no children for a fan-out task that has not started yet', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each')]), { list: items(2) });
    expect(await page(d, id, { limit: 20 })).toEqual({
      execution_id: id,
      task: 'each',
      children: [],
      next_token: null,
    });
  });

  it('are readable as executions by their ids, and in no list of executions', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each')]), { list: items(3) });
    await d.drain(200);
    const child = await getExecutionDetail(childExecutionId(id, 1, 2), 0, {}, d.deps);
    expect(child.execution).toMatchObject({ status: 'SUCCEEDED', parent: { execution_id: id, seq: 1, index: 2 } });
    const listed = await d.store.list({ limit: 100 });
    expect(listed.items.map((e) => e.execution_id)).toEqual([id]);
    expect((await d.store.list({ limit: 100, status: 'SUCCEEDED' })).items.map((e) => e.execution_id)).toEqual([id]);
  });
});

describe("a fan-out in its parent's history", () => {
  const typesOf = (events: Array<{ type: string }>) => events.map((e) => e.type);

  it('tells a map run starting while its children run, and its end with the counts once recorded', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(3) });
    await d.deliver(d.dispatcher.takeOne());
    const running = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(running.slice(1)).toEqual([
      {
        id: 11,
        type: 'TaskStarted',
        time: expect.any(String),
        task: 'each',
        step: 1,
        detail: { task_type: 'map', attempt: 1 },
      },
      {
        id: 12,
        type: 'MapRunStarted',
        time: expect.any(String),
        task: 'each',
        step: 1,
        detail: { total: 3, max_concurrency: 2 },
      },
    ]);
    await d.drain();
    const ended = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(typesOf(ended)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(ended.slice(1, 3)).toEqual(running.slice(1));
    expect(ended[3]).toMatchObject({ id: 13, step: 1, detail: { total: 3, succeeded: 3, failed: 0, aborted: 0 } });
    // Ids keep rising, so the history pages through them.
    const firstPage = await getHistory(id, { limit: 3 }, d.deps);
    const secondPage = await getHistory(id, { limit: 3, nextToken: firstPage.nextToken! }, d.deps);
    expect([...firstPage.events, ...secondPage.events]).toEqual(ended);
  });

  it('tells a failed parallel with the failing branch and the counts', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(
      flowOf([
        {
          name: 'both',
          task_type: 'parallel',
          branches: [oneTask('fine', 1), oneTask('boom', '{% $error("branch broke") %}')],
        },
      ]),
    );
    await d.drain(200);
    const events = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'ParallelStateStarted',
      'ParallelStateFailed',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(events[2]).toMatchObject({ detail: { total: 2 } });
    expect(events[2]!.detail).not.toHaveProperty('max_concurrency');
    expect(events[3]).toMatchObject({ detail: { total: 2, failed: 1, failed_index: 1, error: expect.any(String) } });
  });

  it('tells nothing of a fan-out for a map step that failed before it opened one', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(flowOf([mapTask('each')]), { list: { not: 'a list' } });
    await d.drain();
    expect(typesOf((await getHistory(id, { limit: 100 }, d.deps)).events)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'TaskFailed',
      'ExecutionFailed',
    ]);
  });
});

describe('child execution ids on the read routes', () => {
  const pathEvent = (id: string) => ({ pathParameters: { execution_id: id } }) as unknown as APIGatewayProxyEventV2;

  it('accepts a child id, nested, up to the longest, where the routes that start or change executions refuse it', () => {
    const caller = 'x'.repeat(64);
    const nested = `${caller}.7.3.2.0.1.12345`;
    for (const id of ['order-42.1.0', `${caller}.1.0`, nested, 'a', caller]) {
      expect(readExecutionIdParam(pathEvent(id))).toBe(id);
    }
    expect(thrownDomainError(() => executionIdParam(pathEvent('order-42.1.0')))).toMatchObject({
      code: 'invalid_execution_id',
    });
  });

  it.each([
    ['a step number 0', 'order.0.1'],
    ['a missing index', 'order.1'],
    ['a dot in the caller part', 'a.b.1.0'],
    ['a child of a caller id over 64 characters', `${'x'.repeat(120)}.1.0.1.0`],
    ['over the longest child id', `${'x'.repeat(64)}${'.1.0'.repeat(17)}`],
    ['a caller id over 64 characters', 'x'.repeat(65)],
    ['a key separator', 'EXEC#a.1.0'],
  ])('refuses %s naming path.execution_id', (_what, id) => {
    expect(thrownDomainError(() => readExecutionIdParam(pathEvent(id)))).toMatchObject({
      status: 400,
      code: 'invalid_execution_id',
      details: [{ path: 'path.execution_id', message: expect.stringContaining('child execution') }],
    });
  });

  it("pages a long child id's steps and history with next_tokens", async () => {
    const d = new EngineDriver();
    const body = flowOf([mapTask('each')]);
    const id = await d.startWithFanOuts(body, { list: items(1) });
    await d.drain();
    const child = childExecutionId(id, 1, 0);
    expect(decodeStepToken(encodeStepToken(`${'x'.repeat(64)}.1.0.2.0`, 2), `${'x'.repeat(64)}.1.0.2.0`)).toBe(2);
    const history = await getHistory(child, { limit: 1 }, d.deps);
    expect(history.nextToken).toEqual(expect.any(String));
    const rest = await getHistory(child, { limit: 100, nextToken: history.nextToken! }, d.deps);
    expect(rest.events.map((e) => e.type)).toContain('ExecutionSucceeded');
  });
});

describe("the list of one parent's child executions", () => {
  it('pages every fan-out of the parent by step then index, started children only', async () => {
    const d = new EngineDriver();
    const id = await d.startWithFanOuts(
      flowOf(
        [mapTask('first', { output: '{% $states.input %}' }), mapTask('second', { max_concurrency: 1 })],
        [then('first', 'second')],
      ),
      { list: items(3) },
    );
    // `first` runs to its end; `second` has started one child of three.
    while ((await recentFanOuts(id, d.deps)).length < 2) await d.deliver(d.dispatcher.takeOne());
    const ids = async (limit: number) => {
      const shown: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await listChildExecutions(id, { limit, nextToken }, d.deps);
        shown.push(...page.items.map((e) => e.execution_id));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken !== undefined);
      return { shown, pages };
    };
    const expected = [
      childExecutionId(id, 1, 0),
      childExecutionId(id, 1, 1),
      childExecutionId(id, 1, 2),
      childExecutionId(id, 2, 0),
    ];
    expect(await ids(100)).toEqual({ shown: expected, pages: 1 });
    expect(await ids(2)).toEqual({ shown: expected, pages: 2 });
    expect(await ids(3)).toEqual({ shown: expected, pages: 2 });
    const first = await listChildExecutions(id, { limit: 1 }, d.deps);
    expect(first.items[0]).toMatchObject({
      execution_id: childExecutionId(id, 1, 0),
      status: 'SUCCEEDED',
      flow_id: 'fan-out-views',
    });
    await expect(listChildExecutions('other', { limit: 1, nextToken: first.nextToken }, d.deps)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const other = await d.startWithFanOuts(flowOf([mapTask('each')]), { list: items(1) });
    await expect(listChildExecutions(other, { limit: 1, nextToken: first.nextToken }, d.deps)).rejects.toMatchObject({
      code: 'invalid_next_token',
    });
    expect(await listChildExecutions(other, { limit: 5 }, d.deps)).toEqual({ items: [] });
  });

  it('is asked with parent_execution_id alone among the filters, a child id taken', () => {
    const parse = (q: Record<string, string>) => ListQuerySchema.safeParse(q);
    expect(parse({ parent_execution_id: 'order-42.3.1', limit: '5' })).toMatchObject({
      success: true,
      data: { parent_execution_id: 'order-42.3.1', limit: 5 },
    });
    const combined = parse({ parent_execution_id: 'order-42', status: 'RUNNING' });
    expect(combined.success).toBe(false);
    expect(combined.error!.issues).toEqual([
      expect.objectContaining({
        path: ['parent_execution_id'],
        message: 'parent_execution_id combines only with limit and next_token, not with status',
      }),
    ]);
    expect(parse({ parent_execution_id: 'a#b' }).error!.issues[0]).toMatchObject({ path: ['parent_execution_id'] });
  });
});

describe('the OpenAPI document of the fan-out views', () => {
  const doc = openApiDocument() as any;
  const idParameter = (path: string, method: string) =>
    doc.paths[path][method].parameters.find((p: any) => p.name === 'execution_id').schema;

  it('takes a child id on the routes that only read an execution, and only a caller id elsewhere', () => {
    for (const path of ['', '/history', '/children'])
      expect(idParameter(`/api/v1/flows/executions/{execution_id}${path}`, 'get')).toMatchObject({
        maxLength: LIMITS.maxChildExecutionIdLength,
      });
    for (const path of ['/stop', '/redrive'])
      expect(idParameter(`/api/v1/flows/executions/{execution_id}${path}`, 'post')).toMatchObject({
        maxLength: LIMITS.maxExecutionIdLength,
        pattern: '^[A-Za-z0-9_-]+$',
      });
  });

  it('documents the children route with its parameters, and `fan_out` on the execution', () => {
    const children = doc.paths['/api/v1/flows/executions/{execution_id}/children'].get;
    expect(children.parameters.map((p: any) => p.name).sort()).toEqual([
      'execution_id',
      'limit',
      'next_token',
      'status',
      'task',
    ]);
    expect(JSON.stringify(children.responses['200'])).toContain('ended_at');
    expect(doc.components.schemas.Execution.properties.fan_out).toBeDefined();
    const list = doc.paths['/api/v1/flows/executions'].get;
    expect(list.parameters.map((p: any) => p.name)).toContain('parent_execution_id');
  });
});
