import { InMemoryExecutionStore } from '../../src/storage/in-memory/in-memory-execution-store';
import { InMemoryFanOutStore } from '../../src/storage/in-memory/in-memory-fan-out-store';
import { InMemoryTable } from '../../src/storage/in-memory/in-memory-table';
import { fanOutRedriveContract } from '../contract/fan-out-redrive-contract';
import { fanOutStoreContract } from '../contract/fan-out-store-contract';

describe('InMemoryFanOutStore', () => {
  const table = new InMemoryTable();
  const subject = {
    stores: () => ({
      executions: new InMemoryExecutionStore(undefined, table),
      fanOuts: new InMemoryFanOutStore(table),
    }),
    stored: async (executionId: string, skPrefix: string) =>
      table.itemsUnder<{ pk: string; sk: string } & Record<string, unknown>>(executionId, skPrefix),
  };
  fanOutStoreContract(subject);
  describe('redrive', () => fanOutRedriveContract(subject));
});
