import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
import { keys } from '../table-schema';
import { updateExpression } from './conditional-writes';
import { updateHead } from './head-update';

/** A callback is taken only while its step waits with this token, untaken, and nothing has timed it out. */
const CALLBACK_CONDITION =
  '#status = :running AND #cursor_seq = :seq AND #callback_token = :token AND attribute_not_exists(#callback_outcome)' +
  ' AND #callback_due > :now AND (attribute_not_exists(#deadline_at) OR #deadline_at > :now)';
const CALLBACK_NAMES = {
  '#status': 'status',
  '#cursor_seq': 'cursor_seq',
  '#callback_token': 'callback_token',
  '#callback_outcome': 'callback_outcome',
  '#callback_due': 'callback_due',
  '#deadline_at': 'deadline_at',
};

/** The head's writes of a step that waits for a callback, and of the callbacks (docs/callbacks.md). */
export class CallbackWrites {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async arm(a: CallbackArming): Promise<boolean> {
    const result = await updateHead(this.client, this.tableName, a.executionId, {
      update: updateExpression(callbackFields(a.callback)),
      condition: '#claim_token = :claim AND #status = :running',
      names: { '#claim_token': 'claim_token', '#status': 'status' },
      values: { ':claim': a.claimToken, ':running': 'RUNNING' },
    });
    return result.ok;
  }

  /**
   * The claim goes back and the step enters the by_due index, as a durable wait's does; refused if
   * a callback came meanwhile (its outcome is on the head: the caller completes the step with it).
   */
  async wait(d: CallbackDeferral): Promise<CallbackDeferralOutcome> {
    const update = updateExpression(
      {
        ...(d.callback && callbackFields(d.callback)),
        callback_waiting: true,
        cursor_due: d.dueAt,
        due_shard: keys.dueShard(d.executionId),
        due_key: keys.dueKey(d.dueAt, d.executionId),
        attempts: 0,
        dispatched_at: d.at,
      },
      CLAIM_FIELDS,
    );
    const result = await updateHead(this.client, this.tableName, d.executionId, {
      update,
      condition: '#claim_token = :claim AND #status = :running AND attribute_not_exists(#callback_outcome)',
      names: { '#claim_token': 'claim_token', '#status': 'status', '#callback_outcome': 'callback_outcome' },
      values: { ':claim': d.claimToken, ':running': 'RUNNING' },
    });
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
    const result = await updateHead(this.client, this.tableName, w.executionId, {
      update: updateExpression(set),
      condition: CALLBACK_CONDITION,
      names: CALLBACK_NAMES,
      values: { ':running': 'RUNNING', ':seq': w.seq, ':token': w.token, ':now': w.at },
    });
    if (result.ok) return { ok: true, execution: result.execution };
    return { ok: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }
}
