import type { CallbackOutcome } from '../../domain/execution/callback-wait';
import type {
  CallbackArming,
  CallbackDeferral,
  CallbackDeferralOutcome,
  CallbackWrite,
  CallbackWriteOutcome,
} from '../../ports/execution-store';
import { callbackFields } from '../callback-fields';
import { CLAIM_FIELDS, completionFields, heartbeatFields } from '../head-fields';
import { itemToExecution } from '../item-mapping';
import { type ExecutionItem, keys } from '../table-schema';
import { type InMemoryTable, request } from './in-memory-table';

/** src/storage/dynamo/callback-writes.ts on the in-memory table: the same conditions, fields and answers. */
export class InMemoryCallbackWrites {
  constructor(private readonly table: InMemoryTable) {}

  async arm(a: CallbackArming): Promise<boolean> {
    await request();
    return this.table.updateHead(a.executionId, (h) => h.claim_token === a.claimToken && h.status === 'RUNNING', {
      set: callbackFields(a.callback),
    }).ok;
  }

  async wait(d: CallbackDeferral): Promise<CallbackDeferralOutcome> {
    await request();
    const result = this.table.updateHead(
      d.executionId,
      (h) => h.claim_token === d.claimToken && h.status === 'RUNNING' && h.callback_outcome === undefined,
      {
        set: {
          ...(d.callback && callbackFields(d.callback)),
          callback_waiting: true,
          cursor_due: d.dueAt,
          due_shard: keys.dueShard(d.executionId),
          due_key: keys.dueKey(d.dueAt, d.executionId),
          attempts: 0,
          dispatched_at: d.at,
        },
        remove: CLAIM_FIELDS,
      },
    );
    if (result.ok) return 'waiting';
    const old = result.old;
    return old?.claim_token === d.claimToken && old.callback_outcome !== undefined ? 'completed' : 'lost';
  }

  complete(w: CallbackWrite & { outcome: CallbackOutcome }): Promise<CallbackWriteOutcome> {
    return this.callbackWrite(w, completionFields(w));
  }

  heartbeat(w: CallbackWrite & { dueAt: string; cursorDueAt: string }): Promise<CallbackWriteOutcome> {
    return this.callbackWrite(w, heartbeatFields(w));
  }

  private async callbackWrite(w: CallbackWrite, set: Record<string, unknown>): Promise<CallbackWriteOutcome> {
    await request();
    const taken = (h: ExecutionItem) =>
      h.status === 'RUNNING' &&
      h.cursor_seq === w.seq &&
      h.callback_token === w.token &&
      h.callback_outcome === undefined &&
      h.callback_due !== undefined &&
      h.callback_due > w.at &&
      (h.deadline_at === undefined || h.deadline_at > w.at);
    const result = this.table.updateHead(w.executionId, taken, { set });
    if (result.ok) return { ok: true, execution: itemToExecution(result.item) };
    return { ok: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }
}
