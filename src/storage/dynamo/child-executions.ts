import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Execution } from '../../domain/execution/execution';
import type { FlowDefinition } from '../../domain/flow/flow-definition';
import { definitionHash } from '../../domain/flow/definition-hash';
import { childExecutionId, childPlace } from '../../engine/fan-out/child-execution-id';
import { assertChildBatch, assertChildHead } from '../child-batches';
import { executionToItem, itemToExecution, subFlowToItem } from '../item-mapping';
import { type ExecutionItem, keys } from '../table-schema';
import { conditional } from './conditional-writes';

/** Tries of a BatchGetItem whose keys DynamoDB left unprocessed (throttling), with a growing pause. */
const BATCH_TRIES = 8;

/**
 * A fan-out's children (docs/decisions/0025-fan-out-as-child-executions.md): their sub-flows,
 * written once per fan-out in the parent's partition by content hash, and their heads, which
 * carry no list index keys and are read by derived id, 100 per BatchGetItem.
 */
export class ChildExecutions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiresAt: (writtenAt: string, extraDays?: number) => number,
    private readonly longestRunDays: number,
  ) {}

  /** Immutable items keyed by their content: writing one again writes the same item, so no condition is needed. */
  async saveSubFlows(parentId: string, flows: readonly FlowDefinition[], at: string): Promise<string[]> {
    const hashes = flows.map(definitionHash);
    const unique = new Map(flows.map((flow, i) => [hashes[i]!, flow]));
    const expiresAt = this.expiresAt(at, this.longestRunDays);
    await Promise.all(
      [...unique].map(([hash, flow]) =>
        this.client.send(
          new PutCommand({ TableName: this.tableName, Item: subFlowToItem(parentId, flow, hash, expiresAt) }),
        ),
      ),
    );
    return hashes;
  }

  async create(child: Execution): Promise<boolean> {
    assertChildHead(child);
    return conditional(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: executionToItem(child),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async load(parentId: string, seq: number, indexes: readonly number[]): Promise<Map<number, Execution>> {
    assertChildBatch(indexes);
    const found = new Map<number, Execution>();
    let pending = [...new Set(indexes)].map((index) => keys.execution(childExecutionId(parentId, seq, index)));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_TRIES) throw new Error(`could not read the children of ${parentId} at step ${seq}`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const out = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of (out.Responses?.[this.tableName] ?? []) as ExecutionItem[]) {
        const execution = itemToExecution(item);
        const place = childPlace(execution.execution_id);
        if (place) found.set(place.index, execution);
      }
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof pending;
    }
    return found;
  }
}
