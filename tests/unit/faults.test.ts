import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FaultConfigSchema } from '../../src/faults/fault-config';
import { withFaults } from '../../src/faults/with-faults';
import type { StepDeps } from '../../src/service/step-deps';
import type { ExecutionStore, StepCommit } from '../../src/ports/execution-store';
import type { FanOutStore } from '../../src/ports/fan-out-store';

/** Step dependencies with only a store's commit: what the fault layer wraps. */
const stepDeps = (commitStep: ExecutionStore['commitStep']): StepDeps => ({
  store: { commitStep } as unknown as ExecutionStore,
  fanOuts: {} as FanOutStore,
  dispatcher: { dispatch: async () => undefined },
  registry: { names: () => [], get: () => undefined },
  clock: { now: () => new Date() },
  logger: new Logger({ logLevel: 'SILENT' }),
  newToken: () => 't',
  leaseMarginSeconds: 1,
  maxStepTakeovers: 3,
});

/**
 * The hard-crash fault inside serverless-offline's own process (the local stacks run handlers
 * in-process): it must stop the invocation dead without ending the process.
 */
describe('the exit fault on a stack that runs handlers in-process', () => {
  const previous = process.env.IS_OFFLINE;
  beforeEach(() => {
    process.env.IS_OFFLINE = 'true';
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.IS_OFFLINE;
    else process.env.IS_OFFLINE = previous;
  });

  it('leaves the commit unsettled, never commits and never exits', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const commitStep = jest.fn(async () => true);
    const ledger = { send: jest.fn(async () => ({})) } as unknown as DynamoDBDocumentClient;
    const deps = stepDeps(commitStep);
    const faults = FaultConfigSchema.parse({ exit: 0.01 });
    const faulty = withFaults(
      deps,
      faults,
      { invoker: deps.dispatcher, store: ledger, ledger, tableName: 't' },
      () => 0.005,
    );
    const commit = {
      executionId: 'e',
      claimToken: 't',
      step: { seq: 1, task_name: 'a', attempt: 1 },
    } as unknown as StepCommit;

    const outcome = faulty.store.commitStep(commit).then(
      () => 'settled',
      () => 'settled',
    );
    // Long enough for the crash bookkeeping (two ledger writes) and any settlement to happen.
    const state = await Promise.race([
      outcome,
      new Promise((resolve) => setImmediate(() => setImmediate(() => resolve('pending')))),
    ]);

    expect(state).toBe('pending');
    expect(commitStep).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
    expect(ledger.send).toHaveBeenCalledTimes(2);
    exit.mockRestore();
  });
});

describe('random crashes', () => {
  const setup = () => {
    const commitStep = jest.fn(async () => true);
    const ledger = { send: jest.fn(async () => ({})) } as unknown as DynamoDBDocumentClient;
    const deps = stepDeps(commitStep);
    // Every roll is under the crash probability: each commit that may crash does.
    const faulty = withFaults(
      deps,
      FaultConfigSchema.parse({ crash: 0.5, poison: 'poison' }),
      { invoker: deps.dispatcher, store: ledger, ledger, tableName: 't' },
      () => 0.1,
    );
    const commit = (task_name: string, attempt: number, error_code?: string) =>
      faulty.store.commitStep({
        executionId: 'e',
        claimToken: 't',
        step: { seq: 1, task_name, attempt, error_code },
      } as unknown as StepCommit);
    return { commitStep, commit };
  };

  it('crash the attempts before the takeover limit, and spare the last one, so chance never makes a poison step', async () => {
    const { commitStep, commit } = setup();
    await expect(commit('a', 1)).rejects.toThrow('injected crash');
    await expect(commit('a', 2)).rejects.toThrow('injected crash');
    await expect(commit('a', 3)).resolves.toBe(true);
    expect(commitStep).toHaveBeenCalledTimes(1);
  });

  it('leave a poison task crashing at every attempt until it fails with step_crashed', async () => {
    const { commitStep, commit } = setup();
    await expect(commit('poison_step', 3)).rejects.toThrow('injected crash');
    await expect(commit('poison_step', 4, 'step_crashed')).resolves.toBe(true);
    expect(commitStep).toHaveBeenCalledTimes(1);
  });
});
