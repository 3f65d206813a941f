import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Execution, ExecutionRecord, StepRecord } from '../domain/execution';
import type { Transition } from '../engine/transition';
import type { ExecutionStore, ListPage, ListQuery, StepClaim, StepCompletion } from './execution-store';
import { executionToItem, itemToExecution, itemToStep } from './item-mapping';
import { listExecutions } from './list-executions';
import { type ExecutionItem, keys, type StepItem, TABLE } from './table-schema';

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Runs a conditional write; a failed condition is an answer (false), not an error. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** `SET #a = :a, …` for the defined fields, with their name and value placeholders. */
function setFields(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return { expression: `SET ${sets.join(', ')}`, names, values };
}

export class DynamoExecutionStore implements ExecutionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  createExecution(execution: Execution): Promise<boolean> {
    return conditional(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: executionToItem(execution),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  markRunning(executionId: string, startedAt: string): Promise<boolean> {
    return this.transition(executionId, ['PENDING'], {
      status: 'RUNNING',
      status_shard: keys.sharded('RUNNING', executionId),
      started_at: startedAt,
      active_shard: keys.activeShard(executionId),
    });
  }

  async load(executionId: string): Promise<ExecutionRecord | undefined> {
    const items = await this.queryPartition(executionId);
    let execution: Execution | undefined;
    const steps: StepRecord[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (keys.isExecution(sk)) execution = itemToExecution(item as unknown as ExecutionItem);
      else if (keys.isStep(sk)) steps.push(itemToStep(item as unknown as StepItem));
    }
    return execution && { execution, steps };
  }

  claimStep(claim: StepClaim): Promise<boolean> {
    const item: StepItem = {
      ...keys.step(claim.executionId, claim.seq),
      seq: claim.seq,
      task_name: claim.taskName,
      status: 'RUNNING',
      attempt: claim.attempt,
      claim_token: claim.claimToken,
      started_at: claim.startedAt,
      lease_expires_at: claim.leaseExpiresAt,
    };
    const takeover = claim.previousAttempt !== undefined;
    return conditional(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(takeover
            ? {
                ConditionExpression: '#status = :running AND #attempt = :previous AND #lease < :now',
                ExpressionAttributeNames: { '#status': 'status', '#attempt': 'attempt', '#lease': 'lease_expires_at' },
                ExpressionAttributeValues: { ':running': 'RUNNING', ':previous': claim.previousAttempt, ':now': Date.parse(claim.startedAt) },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ),
    );
  }

  releaseClaim(executionId: string, seq: number, claimToken: string): Promise<boolean> {
    return conditional(() =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.step(executionId, seq),
          ConditionExpression: '#status = :running AND #claim_token = :token',
          ExpressionAttributeNames: { '#status': 'status', '#claim_token': 'claim_token' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':token': claimToken },
        }),
      ),
    );
  }

  recordStepResult(c: StepCompletion): Promise<boolean> {
    const set = setFields({
      status: c.status,
      task_type: c.taskType,
      completed_at: c.completedAt,
      duration_ms: c.durationMs,
      next_json: JSON.stringify(c.next),
      output_json: c.output === undefined ? undefined : JSON.stringify(c.output),
      error: c.error,
      error_code: c.errorCode,
      message: c.message,
    });
    return conditional(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.step(c.executionId, c.seq),
          UpdateExpression: set.expression,
          ConditionExpression: '#status = :running AND #claim_token = :token',
          ExpressionAttributeNames: { ...set.names, '#claim_token': 'claim_token' },
          ExpressionAttributeValues: { ...set.values, ':running': 'RUNNING', ':token': c.claimToken },
        }),
      ),
    );
  }

  finishExecution(executionId: string, outcome: Extract<Transition, { type: 'finish' }>, completedAt: string): Promise<boolean> {
    return this.transition(
      executionId,
      ['RUNNING'],
      { status: outcome.status, status_shard: keys.sharded(outcome.status, executionId), completed_at: completedAt, failed_task: outcome.failed_task, error: outcome.error, reason: outcome.reason },
      ['active_shard'],
    );
  }

  cancelExecution(executionId: string, completedAt: string): Promise<boolean> {
    return this.transition(
      executionId,
      ['PENDING', 'RUNNING'],
      { status: 'CANCELLED', status_shard: keys.sharded('CANCELLED', executionId), completed_at: completedAt },
      ['active_shard'],
    );
  }

  async *activeExecutionIds(): AsyncIterable<string> {
    const index = TABLE.indexes.byActive;
    for (const shard of keys.activeShards()) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index.name,
            KeyConditionExpression: '#shard = :shard',
            ExpressionAttributeNames: { '#shard': index.partitionKey },
            ExpressionAttributeValues: { ':shard': shard },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) yield keys.executionIdOf(String(item.pk));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
  }

  async deleteExecution(executionId: string): Promise<boolean> {
    const items = await this.queryPartition(executionId, 'pk, sk');
    if (!items.some((i) => keys.isExecution(String(i.sk)))) return false;
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`could not delete all items of execution ${executionId}`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
    return true;
  }

  list(query: ListQuery): Promise<ListPage> {
    return listExecutions(this.client, this.tableName, query);
  }

  async ping(): Promise<void> {
    // A plain read of a key that never exists: exercises the same permissions and endpoint as real work.
    await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }), {
      abortSignal: AbortSignal.timeout(3000),
    });
  }

  /** Conditional status change: applies `changes` (and removes `remove`) only if the status is one of `from`. */
  private transition(
    executionId: string,
    from: string[],
    changes: Record<string, string | undefined>,
    remove: string[] = [],
  ): Promise<boolean> {
    const set = setFields(changes);
    const removal = remove.length > 0 ? ` REMOVE ${remove.map((f) => `#${f}`).join(', ')}` : '';
    const fromValues = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    return conditional(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.execution(executionId),
          UpdateExpression: `${set.expression}${removal}`,
          ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { ...set.names, ...Object.fromEntries(remove.map((f) => [`#${f}`, f])), '#status': 'status' },
          ExpressionAttributeValues: { ...set.values, ...fromValues },
        }),
      ),
    );
  }

  private async queryPartition(executionId: string, projection?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.executionPartition(executionId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          ...(projection && { ProjectionExpression: projection }),
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
