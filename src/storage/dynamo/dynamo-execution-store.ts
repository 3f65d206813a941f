import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CallbackOutcome } from '../../domain/execution/callback-wait';
import type { Execution, StepPage, StepRecord } from '../../domain/execution/execution';
import { CallbackWrites } from './callback-writes';
import type { FlowDefinition } from '../../domain/flow/flow-definition';
import type { ExecutionCounts } from '../../domain/saved-flow/saved-flow';
import { ActiveExecutions } from './active-executions';
import { ChildExecutions } from './child-executions';
import { childPlace } from '../../engine/fan-out/child-execution-id';
import { conditional, updateExpression } from './conditional-writes';
import { DefinitionCache } from '../definition-cache';
import { countByStatus } from './execution-counts';
import type {
  ActivePage,
  CallbackArming,
  CallbackDeferral,
  CallbackDeferralOutcome,
  CallbackWrite,
  CallbackWriteOutcome,
  ClaimOutcome,
  ControlOutcome,
  ExecutionEnd,
  ExecutionStore,
  ListPage,
  ListQuery,
  NameClaim,
  NamedCreateOutcome,
  NameHolder,
  RedriveWrite,
  HandOnClaim,
  HandOnOutcome,
  StepClaim,
  StepCommit,
  StepDeferral,
  StepPageQuery,
  SweepPosition,
} from '../../ports/execution-store';
import { definitionToItem, executionToItem, itemToDefinition, itemToExecution, itemToStep } from '../item-mapping';
import { listExecutions } from './dynamo-list-executions';
import { NameReservations } from './name-reservations';
import { readStepPage } from './step-history';
import { ExecutionControl } from './dynamo-execution-control';
import { StepWrites } from './step-writes';
import {
  type DefinitionItem,
  type ExecutionItem,
  keys,
  type NameReservationItem,
  SHARDS,
  type StepItem,
} from '../table-schema';
import { handOnState } from '../hand-on-state';

export interface StoreOptions {
  /** Executions expire (DynamoDB TTL) this many days after they finished; step records after they were written. */
  retentionDays: number;
}

const DAY_SECONDS = 86_400;
/** A definition must outlive every execution that runs on it: retention plus the longest possible run. */
const LONGEST_RUN_DAYS = 366;

