import type { Execution } from '../../domain/execution/execution';
import type { ExecutionEnd, LateResult, RedriveWrite } from '../../ports/execution-store';
import { CLAIM_FIELDS, lateTimeoutFields, redriveFields, SCHEDULING_FIELDS } from '../head-fields';
import { type InMemoryTable, type ItemUpdate, request } from './in-memory-table';
import { itemToExecution, stepToItem } from '../item-mapping';
import { type ExecutionItem, keys } from '../table-schema';

type Outcome = { ok: true; execution: Execution } | { ok: false; execution?: Execution };

/**
 * The writes of src/storage/dynamo/dynamo-execution-control.ts (stop, time out, a late result, redrive) on the
 * in-memory table, with the same conditions and answers.
 */
export class InMemoryControl {
  constructor(
    private readonly table: InMemoryTable,
    private readonly expiresAt: (writtenAtIso: string) => number,
  ) {}

  async end(e: ExecutionEnd): Promise<Outcome> {
    await request();
    const ends = (h: ExecutionItem) =>
      (e.status === 'ABORTED'
        ? h.status === 'PENDING' || h.status === 'RUNNING'
        : h.status === 'RUNNING' && h.deadline_at !== undefined && h.deadline_at <= e.at) &&
      (e.heldBy === undefined || h.claim_token === e.heldBy);
    return this.update(e.executionId, ends, {
      set: {
        status: e.status,
        status_shard: keys.sharded(e.status, e.executionId),
        completed_at: e.at,
        reason: e.reason,
        error: e.error,
        expires_at: this.expiresAt(e.at),
      },
      remove: [...SCHEDULING_FIELDS, 'failed_task', ...(e.heldBy !== undefined ? CLAIM_FIELDS : [])],
    });
  }

  /** A result that arrived after its execution ended early (see ExecutionControl.recordLate). */
  async recordLate(l: LateResult): Promise<boolean> {
    await request();
    const late = this.table.updateHead(
      l.executionId,
      (h) => h.claim_token === l.claimToken && (h.status === 'ABORTED' || h.status === 'TIMED_OUT'),
      {
        set: { steps_recorded: l.seq },
        remove: CLAIM_FIELDS,
      },
    );
    if (late.ok) return true;
    await request();
    const pastDeadline = (h: ExecutionItem) =>
      h.claim_token === l.claimToken && h.status === 'RUNNING' && h.deadline_at !== undefined && h.deadline_at <= l.at;
    return this.table.updateHead(l.executionId, pastDeadline, lateTimeoutFields(l, this.expiresAt(l.at))).ok;
  }

  /** FAILED/TIMED_OUT/ABORTED → RUNNING at `w.cursor`, only if the end is still the one read and nobody redrove it meanwhile. */
  async redrive(w: RedriveWrite): Promise<Outcome> {
    if (w.interrupted) {
      await request();
      this.table.putStep(
        w.executionId,
        stepToItem(w.executionId, w.interrupted, 'redrive', this.expiresAt(w.at)),
        (existing) => existing === undefined,
      );
    }
    await request();
    const id = w.executionId;
    const unchanged = (h: ExecutionItem) =>
      h.status === w.from.status &&
      (w.previousCount === 0 ? h.redrive_count === undefined : h.redrive_count === w.previousCount);
    return this.update(id, unchanged, redriveFields(w));
  }

  private update(executionId: string, condition: (head: ExecutionItem) => boolean, update: ItemUpdate): Outcome {
    const result = this.table.updateHead(executionId, condition, update);
    if (result.ok) return { ok: true, execution: itemToExecution(result.item) };
    return { ok: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }
}
