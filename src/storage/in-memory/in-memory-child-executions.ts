import type { Execution } from '../../domain/execution/execution';
import type { FlowDefinition } from '../../domain/flow/flow-definition';
import { definitionHash } from '../../domain/flow/definition-hash';
import { childExecutionId } from '../../engine/fan-out/child-execution-id';
import { executionToItem, itemToExecution, subFlowToItem } from '../item-mapping';
import { assertChildBatch, assertChildHead } from '../child-batches';
import { type InMemoryTable, request } from './in-memory-table';

/** A fan-out's children and their sub-flows in memory, as src/storage/dynamo/child-executions.ts keeps them. */
export class InMemoryChildExecutions {
  constructor(
    private readonly table: InMemoryTable,
    private readonly expiresAt: (writtenAt: string, extraDays?: number) => number,
    private readonly longestRunDays: number,
  ) {}

  async saveSubFlows(parentId: string, flows: readonly FlowDefinition[], at: string): Promise<string[]> {
    const hashes = flows.map(definitionHash);
    await request();
    flows.forEach((flow, i) =>
      this.table.putSubFlow(
        parentId,
        subFlowToItem(parentId, flow, hashes[i]!, this.expiresAt(at, this.longestRunDays)),
      ),
    );
    return hashes;
  }

  async create(child: Execution): Promise<boolean> {
    assertChildHead(child);
    await request();
    if (this.table.head(child.execution_id)) return false;
    this.table.putHead(executionToItem(child));
    return true;
  }

  async load(parentId: string, seq: number, indexes: readonly number[]): Promise<Map<number, Execution>> {
    assertChildBatch(indexes);
    await request();
    const found = new Map<number, Execution>();
    for (const index of indexes) {
      const head = this.table.head(childExecutionId(parentId, seq, index));
      if (head) found.set(index, itemToExecution(head));
    }
    return found;
  }
}
