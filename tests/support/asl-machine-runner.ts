import type { Execution } from '../../src/domain/execution/execution';
import { createExecution } from '../../src/service/execution-lifecycle';
import { executeFlow } from '../../src/service/execute-flow';
import { EngineDriver } from './engine-driver';

/**
 * Runs a state machine (`{ asl, input }` as POST /api/v1/flows/execute takes it) to its end on
 * the in-memory engine, waits and backoffs included (the clock skips ahead to each), and gives
 * back the finished execution.
 */
export async function runMachine(asl: unknown, input: unknown = {}, driver = new EngineDriver()): Promise<Execution> {
  const { execution } = await createExecution({ asl, input }, { start: true, asl: true }, driver.deps);
  const id = execution.execution_id;
  for (let round = 0; round < 50; round++) {
    await driver.drain();
    const now = await driver.execution(id);
    if (now.status !== 'RUNNING') return now;
    driver.advance(3600);
    await driver.fireTimers();
  }
  throw new Error(`execution ${id} still running after 50 rounds`);
}

/**
 * Runs a start request (`POST /api/v1/flows/execute`'s body: a flow or `{ asl, … }`, with a
 * `test_case` if it has one) to its end on the in-memory engine, as runMachine does.
 */
export async function runRequest(driver: EngineDriver, body: Record<string, unknown>): Promise<Execution> {
  const started = await executeFlow(body, { waitSeconds: 0 }, driver.deps);
  const id = started.finished ? started.detail.execution.execution_id : started.execution.execution_id;
  for (let round = 0; round < 20; round++) {
    await driver.drain();
    const now = await driver.execution(id);
    if (now.status !== 'RUNNING') return now;
    driver.advance(3600);
    await driver.fireTimers();
  }
  throw new Error(`execution ${id} still running after 20 rounds`);
}