export class DynamoExecutionStore implements ExecutionStore {
  readonly shards = SHARDS;
  readonly packHandOnState = handOnState;
  private readonly steps: StepWrites;
  private readonly callbacks: CallbackWrites;
  private readonly active: ActiveExecutions;
  private readonly control: ExecutionControl;
  private readonly names: NameReservations;
  private readonly children: ChildExecutions;
  private readonly definitions = new DefinitionCache();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: StoreOptions = { retentionDays: 90 },
  ) {
    this.control = new ExecutionControl(client, tableName, (at) => this.expiresAt(at));
    this.steps = new StepWrites(client, tableName, (at) => this.expiresAt(at), this.control);
    this.callbacks = new CallbackWrites(client, tableName);
    this.active = new ActiveExecutions(client, tableName);
    this.names = new NameReservations(client, tableName);
    this.children = new ChildExecutions(client, tableName, (at, days) => this.expiresAt(at, days), LONGEST_RUN_DAYS);
  }

  async createExecution(execution: Execution, flow: FlowDefinition): Promise<boolean> {
    const { definition, head } = this.newExecutionItems(execution, flow);
    // Definition first: a head that exists always has its definition.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: definition }));
    return conditional(() =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: head, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
  }

  saveSubFlows(parentId: string, flows: readonly FlowDefinition[], at: string): Promise<string[]> {
    return this.children.saveSubFlows(parentId, flows, at);
  }

  createChildExecution(child: Execution): Promise<boolean> {
    return this.children.create(child);
  }

  loadChildren(parentId: string, seq: number, indexes: readonly number[]): Promise<Map<number, Execution>> {
    return this.children.load(parentId, seq, indexes);
  }

  createNamedExecution(
    execution: Execution & { name: string },
    flow: FlowDefinition,
    claim: NameClaim,
  ): Promise<NamedCreateOutcome> {
    const { definition, head } = this.newExecutionItems(execution, flow);
    const reservation: NameReservationItem = {
      ...keys.nameReservation(claim.name),
      name: claim.name,
      execution_id: execution.execution_id,
      fingerprint: claim.fingerprint,
      created_at: execution.created_at,
      // Like the definition: past every expiry of its execution's head (see NameReservationItem).
      expires_at: definition.expires_at,
    };
    return this.names.create(reservation, definition, head, claim.replacing);
  }

  nameHolder(name: string, at: string): Promise<NameHolder | undefined> {
    return this.names.holder(name, Math.floor(Date.parse(at) / 1000));
  }

  async markRunning(executionId: string, startedAt: string, deadlineAt?: string): Promise<Execution | undefined> {
    const update = updateExpression(
      {
        status: 'RUNNING',
        status_shard: keys.sharded('RUNNING', executionId),
        started_at: startedAt,
        dispatched_at: startedAt,
        deadline_at: deadlineAt,
      },
      ['expires_at'],
    );
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.execution(executionId),
          UpdateExpression: update.expression,
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: { ...update.values, ':pending': 'PENDING' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return itemToExecution(out.Attributes as ExecutionItem);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  async loadExecution(executionId: string, options: { consistent?: boolean } = {}): Promise<Execution | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.execution(executionId),
        ConsistentRead: options.consistent ?? true,
      }),
    );
    return out.Item && itemToExecution(out.Item as ExecutionItem);
  }

  async loadDefinition(executionId: string, hash: string): Promise<FlowDefinition> {
    const cached = this.definitions.get(hash);
    if (cached) return cached;
    // Immutable once written and written before the head: an eventually consistent read is enough.
    const place = childPlace(executionId);
    const key = place ? keys.subFlow(place.parentId, hash) : keys.definition(executionId);
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    const item = out.Item as DefinitionItem | undefined;
    if (!item) throw new Error(`execution ${executionId} has no stored definition`);
    const flow = itemToDefinition(item);
    this.definitions.set(item.definition_hash, flow);
    return flow;
  }

  claimStep(claim: StepClaim): Promise<ClaimOutcome> {
    return this.steps.claim(claim);
  }

  releaseClaim(executionId: string, claimToken: string): Promise<boolean> {
    return this.steps.release(executionId, claimToken);
  }

  commitStep(commit: StepCommit): Promise<boolean> {
    return this.steps.commit(commit);
  }

  handOnClaim(claim: HandOnClaim): Promise<HandOnOutcome> {
    return this.steps.handOnClaim(claim);
  }

  recordStep(commit: StepCommit): Promise<boolean> {
    return this.steps.putRecord(commit);
  }

  async loadStep(executionId: string, seq: number): Promise<StepRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.step(executionId, seq), ConsistentRead: true }),
    );
    return out.Item && itemToStep(out.Item as StepItem);
  }

  deferStep(deferral: StepDeferral): Promise<boolean> {
    return this.steps.defer(deferral);
  }

  armCallback(arming: CallbackArming): Promise<boolean> {
    return this.callbacks.arm(arming);
  }

  waitForCallback(deferral: CallbackDeferral): Promise<CallbackDeferralOutcome> {
    return this.callbacks.wait(deferral);
  }

  completeCallback(write: CallbackWrite & { outcome: CallbackOutcome }): Promise<CallbackWriteOutcome> {
    return this.callbacks.complete(write);
  }

  heartbeatCallback(write: CallbackWrite & { dueAt: string; cursorDueAt: string }): Promise<CallbackWriteOutcome> {
    return this.callbacks.heartbeat(write);
  }

  duePage(shard: number, dueBy: string, limit: number): Promise<string[]> {
    return this.active.duePage(shard, dueBy, limit);
  }

  endExecution(end: ExecutionEnd): Promise<ControlOutcome> {
    return this.control.end(end);
  }

  redriveExecution(redrive: RedriveWrite): Promise<ControlOutcome> {
    return this.control.redrive(redrive);
  }

  cancelExecution(executionId: string, completedAt: string): Promise<boolean> {
    const update = updateExpression(
      {
        status: 'CANCELLED',
        status_shard: keys.sharded('CANCELLED', executionId),
        completed_at: completedAt,
        expires_at: this.expiresAt(completedAt),
      },
      ['active_shard', 'due_shard', 'due_key'],
    );
    return conditional(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.execution(executionId),
          UpdateExpression: update.expression,
          ConditionExpression: '#status IN (:pending, :running)',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: { ...update.values, ':pending': 'PENDING', ':running': 'RUNNING' },
        }),
      ),
    );
  }

  async deleteExecution(executionId: string): Promise<boolean> {
    const items = await this.partitionKeys(executionId);
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

  stepPage(executionId: string, query: StepPageQuery): Promise<StepPage> {
    return readStepPage(this.client, this.tableName, executionId, query);
  }

  list(query: ListQuery): Promise<ListPage> {
    return listExecutions(this.client, this.tableName, query);
  }

  countByStatus(flowId: string, perShardLimit: number): Promise<ExecutionCounts> {
    return countByStatus(this.client, this.tableName, flowId, perShardLimit);
  }

  activePage(position: SweepPosition, limit: number): Promise<ActivePage> {
    return this.active.page(position, limit);
  }

  loadSweepPosition(): Promise<SweepPosition> {
    return this.active.loadPosition();
  }

  saveSweepPosition(position: SweepPosition): Promise<void> {
    return this.active.savePosition(position);
  }

  async ping(): Promise<void> {
    // A plain read of a key that never exists: exercises the same permissions and endpoint as real work.
    await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }), {
      abortSignal: AbortSignal.timeout(3000),
    });
  }

  private newExecutionItems(
    execution: Execution,
    flow: FlowDefinition,
  ): { definition: DefinitionItem; head: ExecutionItem } {
    const definitionExpiry = this.expiresAt(execution.created_at, LONGEST_RUN_DAYS);
    // A created-but-never-started execution expires like a finished one; a started one never does while it runs.
    const headExpiry = execution.status === 'PENDING' ? this.expiresAt(execution.created_at) : undefined;
    return {
      definition: definitionToItem(execution.execution_id, flow, execution.definition_hash, definitionExpiry),
      head: executionToItem(execution, headExpiry),
    };
  }

  private expiresAt(writtenAtIso: string, extraDays = 0): number {
    return Math.floor(Date.parse(writtenAtIso) / 1000) + (this.options.retentionDays + extraDays) * DAY_SECONDS;
  }

  private async partitionKeys(executionId: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.executionPartition(executionId) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
