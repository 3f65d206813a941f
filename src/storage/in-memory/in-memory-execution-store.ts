import type { CallbackOutcome } from '../../domain/execution/callback-wait';
import type { Execution, StepPage, StepRecord } from '../../domain/execution/execution';
import { InMemoryCallbackWrites } from './in-memory-callback-writes';
import type { FlowDefinition } from '../../domain/flow/flow-definition';
import type { ExecutionCounts } from '../../domain/saved-flow/saved-flow';
import { DefinitionCache } from '../definition-cache';
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
  HandOnClaim,
  HandOnOutcome,
  ListPage,
  ListQuery,
  NameClaim,
  NamedCreateOutcome,
  NameHolder,
  RedriveWrite,
  StepClaim,
  StepCommit,
  StepDeferral,
  StepPageQuery,
  SweepPosition,
} from '../../ports/execution-store';
import { InMemoryChildExecutions } from './in-memory-child-executions';
import { InMemoryControl } from './in-memory-control';
import { childPlace } from '../../engine/fan-out/child-execution-id';
import { activeHeads, countHeads, dueHeads, listHeads, stepPageOf } from './in-memory-indexes';
import { InMemoryStepWrites } from './in-memory-step-writes';
import { InMemoryTable, request } from './in-memory-table';
import { definitionToItem, executionToItem, itemToDefinition, itemToExecution, itemToStep } from '../item-mapping';
import { keys, SHARDS, TABLE } from '../table-schema';
import { handOnState } from '../hand-on-state';
import type { StoreOptions } from '../dynamo/dynamo-execution-store';

const DAY_SECONDS = 86_400;
const LONGEST_RUN_DAYS = 366;

/**
 * The ExecutionStore port in memory, for tests of the services that must run in milliseconds and
 * decide every race themselves. It keeps the DynamoDB store's items (the same shapes, packing and
 * expiry times, built by the same item-mapping functions) and makes the same conditional writes,
 * with the same answers; tests/contract/execution-store-contract.ts holds both stores to that.
 * Nothing here is shared between instances, and no time is read: every instant comes from the caller.
 */
export class InMemoryExecutionStore implements ExecutionStore {
  readonly shards = SHARDS;
  readonly packHandOnState = handOnState;
  private readonly control: InMemoryControl;
  private readonly steps: InMemoryStepWrites;
  private readonly callbacks: InMemoryCallbackWrites;
  private readonly children: InMemoryChildExecutions;
  private readonly definitions = new DefinitionCache();

