import { checkFanOutRuns, type ApiGet, type FanOutRun } from '../../scripts/chaos/fan-out-chaos-check';
import { FAN_OUT_CHAOS_FLOWS, MAP_ITEMS, REFUSED_ITEM } from '../../scripts/chaos/fan-out-chaos-flows';
import { executionOutput } from '../../src/domain/execution/execution-state';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import type { StepTally } from '../../src/faults/chaos-ledger';
import { listChildExecutions } from '../../src/service/child-executions-list';
import { EngineDriver } from '../support/engine-driver';

/**
 * The fan-out flows of the chaos suite (scripts/chaos/fan-out-chaos-*.ts), in memory: run without
 * faults they give what the suite expects of them, and the suite's check counts what it must
 * (children, items run twice, parents not terminal, mismatches) from the same routes it reads.
 */

/** The two routes the check reads, answered by the services behind them over the driver's stores. */
const routesOf =
  (d: EngineDriver): ApiGet =>
  async (path) => {
    const url = new URL(path, 'http://chaos');
    const parent = url.searchParams.get('parent_execution_id');
    if (parent !== null) {
      const page = await listChildExecutions(
        parent,
        { limit: Number(url.searchParams.get('limit')), nextToken: url.searchParams.get('next_token') ?? undefined },
        d.deps,
      );
      return { executions: page.items, next_token: page.nextToken ?? null };
    }
    const id = decodeURIComponent(url.pathname.split('/').pop()!);
    return { output: executionOutput(await d.execution(id)) };
  };

const noRuns = { tally: async (): Promise<StepTally[]> => [] };

async function runFaultFree(kind: string): Promise<{ d: EngineDriver; run: FanOutRun }> {
  const d = new EngineDriver();
  const flow = FAN_OUT_CHAOS_FLOWS[kind]!;
  const id = await d.start(flow, flow.input);
  await d.drain(10_000);
  const parent = await d.execution(id);
  const path = (await d.steps(id)).map((s) => s.task_name);
  return { d, run: { id, kind, outcome: { status: parent.status, path, output: executionOutput(parent) } } };
}

describe('the fan-out flows of the chaos suite, without faults', () => {
  it.each(Object.keys(FAN_OUT_CHAOS_FLOWS))('%s gives the expected outcome, output and children', async (kind) => {
    const { d, run } = await runFaultFree(kind);
    const failures: string[] = [];
    const results = await checkFanOutRuns([run], { get: routesOf(d), ledger: noRuns, failures });
    expect(failures).toEqual([]);
    expect(results).toMatchObject({ parents: 1, items_run_twice: 0, parents_not_terminal: 0, mismatches: 0 });
  });

  it('counts every branch and item, nested ones included', async () => {
    const counts: Record<string, number> = {};
    for (const kind of Object.keys(FAN_OUT_CHAOS_FLOWS)) {
      const { d, run } = await runFaultFree(kind);
      counts[kind] = (await checkFanOutRuns([run], { get: routesOf(d), ledger: noRuns, failures: [] })).children;
    }
    // The map stops at its refused item: the items after it that had started are stopped, the rest never start.
    expect(counts.fan_out_map).toBeGreaterThan(REFUSED_ITEM);
    expect(counts.fan_out_map).toBeLessThanOrEqual(MAP_ITEMS);
    expect(counts).toMatchObject({ fan_out_parallel: 3, fan_out_nested: 2 + 4 });
  });
});

describe('the check of a chaos run', () => {
  it('counts an item whose task ran twice without a crash, and not one that ran again after a crash', async () => {
    const { d, run } = await runFaultFree('fan_out_parallel');
    const twice = childExecutionId(run.id, 1, 1);
    const crashed = childExecutionId(run.id, 1, 2);
    const ledger = {
      tally: async (id: string): Promise<StepTally[]> =>
        id === twice
          ? [{ seq: 2, runs: 2, crashes: 0 }]
          : id === crashed
            ? [{ seq: 1, runs: 2, crashes: 1 }]
            : [{ seq: 1, runs: 1, crashes: 0 }],
    };
    const failures: string[] = [];
    const results = await checkFanOutRuns([run], { get: routesOf(d), ledger, failures });
    expect(results).toMatchObject({ items_run_twice: 1, crashes: 1, crash_reruns: 1, mismatches: 0 });
    expect(failures).toEqual([`${twice} (fan_out_parallel) step 2: body ran 2 times with 0 crash(es)`]);
  });

  it('counts a parent that never ended, and one whose output differs', async () => {
    const { d, run } = await runFaultFree('fan_out_nested');
    const failures: string[] = [];
    const results = await checkFanOutRuns(
      [
        { id: run.id, kind: run.kind },
        { ...run, outcome: { ...run.outcome!, output: [4, [1, 8, 27, 65]] } },
      ],
      { get: routesOf(d), ledger: noRuns, failures },
    );
    expect(results).toMatchObject({ parents: 2, children: 12, parents_not_terminal: 1, mismatches: 1 });
    expect(failures).toEqual([`${run.id} (fan_out_nested): output [4,[1,8,27,65]], expected [4,[1,8,27,64]]`]);
  });

  it('counts a parent whose child gave another output than its item must', async () => {
    const { d, run } = await runFaultFree('fan_out_map');
    const wrong: ApiGet = async (path) =>
      path.includes(`${childExecutionId(run.id, 1, 7)}?`) ? { output: { index: 7, square: 48 } } : routesOf(d)(path);
    const failures: string[] = [];
    const results = await checkFanOutRuns([run], { get: wrong, ledger: noRuns, failures });
    expect(results.mismatches).toBe(1);
    expect(failures).toEqual([
      `${run.id} (fan_out_map): child ${childExecutionId(run.id, 1, 7)} output {"index":7,"square":48}, expected {"index":7,"square":49}`,
    ]);
  });

  it('counts a fault-free run that differs from what the flow must give', async () => {
    const { d, run } = await runFaultFree('fan_out_parallel');
    const failures: string[] = [];
    const references = { fan_out_parallel: { ...run.outcome!, path: ['all three'] }, sequential: run.outcome };
    const results = await checkFanOutRuns([run], { get: routesOf(d), ledger: noRuns, failures, references });
    expect(results.mismatches).toBe(1);
    expect(failures).toEqual(['fault-free run of fan_out_parallel: path all three, expected all three → done']);
  });
});
