import { InMemoryExecutionStore } from '../../src/storage/in-memory/in-memory-execution-store';
import { InMemoryFanOutStore } from '../../src/storage/in-memory/in-memory-fan-out-store';
import { InMemoryTable } from '../../src/storage/in-memory/in-memory-table';
import { fanOutStoreContract } from '../contract/fan-out-store-contract';

describe('InMemoryFanOutStore', () => {
  const table = new InMemoryTable();
  fanOutStoreContract({
    stores: () => ({
      executions: new InMemoryExecutionStore(undefined, table),
      fanOuts: new InMemoryFanOutStore(table),
    }),
    stored: async (executionId, skPrefix) =>
      table.itemsUnder<{ pk: string; sk: string } & Record<string, unknown>>(executionId, skPrefix),
  });
});
