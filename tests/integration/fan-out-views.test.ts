import { StepMessageSchema } from '../../src/domain/execution/step-message';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { listChildExecutions } from '../../src/service/child-executions-list';
import { createExecution } from '../../src/service/execution-lifecycle';
import { getHistory } from '../../src/service/execution-history';
import { listChildren, recentFanOuts } from '../../src/service/fan-out-queries';
import { runStep } from '../../src/service/step-runner';
import { childrenView } from '../../src/views/children-view';
import { fanOutCountsView } from '../../src/views/fan-out-summary';
import { api } from '../support/http';
import { testDeps } from '../support/local-services';

/**
 * The fan-out views on DynamoDB Local: the execution's fan-out items by one Query, the children by
 * derived keys (BatchGetItem), the history's run and per-child events, and a child read by its id
 * through the API.
 */
describe('the fan-out views on DynamoDB', () => {
  const { deps, dispatcher } = testDeps();

  async function runMap(
    list: unknown[],
    maxConcurrency: number,
    fields: Record<string, unknown> = {},
  ): Promise<string> {
    const { execution } = await createExecution(
      {
        input: { list },
        id: 'fan-out-views-it',
        name: 'fan-out views',
        start_task: 'each',
        conditions: [],
        tasks: [
          {
            name: 'each',
            task_type: 'map',
            items: '{% $states.input.list %}',
            max_concurrency: maxConcurrency,
            tolerated_failure_percentage: 100,
            item_processor: {
              start_task: 'check',
              tasks: [
                { name: 'check', task_type: 'noop', output: '{% $states.input > 1 ? $error("big") : $states.input %}' },
              ],
              conditions: [],
            },
            ...fields,
          },
        ],
      },
      { start: true },
      deps,
    );
    // The entry: the map opens its fan-out, parks, and starts the first children.
    for (const message of dispatcher.take()) await runStep(StepMessageSchema.parse(message), deps);
    return execution.execution_id;
  }

  const drain = async () => {
    for (let rounds = 0; rounds < 50; rounds++) {
      const pending = dispatcher.take();
      if (pending.length === 0) return;
      for (const message of pending) await runStep(StepMessageSchema.parse(message), deps);
    }
    throw new Error('still running after 50 rounds');
  };

  it('counts, pages and lists the children of a map, and tells its run in the history', async () => {
    const id = await runMap([0, 1, 2, 3, 1], 2);
    expect(fanOutCountsView(await recentFanOuts(id, deps))).toEqual({
      each: { total: 5, pending: 3, running: 2, succeeded: 0, failed: 0, aborted: 0 },
    });
    await drain();
    expect((await deps.store.loadExecution(id))?.status).toBe('SUCCEEDED');
    expect(fanOutCountsView(await recentFanOuts(id, deps))).toEqual({
      each: { total: 5, pending: 0, running: 0, succeeded: 3, failed: 2, aborted: 0 },
    });
    const failed = await listChildren(id, { limit: 20, status: 'FAILED' }, deps);
    expect(failed.children.map((c) => [c.index, c.executionId, c.execution?.status])).toEqual([
      [2, childExecutionId(id, 1, 2), 'FAILED'],
      [3, childExecutionId(id, 1, 3), 'FAILED'],
    ]);
    const listed = await listChildExecutions(id, { limit: 3 }, deps);
    expect(listed.items.map((e) => e.execution_id)).toEqual([0, 1, 2].map((i) => childExecutionId(id, 1, i)));
    const rest = await listChildExecutions(id, { limit: 3, nextToken: listed.nextToken }, deps);
    expect(rest).toEqual({
      items: [
        expect.objectContaining({ execution_id: childExecutionId(id, 1, 3) }),
        expect.objectContaining({ execution_id: childExecutionId(id, 1, 4) }),
      ],
    });
    const whole = (await getHistory(id, { limit: 100 }, deps)).events;
    const ends = ['Succeeded', 'Succeeded', 'Failed', 'Failed', 'Succeeded'];
    expect(whole.map((e) => [e.type, e.detail?.index])).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStarted', undefined],
      ['MapRunStarted', undefined],
      ...ends.flatMap((end, index) => [
        ['MapIterationStarted', index],
        [`MapIteration${end}`, index],
      ]),
      ['MapRunSucceeded', undefined],
      ['TaskSucceeded', undefined],
      ['ExecutionSucceeded', undefined],
    ]);
    expect(whole[8]!.detail).toMatchObject({
      execution_id: childExecutionId(id, 1, 2),
      cause: expect.stringContaining('big'),
    });
    // Paged through the children (read by derived keys), each event once, in the same order.
    const pages = [await getHistory(id, { limit: 3 }, deps)];
    while (pages.at(-1)!.nextToken !== undefined)
      pages.push(await getHistory(id, { limit: 3, nextToken: pages.at(-1)!.nextToken! }, deps));
    expect(pages.flatMap((page) => page.events)).toEqual(whole);
  });

  it("reads a child by its id on the /flow service's status route and on the graph route", async () => {
    const id = await runMap([0, 2], 2);
    await drain();
    const [fine, failed] = [0, 1].map((index) => childExecutionId(id, 1, index));
    expect(await api('GET', `/flow/${fine}/status`)).toMatchObject({
      status: 200,
      body: { execution_id: fine, status: expect.any(String) },
    });
    const failedStatus = await api('GET', `/flow/${failed}/status`);
    expect(failedStatus).toMatchObject({ status: 200, body: { execution_id: failed } });
    expect(failedStatus.body.status).not.toBe((await api('GET', `/flow/${fine}/status`)).body.status);
    expect(await api('GET', `/api/v1/flows/executions/${failed}/graph`)).toMatchObject({
      status: 200,
      body: { execution_id: failed, start: 'check' },
    });
    const mermaid = await api('GET', `/api/v1/flows/executions/${fine}/graph?format=mermaid`);
    expect(mermaid.status).toBe(200);
    expect(mermaid.body).toContain('check');
    expect(await api('GET', `/flow/${id}.0.1/status`)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_execution_id' } },
    });
    expect((await api('GET', `/flow/${id}.1.9/status`)).status).toBe(404);
  });

  it('keeps the outputs of a map that writes its results out on its children, read by run with include=output', async () => {
    const id = await runMap([0, 1, 2, 3, 1], 2, { write_results: true });
    await drain();
    const parent = await deps.store.loadExecution(id);
    expect(parent).toMatchObject({ status: 'SUCCEEDED' });
    expect(parent!.state.data).toEqual({
      execution_id: id,
      task: 'each',
      run: 1,
      total: 5,
      succeeded: 3,
      failed: 2,
      results_path: `/api/v1/flows/executions/${id}/children?task=each&run=1&include=output`,
    });
    const first = await listChildren(id, { task: 'each', run: 1, includeOutput: true, limit: 3 }, deps);
    const rest = await listChildren(id, { includeOutput: true, limit: 3, nextToken: first.nextToken }, deps);
    expect(first.children).toHaveLength(3);
    const both = { ...first, children: [...first.children, ...rest.children] };
    const rows = childrenView(id, both, { includeOutput: true }).children;
    expect(rows.map((row) => [row.index, row.status, row.output])).toEqual([
      [0, 'SUCCEEDED', 0],
      [1, 'SUCCEEDED', 1],
      [2, 'FAILED', { error: 'States.QueryEvaluationError', cause: expect.stringContaining('big') }],
      [3, 'FAILED', { error: 'States.QueryEvaluationError', cause: expect.stringContaining('big') }],
      [4, 'SUCCEEDED', 1],
    ]);
    expect(rest.nextToken).toBeUndefined();
  });
});
