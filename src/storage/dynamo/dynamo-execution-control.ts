import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Execution } from '../../domain/execution/execution';
import type { ExecutionEnd, LateResult, RedriveWrite } from '../../ports/execution-store';
import { updateExpression } from './conditional-writes';
import { CLAIM_FIELDS, lateTimeoutFields, redriveFields, SCHEDULING_FIELDS } from '../head-fields';
import { type HeadUpdate, updateHead } from './head-update';
import { itemToExecution, stepToItem } from '../item-mapping';
import { keys } from '../table-schema';

type Outcome = { ok: true; execution: Execution } | { ok: false; execution?: Execution };

/**
 * The writes that end or resume an execution from outside its steps: stop, time out, redrive.
 * Each is one conditional update of the head that answers the head as it is afterwards (or as it
 * was, when refused). The cursor and any claim are kept when an execution ends early: a running
 * attempt can still record its result (changing nothing), and a redrive knows where to resume.
 */
export class ExecutionControl {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiresAt: (writtenAtIso: string) => number,
  ) {}

  /** PENDING/RUNNING → ABORTED or (RUNNING past its deadline) → TIMED_OUT. */
  end(e: ExecutionEnd): Promise<Outcome> {
    const update = updateExpression(
      {
        status: e.status,
        status_shard: keys.sharded(e.status, e.executionId),
        completed_at: e.at,
        reason: e.reason,
        error: e.error,
        expires_at: this.expiresAt(e.at),
      },
      [...SCHEDULING_FIELDS, 'failed_task', ...(e.heldBy !== undefined ? CLAIM_FIELDS : [])],
    );
    const held = e.heldBy !== undefined ? ' AND #claim_token = :token' : '';
    const condition =
      (e.status === 'ABORTED' ? '#status IN (:pending, :running)' : '#status = :running AND #deadline_at <= :at') +
      held;
    return this.update(e.executionId, update, condition, {
      names: {
        ...(e.status === 'TIMED_OUT' && { '#deadline_at': 'deadline_at' }),
        ...(e.heldBy !== undefined && { '#claim_token': 'claim_token' }),
      },
      values: {
        ...(e.status === 'ABORTED'
          ? { ':pending': 'PENDING', ':running': 'RUNNING' }
          : { ':running': 'RUNNING', ':at': e.at }),
        ...(e.heldBy !== undefined && { ':token': e.heldBy }),
      },
    });
  }

  /**
   * A result that arrived after its execution was stopped or timed out: its record stays (the
   * caller wrote it), the head counts it, and nothing else changes. A RUNNING execution past its
   * deadline is timed out by the same write. Only the attempt holding the claim may do this.
   */
  async recordLate(l: LateResult): Promise<boolean> {
    const timeOutFields = lateTimeoutFields(l, this.expiresAt(l.at));
    const timeOut = updateExpression(timeOutFields.set, timeOutFields.remove);
    const ended = updateExpression({ steps_recorded: l.seq }, [...CLAIM_FIELDS]);
    const late = await this.update(
      l.executionId,
      ended,
      '#claim_token = :token AND #status IN (:aborted, :timed_out)',
      {
        names: { '#claim_token': 'claim_token' },
        values: { ':token': l.claimToken, ':aborted': 'ABORTED', ':timed_out': 'TIMED_OUT' },
      },
    );
    if (late.ok) return true;
    const timedOut = await this.update(
      l.executionId,
      timeOut,
      '#claim_token = :token AND #status = :running AND #deadline_at <= :at',
      {
        names: { '#claim_token': 'claim_token', '#deadline_at': 'deadline_at' },
        values: { ':token': l.claimToken, ':running': 'RUNNING', ':at': l.at },
      },
    );
    return timedOut.ok;
  }

  /**
   * FAILED/TIMED_OUT/ABORTED → RUNNING at `w.cursor`, only if nobody redrove it meanwhile. An
   * interrupted step (one whose attempt may still be running) is first closed with a record that
   * outranks that attempt's, so its late result can neither replace it nor move the execution.
   */
  async redrive(w: RedriveWrite): Promise<Outcome> {
    if (w.interrupted) {
      await this.client
        .send(
          new PutCommand({
            TableName: this.tableName,
            Item: stepToItem(w.executionId, w.interrupted, 'redrive', this.expiresAt(w.at)),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          }),
        )
        .catch((error: unknown) => {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        });
    }
    const id = w.executionId;
    const fields = redriveFields(w);
    const update = updateExpression(fields.set, fields.remove);
    const countCondition =
      w.previousCount === 0 ? 'attribute_not_exists(#redrive_count)' : '#redrive_count = :previous';
    return this.update(id, update, `#status = :from AND ${countCondition}`, {
      names: { '#redrive_count': 'redrive_count' },
      values: { ':from': w.from.status, ...(w.previousCount > 0 && { ':previous': w.previousCount }) },
    });
  }

  private async update(
    executionId: string,
    update: HeadUpdate['update'],
    condition: string,
    extra: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<Outcome> {
    const result = await updateHead(this.client, this.tableName, executionId, {
      update,
      condition,
      names: { '#status': 'status', ...extra.names },
      values: extra.values,
    });
    if (result.ok) return { ok: true, execution: result.execution };
    return { ok: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }
}
