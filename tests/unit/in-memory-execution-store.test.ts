import type { Execution } from '../../src/domain/execution/execution';
import { InMemoryExecutionStore } from '../../src/storage/in-memory/in-memory-execution-store';
import { callbackWritesContract } from '../contract/callback-writes-contract';
import { childExecutionsContract } from '../contract/child-executions-contract';
import { conditionalWritesContract } from '../contract/conditional-writes-contract';
import { executionStoreContract } from '../contract/execution-store-contract';
import { handOnContract } from '../contract/hand-on-contract';
import { EngineDriver, scriptedFlow } from '../support/engine-driver';

describe('InMemoryExecutionStore', () => {
  executionStoreContract({
    store: () => new InMemoryExecutionStore(),
    isolated: async () => new InMemoryExecutionStore(),
  });
  conditionalWritesContract(() => new InMemoryExecutionStore());
  describe('children', () => {
    const shared = new InMemoryExecutionStore();
    childExecutionsContract({ store: () => shared, isolated: async () => new InMemoryExecutionStore() });
  });
  handOnContract(() => new InMemoryExecutionStore());
  describe('callbacks', () => callbackWritesContract(() => new InMemoryExecutionStore()));

  it('answers a hand-on claim with the head as reading it back gives it, as the DynamoDB store does (hand-on-known-head.test.ts)', async () => {
    const d = new EngineDriver();
    const compared: Array<{ known: Execution; read: Execution }> = [];
    const handOnClaim = d.store.handOnClaim.bind(d.store);
    d.store.handOnClaim = async (claim) => {
      const outcome = await handOnClaim(claim);
      if (outcome.claimed && claim.commit.execution)
        compared.push({ known: outcome.execution, read: (await d.store.loadExecution(claim.executionId))! });
      return outcome;
    };
    const next = (source: string, target: string) => ({
      name: source,
      source_task: source,
      outcome: 'success',
      target_task_success: target,
      target_task_failure: 'end',
    });
    await d.start(
      scriptedFlow([{ name: 'a' }, { name: 'b' }, { name: 'c' }], {
        conditions: [next('a', 'b'), next('b', 'c')],
        timeout_seconds: 600,
      }),
      { order: 7 },
    );
    await d.drain();
    expect(compared).toHaveLength(2);
    for (const { known, read } of compared) expect(known).toEqual(read);
  });
});
