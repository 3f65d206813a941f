import { InMemoryExecutionStore } from '../../src/storage/in-memory-execution-store';
import { conditionalWritesContract } from '../contract/conditional-writes-contract';
import { executionStoreContract } from '../contract/execution-store-contract';
import { handOnContract } from '../contract/hand-on-contract';

describe('InMemoryExecutionStore', () => {
  executionStoreContract({ store: () => new InMemoryExecutionStore(), isolated: async () => new InMemoryExecutionStore() });
  conditionalWritesContract(() => new InMemoryExecutionStore());
  handOnContract(() => new InMemoryExecutionStore());
});
