import {
  JSONPATH_BENCH_INPUT,
  jsonPathMachine,
  jsonPathMachineOutput,
  jsonPathRequest,
  nativeDataTwinRequest,
  nativeTwinRequest,
} from '../../bench/jsonpath-machine';
import { JSONPATH_LIMITS, jsonPathTargets, ratiosOf, type StepCost } from '../../bench/jsonpath-targets';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { createExecution } from '../../src/service/execution-lifecycle';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';
import { runMachine } from '../support/asl-machine-runner';

describe("the bench's JSONPath machine", () => {
  it('runs every state in order, each handing on the order with the greeting and its own name', async () => {
    const execution = await runMachine(jsonPathMachine(3), JSONPATH_BENCH_INPUT);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual(jsonPathMachineOutput(3));
    expect(jsonPathMachineOutput(3).order).toMatchObject({ greeting: 'Hello, Ada!', last_state: 't3' });
  });

  it('imports as tasks named as the native flow’s, each with every JSONPath field a step evaluates', () => {
    const { flow } = parseFlowRequest(jsonPathRequest(4), defaultRegistry(), { asl: true });
    const native = parseFlowRequest(nativeTwinRequest(4), defaultRegistry(), {}).flow;
    expect(flow.tasks.map((t) => t.name)).toEqual(native.tasks.map((t) => t.name));
    expect(flow.name).toBe(native.name);
    for (const task of flow.tasks) {
      expect(task.task_type).toBe('noop');
      expect(Object.keys(task.jsonpath ?? {}).sort()).toEqual(
        ['input_path', 'output_path', 'parameters', 'result_path', 'result_selector'].sort(),
      );
    }
  });

  it('has a native twin that hands out the same document through its output templates', async () => {
    const driver = new EngineDriver();
    const { execution } = await createExecution(nativeDataTwinRequest(3), { start: true }, driver.deps);
    await driver.drain();
    const done = await driver.execution(execution.execution_id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toEqual(jsonPathMachineOutput(3));
  });

  it('refuses a machine without states', () => {
    expect(() => jsonPathMachine(0)).toThrow(RangeError);
  });
});

describe("the JSONPath section's targets", () => {
  const cost = (over: Partial<StepCost> = {}): StepCost => ({
    invocations_per_step: 1,
    wcu_per_step: 3.6,
    rcu_per_step: 0.075,
    head_bytes: 1385,
    handler_ms_per_step: 2,
    ms_per_step: 3,
    ...over,
  });
  const judged = (jsonpath: StepCost, msRatio?: number) => {
    const native = cost();
    const ratios = { ...ratiosOf(native, jsonpath), ...(msRatio !== undefined && { ms_per_step: msRatio }) };
    return jsonPathTargets({ native, native_data: native, jsonpath, ratios, ratios_to_native_data: ratios });
  };
  const failed = (targets: ReturnType<typeof jsonPathTargets>) => targets.filter((t) => !t.pass).map((t) => t.target);

  it('passes a JSONPath step that costs what a native one does', () => {
    expect(failed(judged(cost(), 1.1))).toEqual([]);
  });

  it('fails one write or read unit more per 20-step execution, and a time ratio over the limit', () => {
    expect(failed(judged(cost({ wcu_per_step: 3.65 })))).toEqual([
      `jsonpath: WCU per step ≤ ${JSONPATH_LIMITS.capacityRatio} × native`,
    ]);
    expect(failed(judged(cost({ rcu_per_step: 0.1 })))).toEqual([
      `jsonpath: RCU per step ≤ ${JSONPATH_LIMITS.capacityRatio} × native`,
    ]);
    expect(failed(judged(cost(), 1.16))).toEqual([`jsonpath: time per step ≤ ${JSONPATH_LIMITS.timeRatio} × native`]);
    expect(failed(judged(cost({ invocations_per_step: 1.05 })))).toEqual([
      'jsonpath: as many Lambda invocations per step as native',
    ]);
  });

  it('takes ratios of JSONPath over native, 1 when both are 0 and NaN (a failure) when only native is', () => {
    const zero = cost({ rcu_per_step: 0, wcu_per_step: 0 });
    const ratios = ratiosOf(zero, cost({ rcu_per_step: 0, head_bytes: 1400 }));
    expect(ratios.rcu_per_step).toBe(1);
    expect(ratios.wcu_per_step).toBeNaN();
    expect(ratios.head_bytes).toBe(1.011);
    expect(
      failed(
        jsonPathTargets({ native: zero, native_data: zero, jsonpath: cost(), ratios, ratios_to_native_data: ratios }),
      ),
    ).toContain(`jsonpath: WCU per step ≤ ${JSONPATH_LIMITS.capacityRatio} × native`);
  });
});
