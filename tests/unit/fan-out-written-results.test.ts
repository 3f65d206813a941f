import { ValidationError } from '../../src/domain/errors';
import { LIMITS } from '../../src/domain/limits';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { itemResult, writtenResults } from '../../src/engine/fan-out/written-results';
import { listChildren } from '../../src/service/fan-out-queries';
import { childrenView } from '../../src/views/children-view';
import { EngineDriver } from '../support/engine-driver';

/** A map over `$states.input.list` whose one task hands on `output`, then a noop that hands on what it got. */
const mapFlow = (output: string, fields: Record<string, unknown> = {}) => ({
  id: 'written-results',
  name: 'Written results',
  start_task: 'fan',
  tasks: [
    {
      name: 'fan',
      task_type: 'map',
      items: '{% $states.input.list %}',
      item_processor: { start_task: 'one', tasks: [{ name: 'one', task_type: 'noop', output }], conditions: [] },
      ...fields,
    },
    { name: 'after', task_type: 'noop', output: '{% $states.input %}' },
  ],
  conditions: [
    { name: 'then', source_task: 'fan', outcome: 'success', target_task_success: 'after', target_task_failure: 'fail' },
  ],
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** About 1 KB per item: 300 of them are over the 256 KB state limit together. */
const kilobyteEach = '{% { "n": $states.input, "pad": $join([1..100].("0123456789"), "") } %}';
/** Items whose number is 1 or 3 fail. */
const failingOneAndThree = '{% $states.input in [1, 3] ? $error("item failed") : $states.input * 10 %}';

async function run(body: Record<string, unknown>, list: unknown[]) {
  const d = new EngineDriver();
  const id = await d.start(body, { list });
  await d.drain(2000);
  const fanStep = (await d.steps(id)).find((step) => step.task_name === 'fan');
  return { d, id, execution: await d.execution(id), fanStep };
}

/** Every child's output through the children route's service, `limit` per page, and the pages' sizes. */
async function readAll(d: EngineDriver, id: string, limit: number) {
  const outputs: unknown[] = [];
  const sizes: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listChildren(id, { run: 1, includeOutput: true, limit, nextToken }, d.deps);
    const rows = childrenView(id, page, { includeOutput: true }).children;
    expect(rows.map((row) => row.index)).toEqual(range(rows.length).map((k) => outputs.length + k));
    outputs.push(...rows.map((row) => row.output));
    sizes.push(rows.length);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { outputs, sizes };
}

describe('a map with write_results', () => {
  it('succeeds with a summary of 300 items whose outputs together fail the gather with States.DataLimitExceeded', async () => {
    const list = range(300);
    const gathered = await run(mapFlow(kilobyteEach), list);
    expect(gathered.execution.status).toBe('FAILED');
    expect(gathered.fanStep).toMatchObject({ status: 'FAILED', error_code: 'States.DataLimitExceeded' });

    const { d, id, execution } = await run(mapFlow(kilobyteEach, { write_results: true }), list);
    expect(execution.status).toBe('SUCCEEDED');
    // The summary went on to the next task as the map's result.
    expect(execution.state.data).toEqual({
      execution_id: id,
      task: 'fan',
      run: 1,
      total: 300,
      succeeded: 300,
      failed: 0,
      results_path: `/api/v1/flows/executions/${id}/children?task=fan&run=1&include=output`,
    });
    const { outputs, sizes } = await readAll(d, id, LIMITS.childPageMax);
    expect(sizes).toEqual([100, 100, 100]);
    expect(outputs).toEqual(list.map((n) => ({ n, pad: '0123456789'.repeat(100) })));
  });

  it('counts tolerated failures, and the route shows each item as the gather would have placed it', async () => {
    const list = range(6);
    const tolerating = { tolerated_failure_count: 2, max_concurrency: 2 };
    const gathered = await run(mapFlow(failingOneAndThree, tolerating), list);
    expect(gathered.execution.status).toBe('SUCCEEDED');

    const { d, id, execution } = await run(mapFlow(failingOneAndThree, { ...tolerating, write_results: true }), list);
    expect(execution.state.data).toMatchObject({ total: 6, succeeded: 4, failed: 2 });
    const { outputs, sizes } = await readAll(d, id, 4);
    expect(sizes).toEqual([4, 2]);
    expect(outputs).toEqual(gathered.execution.state.data);
    expect(outputs[1]).toEqual({ error: 'States.QueryEvaluationError', cause: expect.stringContaining('item failed') });
  });

  it('fails past its tolerated failures as any map does', async () => {
    const { execution, fanStep } = await run(
      mapFlow(failingOneAndThree, { tolerated_failure_count: 1, write_results: true }),
      range(6),
    );
    expect(execution.status).toBe('FAILED');
    expect(fanStep).toMatchObject({ status: 'FAILED', error_code: 'States.ExceedToleratedFailureThreshold' });
  });
});

describe('the children route with include=output', () => {
  it(`ends a page before its outputs pass ${LIMITS.childOutputPageBytes} bytes, and the next page goes on from there`, async () => {
    // About 60 KB per item: 100 of them are 6 MB, over Lambda's response limit in one page.
    const big = '{% { "n": $states.input, "pad": $join([1..6000].("0123456789"), "") } %}';
    const { d, id, execution } = await run(mapFlow(big, { write_results: true }), range(100));
    expect(execution.status).toBe('SUCCEEDED');
    const { outputs, sizes } = await readAll(d, id, 100);
    expect(sizes.length).toBeGreaterThan(1);
    expect(outputs.map((o) => (o as { n: number }).n)).toEqual(range(100));
    const perItem = Buffer.byteLength(JSON.stringify(outputs[0]));
    expect(sizes[0]).toBe(Math.floor(LIMITS.childOutputPageBytes / perItem));
    // Without outputs the same page is whole.
    expect((await listChildren(id, { limit: 100 }, d.deps)).children).toHaveLength(100);
  });

  it('shows no output for a child that has not ended', () => {
    expect(itemResult(undefined)).toBeUndefined();
    expect(itemResult({ status: 'RUNNING', state: { input: {}, results: new Map(), data: 2 } })).toBeUndefined();
  });

  it("refuses a run that is not the task's, naming query.run", async () => {
    const { d, id } = await run(mapFlow('{% $states.input %}', { write_results: true }), range(2));
    const asked = listChildren(id, { task: 'fan', run: 2, limit: 10 }, d.deps);
    await expect(asked).rejects.toThrow(ValidationError);
    await expect(asked).rejects.toMatchObject({
      details: [{ path: 'query.run', message: "run 2 is not a run of task 'fan'" }],
    });
  });
});

describe('the summary of a map that writes its results out', () => {
  it('counts failed and stopped children as failed, and names the run in a path the route reads', () => {
    const summary = writtenResults({
      parentId: childExecutionId('order-42', 3, 7),
      seq: 5,
      stateName: 'each item',
      counts: { total: 10, succeeded: 6, failed: 3, aborted: 1 },
    });
    expect(summary).toEqual({
      execution_id: 'order-42.3.7',
      task: 'each item',
      run: 5,
      total: 10,
      succeeded: 6,
      failed: 4,
      results_path: '/api/v1/flows/executions/order-42.3.7/children?task=each+item&run=5&include=output',
    });
  });
});
