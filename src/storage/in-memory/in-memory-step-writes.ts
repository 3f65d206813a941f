import type { ClaimOutcome, HandOnClaim, HandOnOutcome, StepClaim, StepCommit, StepDeferral } from '../../ports/execution-store';
import { headFields } from '../hand-on-state';
import { endOf, type InMemoryControl } from './in-memory-control';
import { type InMemoryTable, request } from './in-memory-table';
import { CURSOR_EXTRAS, cursorFields, headAfterHandOn, itemToExecution, stateFields, stepToItem } from '../item-mapping';
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
        set: { claim_token: c.claimToken, claimed_at: c.claimedAt, lease_expires_at: c.leaseExpiresAt, attempts: h.attempts + 1 },
        remove: ['due_shard', 'due_key'],
      }),
    );
    if (result.ok) return { claimed: true, execution: itemToExecution(result.item) };
    return { claimed: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }

  async handOnClaim(c: HandOnClaim): Promise<HandOnOutcome> {
    const cursor = cursorFields(c.executionId, {
      seq: c.seq, task: c.task, timeout_seconds: c.commit.timeoutSeconds, ...(c.commit.retries && { retries: c.commit.retries }),
    });
    const state = headFields(c.commit.state);
    const committed = { steps_recorded: c.commit.seq, commit_mark: c.commit.claimToken, ...state, ...cursor, dispatched_at: c.claimedAt };
    await request();
    const result = this.table.updateHead(
      c.executionId,
      (h) => h.claim_token === c.commit.claimToken && h.status === 'RUNNING' && (h.deadline_at === undefined || h.deadline_at > c.claimedAt),
      {
        set: { ...committed, claim_token: c.claimToken, claimed_at: c.claimedAt, lease_expires_at: c.leaseExpiresAt, attempts: 1 },
        remove: CURSOR_EXTRAS.filter((f) => !(f in cursor)),
      },
    );
    if (result.ok) {
      // As on DynamoDB: a claim that knows the head's unchanging fields answers the head it computed.
      const known = c.commit.execution && headAfterHandOn(c, c.commit.execution, state);
      return { claimed: true, execution: known ?? itemToExecution(result.item) };
    }
    const old = result.old;
    if (!old) {
      await this.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
      return { claimed: false };
    }
    const execution = itemToExecution(old);
    if (old.claim_token === c.claimToken) return { claimed: true, execution };
    if (old.steps_recorded >= c.commit.seq) return { claimed: false, committedElsewhere: true, execution };
    const endedAt = endOf(old, c.claimedAt);
    if (endedAt !== undefined && old.claim_token === c.commit.claimToken) {
      if (c.commit.completedAt < endedAt && (await this.commitAfterEnd(c.executionId, c.commit.claimToken, committed))) {
        return old.status === 'RUNNING' ? { claimed: false, committedElsewhere: true, execution } : { claimed: false, execution };
      }
      const late = { executionId: c.executionId, claimToken: c.commit.claimToken, seq: c.commit.seq, at: c.claimedAt, timeoutSeconds: old.execution_timeout };
      if (await this.control.recordLate(late)) return { claimed: false, execution: { ...execution, status: old.status === 'RUNNING' ? 'TIMED_OUT' : old.status } };
    }
    await this.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
    return { claimed: false, execution };
  }

  async release(executionId: string, claimToken: string): Promise<boolean> {
    await request();
    return this.table.updateHead(executionId, (h) => h.claim_token === claimToken, (h) => ({ set: { attempts: h.attempts - 1 }, remove: CLAIM_FIELDS })).ok;
  }

  async commit(c: StepCommit): Promise<boolean> {
    const recordWritten = await this.putRecordNow(c);
    const head = await this.headCommit(c);
    if (head.ok || head.old?.commit_mark === c.claimToken) return true;
    const old = head.old;
    const endedAt = old && endOf(old, c.at);
    if (recordWritten && old?.claim_token === c.claimToken && endedAt !== undefined) {
      if ('cursor' in c.next && c.step.completed_at < endedAt) {
        const { due_at: _due, ...undue } = c.next.cursor;
        const cursor = cursorFields(c.executionId, old.status === 'RUNNING' ? c.next.cursor : undue);
        const fields = { steps_recorded: c.step.seq, commit_mark: c.claimToken, ...packedState(c), ...cursor, dispatched_at: c.at };
        if (await this.commitAfterEnd(c.executionId, c.claimToken, fields)) return old.status === 'RUNNING';
      }
      if (await this.control.recordLate({ executionId: c.executionId, claimToken: c.claimToken, seq: c.step.seq, at: c.at, timeoutSeconds: c.timeoutSeconds })) return false;
    }
    if (recordWritten) await this.takeBackRecord(c.executionId, c.step.seq, c.claimToken);
    return false;
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
    return this.table.putStep(c.executionId, item, (existing) => !existing || existing.attempt < c.step.attempt || existing.claim_token === c.claimToken);
  }

  private async headCommit(c: StepCommit) {
    await request();
    const { step, executionId } = c;
    const common = { steps_recorded: step.seq, commit_mark: c.claimToken, ...packedState(c), attempts: 0 };
    const update =
      'cursor' in c.next
        ? (() => {
            const cursor = cursorFields(executionId, c.next.cursor);
            return { set: { ...common, ...cursor, dispatched_at: c.at }, remove: [...CLAIM_FIELDS, ...CURSOR_EXTRAS.filter((f) => !(f in cursor))] };
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
            remove: [...CLAIM_FIELDS, 'cursor_seq', 'cursor_task', 'cursor_timeout', 'dispatched_at', 'active_shard', ...CURSOR_EXTRAS],
          };
    return this.table.updateHead(
      executionId,
      (h) => h.claim_token === c.claimToken && h.status === 'RUNNING' && (h.deadline_at === undefined || h.deadline_at > c.at),
      update,
    );
  }

  /** A step's commit onto an execution that ended early, on the step's claim alone (see StepWrites). */
  private async commitAfterEnd(executionId: string, claimToken: string, fields: Record<string, unknown>): Promise<boolean> {
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

/** The head's state attributes of a commit, packed once. */
const packedState = (c: StepCommit) => (c.packed ? headFields(c.packed) : stateFields(c.state, c.progress));
