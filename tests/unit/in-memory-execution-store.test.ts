import { InMemoryExecutionStore } from '../../src/storage/in-memory-execution-store';
import { executionStoreContract } from '../contract/execution-store-contract';
import { handOnContract } from '../contract/hand-on-contract';

describe('InMemoryExecutionStore', () => {
  executionStoreContract({ store: () => new InMemoryExecutionStore(), isolated: async () => new InMemoryExecutionStore() });
  handOnContract(() => new InMemoryExecutionStore());
});
