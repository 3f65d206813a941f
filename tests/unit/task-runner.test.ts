import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { runTaskForStateMachine } from '../../src/service/run-task-for-state-machine';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { sampleFlow } from '../support/flows';

const deps = { registry: defaultRegistry(), logger: { debug() {}, info() {}, warn() {}, error() {} } };

describe('the task runner an exported state machine invokes', () => {
  it("runs the task the export's Task state names, with its parameters, and answers its output", async () => {
    const { flow } = parseFlowRequest(sampleFlow('classic-pipeline.json'), deps.registry);
    const state = (flowToAsl(flow).asl as any).States.task1;
    const payload = { ...state.Arguments.Payload, input: {} };
    expect(await runTaskForStateMachine(payload, deps)).toMatchObject({ source: 'default_api', total_count: 3 });
  });

  it("offers the state's input as the earlier output that tasks such as process_data read", async () => {
    const records = [{ id: 1, name: 'a', value: 1 }];
    const out = await runTaskForStateMachine(
      { task_type: 'process_data', parameters: {}, input: { records, total_count: 1 } },
      deps,
    );
    expect(out).toMatchObject({ processed_records: expect.any(Array) });
  });

  it('fails with the task error code as the error name, so Retry and Catch match what our engine matches', async () => {
    await expect(
      runTaskForStateMachine(
        { task_type: 'flaky', parameters: { fail_attempts: 1, error_code: 'PaymentDeclined' } },
        deps,
      ),
    ).rejects.toMatchObject({
      name: 'PaymentDeclined',
    });
    await expect(
      runTaskForStateMachine({ task_type: 'fetch_data', parameters: { delay_ms: 2000 } }, deps, 0.1),
    ).rejects.toMatchObject({ name: 'States.Timeout' });
    await expect(runTaskForStateMachine({ task_type: 'nope' }, deps)).rejects.toMatchObject({ name: 'States.Runtime' });
    await expect(runTaskForStateMachine({ parameters: {} }, deps)).rejects.toMatchObject({ name: 'States.Runtime' });
  });

  it('waits within the invocation for a wait the export kept as a task, and refuses one longer than an invocation may last', async () => {
    const slept: number[] = [];
    const sleeping = { ...deps, sleep: async (ms: number) => void slept.push(ms) };
    expect(
      await runTaskForStateMachine({ task_type: 'wait', parameters: { seconds: 90 }, input: { a: 1 } }, sleeping),
    ).toEqual({ waited_seconds: 90 });
    expect(slept).toEqual([90_000]);
    await expect(
      runTaskForStateMachine({ task_type: 'wait', parameters: { seconds: 3600 } }, sleeping),
    ).rejects.toMatchObject({ name: 'States.Runtime' });
    expect(slept).toEqual([90_000]);
  });
});
