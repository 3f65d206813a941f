import { appendFileSync } from 'node:fs';
import { startChaosStack } from '../../scripts/chaos/chaos-stack';
import { chaosTable, guaranteesHold, runChaos, type ChaosResults } from '../../scripts/chaos/run-chaos';
import { stackEnv } from '../support/stack-env';

/**
 * The small chaos run inside `npm test` (the full one is `npm run test:chaos`): 22 executions of
 * the mix, fan-out and callback flows included, through a stack that duplicates, drops, crashes
 * and throttles; each callback is sent twice at once and once more after its execution ended.
 */
let stack: Awaited<ReturnType<typeof startChaosStack>>;
let results: ChaosResults;

beforeAll(async () => {
  const logFile = `${stackEnv('FLOW_TEST_OFFLINE_LOG')}.chaos`;
  stack = await startChaosStack(stackEnv('DYNAMODB_ENDPOINT'), (line) => appendFileSync(logFile, `${line}\n`));
  results = await runChaos({
    executions: 22,
    apiKey: stack.apiKey,
    apiUrl: stack.apiUrl,
    lambdaEndpoint: stack.lambdaEndpoint,
    recoverFunctionName: stack.recoverFunctionName,
    dynamoEndpoint: stackEnv('DYNAMODB_ENDPOINT'),
    tableName: stack.tableName,
    concurrency: 8,
    timeoutSeconds: 240,
    log: () => undefined,
  });
  // The failures first: a long log is cut in its middle, and they are what a failing run needs.
  console.log(`chaos (small run)\n${results.failures.join('\n')}\n${chaosTable(results)}`);
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

describe('under injected faults', () => {
  it('brings every execution to a terminal state', () => {
    expect(results.failures.filter((f) => f.endsWith('did not finish') || f.includes('could not start'))).toEqual([]);
    expect(results.terminal).toBe(results.executions);
    expect(results.executions).toBe(22);
  });

  it('gives every execution the status and path of the fault-free run', () => {
    // The failures name each execution, its path and error, so a failing run says what differed.
    expect(results.failures.filter((f) => f.includes(', expected '))).toEqual([]);
    expect(results.status_or_path_mismatches).toBe(0);
  });

  it('never runs a task body twice because of a duplicated or dropped invoke', () => {
    expect(results.failures.filter((f) => f.includes('body ran'))).toEqual([]);
    expect(results.duplicate_runs).toBe(0);
  });

  it('brings every fan-out parent to its expected end and output, running no item twice', () => {
    // 22 executions of the 11 flows in turn: 2 of each fan-out flow.
    expect(results.fan_out.parents).toBe(6);
    // 3 branches, 2 branches and 4 nested items, and at least the map's items up to its refused one (42).
    expect(results.fan_out.children).toBeGreaterThanOrEqual(2 * 3 + 2 * 6 + 2 * 43);
    expect(results.failures.filter((f) => f.includes('(fan_out_'))).toEqual([]);
    expect(results.fan_out).toMatchObject({ items_run_twice: 0, parents_not_terminal: 0, mismatches: 0 });
  });

  it('takes each callback once, and refuses its duplicate and a late one, running its task body once', () => {
    // 2 executions of the callback flow: each token sent twice at once, then once after the end.
    expect(results.callbacks).toEqual({ tokens: 2, taken: 2, refused: 4, mismatches: 0 });
    expect(results.by_flow.callback_wait).toMatchObject({ executions: 2, mismatches: 0 });
    expect(results.failures.filter((f) => f.includes('callback'))).toEqual([]);
  });

  it('re-runs a step only after a crash, at most once per crash', () => {
    expect(results.crash_reruns).toBeLessThanOrEqual(results.crashes);
    expect(guaranteesHold(results)).toBe(true);
  });
});
