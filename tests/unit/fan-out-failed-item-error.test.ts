import { EngineDriver } from '../support/engine-driver';

/**
 * A map or parallel that fails because one of its children failed fails with that child's error,
 * as the child's failing task would have failed in the parent: the same error name and the same
 * message, whether the failure is caught, tolerated or ends the execution.
 */

/** A sub-flow whose one task fails without a code of its own (print's simulated failure). */
const failing = {
  start_task: 'refuse',
  tasks: [{ name: 'refuse', task_type: 'print', parameters: { message: 'no', failure_rate: 1 } }],
  conditions: [],
};
const fine = { start_task: 'ok', tasks: [{ name: 'ok', task_type: 'noop', output: 1 }], conditions: [] };
const caughtBy = (fanOut: Record<string, unknown>) => ({
  id: 'failed-item-error',
  name: 'failed item error',
  start_task: 'fan',
  tasks: [
    { name: 'fan', ...fanOut, catch: [{ error_equals: ['States.ALL'], next: 'caught' }] },
    { name: 'caught', task_type: 'noop', output: '{% $states.input %}' },
  ],
  conditions: [],
});

async function outputOf(flow: Record<string, unknown>): Promise<unknown> {
  const d = new EngineDriver();
  const id = await d.start(flow);
  await d.drain(1000);
  const parent = await d.execution(id);
  expect(parent.status).toBe('SUCCEEDED');
  return parent.state.data;
}

describe('the error of a fan-out failed by a child', () => {
  const asATaskFailsIt = { error: 'States.TaskFailed', cause: 'Simulated print failure' };

  it('is the one the child’s task fails with when the task runs in the parent', async () => {
    const plain = await outputOf({
      ...caughtBy({ task_type: 'print', parameters: { message: 'no', failure_rate: 1 } }),
    });
    expect(plain).toEqual(asATaskFailsIt);
  });

  it('reaches a parallel’s catch with the failed branch’s error name and message', async () => {
    expect(await outputOf(caughtBy({ task_type: 'parallel', branches: [fine, failing] }))).toEqual(asATaskFailsIt);
  });

  it('reaches a map’s catch with the failed item’s error name and message', async () => {
    const map = caughtBy({ task_type: 'map', items: [1, 2, 3], max_concurrency: 1, item_processor: failing });
    expect(await outputOf(map)).toEqual(asATaskFailsIt);
  });

  it('ends an uncaught execution as the task’s own failure would', async () => {
    const d = new EngineDriver();
    const id = await d.start({
      id: 'uncaught',
      name: 'uncaught',
      start_task: 'fan',
      tasks: [{ name: 'fan', task_type: 'parallel', branches: [failing] }],
      conditions: [],
    });
    await d.drain(1000);
    expect(await d.execution(id)).toMatchObject({
      status: 'FAILED',
      reason: 'task_failed',
      error: 'Simulated print failure',
      failed_task: 'fan',
    });
  });

  it('is a tolerated failed item’s output, spelled the same way', async () => {
    const map = caughtBy({
      task_type: 'map',
      items: [1, 2],
      tolerated_failure_count: 2,
      item_processor: failing,
    });
    expect(await outputOf(map)).toEqual([asATaskFailsIt, asATaskFailsIt]);
  });
});