  /** `table`: to share with an InMemoryFanOutStore, whose items live in the executions' partitions. */
  constructor(
    private readonly options: StoreOptions = { retentionDays: 90 },
    private readonly table = new InMemoryTable(),
  ) {
    this.control = new InMemoryControl(this.table, (at) => this.expiresAt(at));
    this.steps = new InMemoryStepWrites(this.table, (at) => this.expiresAt(at), this.control);
    this.callbacks = new InMemoryCallbackWrites(this.table);
    this.children = new InMemoryChildExecutions(this.table, (at, days) => this.expiresAt(at, days), LONGEST_RUN_DAYS);
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

  async createExecution(execution: Execution, flow: FlowDefinition): Promise<boolean> {
    const { definition, head } = this.newExecutionItems(execution, flow);
    await request();
    this.table.putDefinition(execution.execution_id, definition);
    await request();
    if (this.table.head(execution.execution_id)) return false;
    this.table.putHead(head);
    return true;
  }

  async createNamedExecution(
    execution: Execution & { name: string },
    flow: FlowDefinition,
    claim: NameClaim,
  ): Promise<NamedCreateOutcome> {
    const { definition, head } = this.newExecutionItems(execution, flow);
    await request();
    // One transaction: the head's collision is told first, as the DynamoDB store reads its cancellation reasons.
    if (this.table.head(execution.execution_id)) throw new Error(`execution id collision: ${execution.execution_id}`);
    const held = this.table.nameReservation(claim.name);
    if (held && !(claim.replacing !== undefined && held.execution_id === claim.replacing)) return 'taken';
    this.table.putNameReservation({
      ...keys.nameReservation(claim.name),
      name: claim.name,
      execution_id: execution.execution_id,
      fingerprint: claim.fingerprint,
      created_at: execution.created_at,
      expires_at: definition.expires_at,
    });
    this.table.putDefinition(execution.execution_id, definition);
    this.table.putHead(head);
    return 'created';
  }

  async nameHolder(name: string, at: string): Promise<NameHolder | undefined> {
    await request();
    const reservation = this.table.nameReservation(name);
    if (!reservation) return undefined;
    await request();
    const head = this.table.head(reservation.execution_id);
    const nowSeconds = Math.floor(Date.parse(at) / 1000);
    const kept = head !== undefined && (head.expires_at === undefined || head.expires_at > nowSeconds);
    return {
      executionId: reservation.execution_id,
      fingerprint: reservation.fingerprint,
      ...(kept && { execution: itemToExecution(head) }),
    };
  }

  async markRunning(executionId: string, startedAt: string, deadlineAt?: string): Promise<Execution | undefined> {
    await request();
    const result = this.table.updateHead(executionId, (h) => h.status === 'PENDING', {
      set: {
        status: 'RUNNING',
        status_shard: keys.sharded('RUNNING', executionId),
        started_at: startedAt,
        dispatched_at: startedAt,
        deadline_at: deadlineAt,
      },
      remove: ['expires_at'],
    });
    return result.ok ? itemToExecution(result.item) : undefined;
  }

  async loadExecution(executionId: string): Promise<Execution | undefined> {
    await request();
    const head = this.table.head(executionId);
    return head && itemToExecution(head);
  }

  async loadDefinition(executionId: string, hash: string): Promise<FlowDefinition> {
    const cached = this.definitions.get(hash);
    if (cached) return structuredClone(cached);
    await request();
    const place = childPlace(executionId);
    const item = place ? this.table.subFlow(place.parentId, hash) : this.table.definition(executionId);
    if (!item) throw new Error(`execution ${executionId} has no stored definition`);
    const flow = itemToDefinition(item);
    this.definitions.set(item.definition_hash, flow);
    return structuredClone(flow);
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
    await request();
    const item = this.table.step(executionId, seq);
    return item && itemToStep(item);
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

  async duePage(shard: number, dueBy: string, limit: number): Promise<string[]> {
    await request();
    return dueHeads(this.table, shard, dueBy, limit);
  }

  endExecution(end: ExecutionEnd): Promise<ControlOutcome> {
    return this.control.end(end);
  }

  redriveExecution(redrive: RedriveWrite): Promise<ControlOutcome> {
    return this.control.redrive(redrive);
  }

  async cancelExecution(executionId: string, completedAt: string): Promise<boolean> {
    await request();
    return this.table.updateHead(executionId, (h) => h.status === 'PENDING' || h.status === 'RUNNING', {
      set: {
        status: 'CANCELLED',
        status_shard: keys.sharded('CANCELLED', executionId),
        completed_at: completedAt,
        expires_at: this.expiresAt(completedAt),
      },
      remove: ['active_shard', 'due_shard', 'due_key'],
    }).ok;
  }

  async deleteExecution(executionId: string): Promise<boolean> {
    await request();
    if (!this.table.head(executionId)) return false;
    this.table.deletePartition(executionId);
    return true;
  }

  async stepPage(executionId: string, query: StepPageQuery): Promise<StepPage> {
    await request();
    return stepPageOf(this.table, executionId, query);
  }

  async list(query: ListQuery): Promise<ListPage> {
    await request();
    return listHeads(this.table, query);
  }

  async countByStatus(flowId: string, perShardLimit: number): Promise<ExecutionCounts> {
    await request();
    return countHeads(this.table, flowId, perShardLimit);
  }

  async activePage(position: SweepPosition, limit: number): Promise<ActivePage> {
    await request();
    return activeHeads(this.table, position, limit);
  }

  async loadSweepPosition(): Promise<SweepPosition> {
    await request();
    const item = this.table.sweepPosition();
    if (!item) return { shard: 0 };
    const after = item.after_json ? (JSON.parse(item.after_json) as Record<string, unknown>) : undefined;
    const usable = after !== undefined && TABLE.indexes.byStatus.partitionKey in after;
    return { shard: item.shard % SHARDS, ...(usable && { after }) };
  }

  async saveSweepPosition(position: SweepPosition): Promise<void> {
    await request();
    this.table.putSweepPosition({
      shard: position.shard % SHARDS,
      ...(position.after && { after_json: JSON.stringify(position.after) }),
    });
  }

  async ping(): Promise<void> {
    await request();
  }

  private newExecutionItems(execution: Execution, flow: FlowDefinition) {
    const definitionExpiry = this.expiresAt(execution.created_at, LONGEST_RUN_DAYS);
    const headExpiry = execution.status === 'PENDING' ? this.expiresAt(execution.created_at) : undefined;
    return {
      definition: definitionToItem(execution.execution_id, flow, execution.definition_hash, definitionExpiry),
      head: executionToItem(execution, headExpiry),
    };
  }

  private expiresAt(writtenAtIso: string, extraDays = 0): number {
    return Math.floor(Date.parse(writtenAtIso) / 1000) + (this.options.retentionDays + extraDays) * DAY_SECONDS;
  }
}
