import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../../src/domain/errors';
import { LIMITS } from '../../src/domain/limits';
import { decodeStepToken, encodeStepToken } from '../../src/domain/paging/step-token';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { ListQuerySchema } from '../../src/http/list-query';
import { openApiDocument } from '../../src/http/openapi/document';
import { executionIdParam, readExecutionIdParam } from '../../src/http/request';
import { listChildExecutions } from '../../src/service/child-executions-list';
import { getHistory } from '../../src/service/execution-history';
import { recentFanOuts } from '../../src/service/fan-out-queries';
import { EngineDriver } from '../support/engine-driver';
import { flowOf, items, mapTask, oneTask, then } from '../support/fan-out-view-flows';
import { thrownDomainError } from '../support/validation-problems';

describe("a fan-out in its parent's history", () => {
  const typesOf = (events: Array<{ type: string }>) => events.map((e) => e.type);

  it('tells a map run starting while its children run, and its end with the counts once recorded', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each', { max_concurrency: 2 })]), { list: items(3) });
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
      // The two children started so far, not yet ended; the third, never started, tells nothing.
      ...[0, 1].map((index) => ({
        id: 12,
        type: 'MapIterationStarted',
        time: expect.any(String),
        task: 'each',
        step: 1,
        detail: { index, execution_id: childExecutionId(id, 1, index) },
      })),
    ]);
    await d.drain();
    const ended = (await getHistory(id, { limit: 100 }, d.deps)).events;
    expect(typesOf(ended)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'MapRunStarted',
      ...[0, 1, 2].flatMap(() => ['MapIterationStarted', 'MapIterationSucceeded']),
      'MapRunSucceeded',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(ended.slice(1, 4)).toEqual(running.slice(1, 4));
    expect(ended[9]).toMatchObject({ id: 13, step: 1, detail: { total: 3, succeeded: 3, failed: 0, aborted: 0 } });
    // Ids never fall, so the history pages through them.
    const pages = [await getHistory(id, { limit: 3 }, d.deps)];
    while (pages.at(-1)!.nextToken !== undefined)
      pages.push(await getHistory(id, { limit: 3, nextToken: pages.at(-1)!.nextToken! }, d.deps));
    expect(pages.flatMap((p) => p.events)).toEqual(ended);
  });

  it('tells a failed parallel with the failing branch and the counts', async () => {
    const d = new EngineDriver();
    const id = await d.start(
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
      'ParallelBranchStarted',
      'ParallelBranchSucceeded',
      'ParallelBranchStarted',
      'ParallelBranchFailed',
      'ParallelStateFailed',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(events[2]).toMatchObject({ detail: { total: 2 } });
    expect(events[2]!.detail).not.toHaveProperty('max_concurrency');
    expect(events[7]).toMatchObject({ detail: { total: 2, failed: 1, failed_index: 1, error: expect.any(String) } });
  });

  it('tells nothing of a fan-out for a map step that failed before it opened one', async () => {
    const d = new EngineDriver();
    const id = await d.start(flowOf([mapTask('each')]), { list: { not: 'a list' } });
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
    const id = await d.start(body, { list: items(1) });
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
    const id = await d.start(
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
    const other = await d.start(flowOf([mapTask('each')]), { list: items(1) });
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
    for (const path of ['', '/history', '/children', '/graph'])
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
      'include',
      'limit',
      'next_token',
      'run',
      'status',
      'task',
    ]);
    expect(JSON.stringify(children.responses['200'])).toContain('ended_at');
    expect(doc.components.schemas.Execution.properties.fan_out).toBeDefined();
    const list = doc.paths['/api/v1/flows/executions'].get;
    expect(list.parameters.map((p: any) => p.name)).toContain('parent_execution_id');
  });
});
