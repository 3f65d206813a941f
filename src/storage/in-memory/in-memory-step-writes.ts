import type {
  ClaimOutcome,
  HandOnClaim,
  HandOnOutcome,
  StepClaim,
  StepCommit,
  StepDeferral,
} from '../../ports/execution-store';
import type { InMemoryControl } from './in-memory-control';
import { type InMemoryTable, request } from './in-memory-table';
import { CURSOR_EXTRAS, cursorFields, headAfterHandOn, itemToExecution, stepToItem } from '../item-mapping';
import {
  afterRefusedCommit,
  afterRefusedHandOn,
  type FollowUpWrites,
  handOnCommitFields,
  packedState,
} from '../refused-writes';
import { type ExecutionItem, keys } from '../table-schema';
import { CLAIM_FIELDS } from '../head-fields';

/**
 * The per-step writes of src/storage/dynamo/step-writes.ts, on the in-memory table: the same conditions,
 * the same fields set and removed, the same answers, and the same order of writes (the record
 * before the head), so the services see exactly what they see on DynamoDB.
 */
export class InMemoryStepWrites {
  constructor(
    private readonly table: InMemoryTable,
    private readonly expiresAt: (writtenAtIso: string) => number,
    private readonly control: InMemoryControl,
  ) {}

  async claim(c: StepClaim): Promise<ClaimOutcome> {
    const nowMs = Date.parse(c.claimedAt);
    await request();
    const result = this.table.updateHead(
      c.executionId,
      (h) =>
        h.status === 'RUNNING' &&
        h.cursor_seq === c.seq &&
        h.cursor_task === c.task &&
        (h.claim_token === undefined || (h.lease_expires_at !== undefined && h.lease_expires_at < nowMs)) &&
        (h.cursor_due === undefined || h.cursor_due <= c.claimedAt),
      (h) => ({
        set: {
          claim_token: c.claimToken,
          claimed_at: c.claimedAt,
          lease_expires_at: c.leaseExpiresAt,
          attempts: h.attempts + 1,
        },
        remove: ['due_shard', 'due_key'],
      }),
    );
    if (result.ok) return { claimed: true, execution: itemToExecution(result.item) };
    return { claimed: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }

  async handOnClaim(c: HandOnClaim): Promise<HandOnOutcome> {
    const { cursor, state, committed } = handOnCommitFields(c);
    await request();
    const result = this.table.updateHead(
      c.executionId,
      (h) =>
        h.claim_token === c.commit.claimToken &&
        h.status === 'RUNNING' &&
        (h.deadline_at === undefined || h.deadline_at > c.claimedAt),
      {
        set: {
          ...committed,
          claim_token: c.claimToken,
          claimed_at: c.claimedAt,
          lease_expires_at: c.leaseExpiresAt,
          attempts: 1,
        },
        remove: CURSOR_EXTRAS.filter((f) => !(f in cursor)),
      },
    );
    if (result.ok) {
      // As on DynamoDB: a claim that knows the head's unchanging fields answers the head it computed.
      const known = c.commit.execution && headAfterHandOn(c, c.commit.execution, state);
      return { claimed: true, execution: known ?? itemToExecution(result.item) };
    }
    return afterRefusedHandOn(c, result.old, committed, this.followUps);
  }

  private readonly followUps: FollowUpWrites = {
    takeBackRecord: (executionId, seq, claimToken) => this.takeBackRecord(executionId, seq, claimToken),
    commitAfterEnd: (executionId, claimToken, fields) => this.commitAfterEnd(executionId, claimToken, fields),
    recordLate: (late) => this.control.recordLate(late),
  };

  async release(executionId: string, claimToken: string): Promise<boolean> {
    await request();
    return this.table.updateHead(
      executionId,
      (h) => h.claim_token === claimToken,
      (h) => ({ set: { attempts: h.attempts - 1 }, remove: CLAIM_FIELDS }),
    ).ok;
  }

  async commit(c: StepCommit): Promise<boolean> {
    const recordWritten = await this.putRecordNow(c);
    const head = await this.headCommit(c);
    return head.ok || afterRefusedCommit(c, head.old, recordWritten, this.followUps);
  }

  async putRecord(c: StepCommit): Promise<boolean> {
    return this.putRecordNow(c);
  }

  async defer(d: StepDeferral): Promise<boolean> {
    const cursor = cursorFields(d.executionId, d.cursor);
    await request();
    return this.table.updateHead(d.executionId, (h) => h.claim_token === d.claimToken && h.status === 'RUNNING', {
      set: { ...cursor, attempts: 0, dispatched_at: d.at },
      remove: CLAIM_FIELDS,
    }).ok;
  }

  /** The record; an older attempt's is replaced, a newer attempt's never is, the same claim's is rewritten. */
  private async putRecordNow(c: StepCommit): Promise<boolean> {
    await request();
    const item = stepToItem(c.executionId, c.step, c.claimToken, this.expiresAt(c.at));
    return this.table.putStep(
      c.executionId,
      item,
      (existing) => !existing || existing.attempt < c.step.attempt || existing.claim_token === c.claimToken,
    );
  }

  private async headCommit(c: StepCommit) {
    await request();
    const { step, executionId } = c;
    const common = { steps_recorded: step.seq, commit_mark: c.claimToken, ...packedState(c), attempts: 0 };
    const update =
      'cursor' in c.next
        ? (() => {
            const cursor = cursorFields(executionId, c.next.cursor);
            return {
              set: { ...common, ...cursor, dispatched_at: c.at },
              remove: [...CLAIM_FIELDS, ...CURSOR_EXTRAS.filter((f) => !(f in cursor))],
            };
          })()
        : {
            set: {
              ...common,
              status: c.next.finish.status,
              status_shard: keys.sharded(c.next.finish.status, executionId),
              completed_at: c.at,
              failed_task: c.next.finish.failed_task,
              fail_route: c.next.finish.fail_route,
              error: c.next.finish.error,
              reason: c.next.finish.reason,
              expires_at: this.expiresAt(c.at),
            },
            remove: [
              ...CLAIM_FIELDS,
              'cursor_seq',
              'cursor_task',
              'cursor_timeout',
              'dispatched_at',
              'active_shard',
              ...CURSOR_EXTRAS,
            ],
          };
    return this.table.updateHead(
      executionId,
      (h) =>
        h.claim_token === c.claimToken &&
        h.status === 'RUNNING' &&
        (h.deadline_at === undefined || h.deadline_at > c.at),
      update,
    );
  }

  /** A step's commit onto an execution that ended early, on the step's claim alone (see StepWrites). */
  private async commitAfterEnd(
    executionId: string,
    claimToken: string,
    fields: Record<string, unknown>,
  ): Promise<boolean> {
    await request();
    return this.table.updateHead(executionId, (h: ExecutionItem) => h.claim_token === claimToken, {
      set: { ...fields, attempts: 0 },
      remove: [...CURSOR_EXTRAS.filter((f) => !(f in fields)), ...CLAIM_FIELDS],
    }).ok;
  }

  private async takeBackRecord(executionId: string, seq: number, claimToken: string): Promise<boolean> {
    await request();
    return this.table.deleteStep(executionId, seq, (existing) => existing.claim_token === claimToken);
  }
}
