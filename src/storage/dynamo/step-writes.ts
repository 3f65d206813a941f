import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ClaimOutcome,
  HandOnClaim,
  HandOnOutcome,
  StepClaim,
  StepCommit,
  StepDeferral,
} from '../../ports/execution-store';
import { conditional, conditionalWithOld, updateExpression } from './conditional-writes';
import { type HeadUpdate, updateHead } from './head-update';
import type { ExecutionControl } from './dynamo-execution-control';
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

/** The per-step writes: claim the head's cursor step, give it back, commit its result. */
export class StepWrites {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Epoch seconds at which an item written now expires. */
    private readonly expiresAt: (writtenAtIso: string) => number,
    private readonly control: ExecutionControl,
  ) {}

  /**
   * One conditional update that is both the claim and the read: it answers the head as it is after
   * the claim (ReturnValues ALL_NEW, no read units), or as it was when refused (ALL_OLD on failure).
   */
  async claim(c: StepClaim): Promise<ClaimOutcome> {
    // A claimed step leaves the by_due index (a no-op for the usual step, which was never in it).
    const update = updateExpression(
      { claim_token: c.claimToken, claimed_at: c.claimedAt, lease_expires_at: c.leaseExpiresAt },
      ['due_shard', 'due_key'],
      ['#attempts = #attempts + :one'],
    );
    const result = await this.updateHead(c.executionId, {
      update,
      condition:
        '#status = :running AND #cursor_seq = :seq AND #cursor_task = :task AND (attribute_not_exists(#claim_token) OR #lease_expires_at < :now)' +
        ' AND (attribute_not_exists(#cursor_due) OR #cursor_due <= :nowIso)',
      names: {
        '#status': 'status',
        '#cursor_seq': 'cursor_seq',
        '#cursor_task': 'cursor_task',
        '#attempts': 'attempts',
        '#cursor_due': 'cursor_due',
      },
      values: {
        ':running': 'RUNNING',
        ':seq': c.seq,
        ':task': c.task,
        ':now': Date.parse(c.claimedAt),
        ':nowIso': c.claimedAt,
        ':one': 1,
      },
    });
    if (result.ok) return { claimed: true, execution: result.execution };
    return { claimed: false, ...(result.old && { execution: itemToExecution(result.old) }) };
  }

  /**
   * The previous step's commit (its record is written already) and this step's claim, in one
   * conditional update that answers the head like `claim` does. Refused, it tells apart: our own
   * write, applied but its answer lost (claimed); a commit someone else made already (a duplicate
   * invoke: the caller claims as usual); an execution that ended early meanwhile (stopped, or
   * past its deadline: a step that finished before the end is committed, one that finished after
   * it is kept and counted, as `commit` does); and a previous step whose claim was lost (its record
   * is taken back, unless a newer attempt replaced it).
   */
  async handOnClaim(c: HandOnClaim): Promise<HandOnOutcome> {
    const { cursor, state, committed } = handOnCommitFields(c);
    const extras = CURSOR_EXTRAS.filter((f) => !(f in cursor));
    const update = updateExpression(
      {
        ...committed,
        claim_token: c.claimToken,
        claimed_at: c.claimedAt,
        lease_expires_at: c.leaseExpiresAt,
        attempts: 1,
      },
      extras,
    );
    const result = await this.updateHead(c.executionId, {
      update,
      condition:
        '#held = :held AND #status = :running AND (attribute_not_exists(#deadline_at) OR #deadline_at > :nowIso)',
      names: { '#held': 'claim_token', '#status': 'status', '#deadline_at': 'deadline_at' },
      values: { ':held': c.commit.claimToken, ':running': 'RUNNING', ':nowIso': c.claimedAt },
      // Applied, the update holds only while the committed step's claim did, so no redrive (the
      // only writer of the unchanging fields) came between: the head is what the step knew, moved on.
      ...(c.commit.execution && { knownHead: headAfterHandOn(c, c.commit.execution, state) }),
    });
    if (result.ok) return { claimed: true, execution: result.execution };
    return afterRefusedHandOn(c, result.old, committed, this.followUps);
  }

  private readonly followUps: FollowUpWrites = {
    takeBackRecord: (executionId, seq, claimToken) => this.takeBackRecord(executionId, seq, claimToken),
    commitAfterEnd: (executionId, claimToken, fields) => this.commitAfterEnd(executionId, claimToken, fields),
    recordLate: (late) => this.control.recordLate(late),
  };

  /**
   * A step's commit onto an execution that ended early, on the step's claim alone: the head moves
   * to the next step, unclaimed, and keeps its status.
   */
  private async commitAfterEnd(
    executionId: string,
    claimToken: string,
    fields: Record<string, unknown> & { cursor_seq: number },
  ): Promise<boolean> {
    const update = updateExpression({ ...fields, attempts: 0 }, [
      ...CURSOR_EXTRAS.filter((f) => !(f in fields)),
      ...CLAIM_FIELDS,
    ]);
    return (
      await this.updateHead(executionId, {
        update,
        condition: '#held = :held',
        names: { '#held': 'claim_token' },
        values: { ':held': claimToken },
      })
    ).ok;
  }

  private updateHead(executionId: string, u: HeadUpdate) {
    return updateHead(this.client, this.tableName, executionId, u);
  }

  release(executionId: string, claimToken: string): Promise<boolean> {
    const update = updateExpression({}, [...CLAIM_FIELDS], ['#attempts = #attempts - :one']);
    return conditional(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.execution(executionId),
          UpdateExpression: update.expression,
          ConditionExpression: '#claim_token = :token',
          ExpressionAttributeNames: { ...update.names, '#attempts': 'attempts' },
          ExpressionAttributeValues: { ':token': claimToken, ':one': 1 },
        }),
      ),
    );
  }

  /**
   * The step record, then the head update, which is the commit (conditional on our claim). In that
   * order, a step the head counts as committed always has its record, whoever hands the next step
   * on: this invocation, the timers (a retry's backoff, a wait) or the recovery sweep, which may do
   * so while this invocation is still busy. Sent together, a record still being retried could be
   * missing from a finished execution. Readers trust records only up to the head's
   * `steps_recorded`, so a record is never shown before its commit; one whose commit was refused is
   * taken back, and one written by an older attempt never replaces a newer attempt's. The head
   * keeps the committing claim token (`commit_mark`), so a commit is idempotent: repeated, or
   * retried by the client after its first try was applied, it is recognised as done.
   */
  async commit(c: StepCommit): Promise<boolean> {
    const recordWritten = await this.putRecord(c);
    const head = await conditionalWithOld(() => this.client.send(this.headCommit(c)));
    return head.ok || afterRefusedCommit(c, head.old as ExecutionItem | undefined, recordWritten, this.followUps);
  }

  /**
   * The step's record; one an older attempt wrote is replaced, a newer attempt's never is, and the
   * same claim writing it again (a retried request, a fallback commit) succeeds.
   */
  putRecord(c: StepCommit): Promise<boolean> {
    return conditional(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: stepToItem(c.executionId, c.step, c.claimToken, this.expiresAt(c.at)),
          ConditionExpression: 'attribute_not_exists(#pk) OR #attempt < :attempt OR #claim_token = :token',
          ExpressionAttributeNames: { '#pk': 'pk', '#attempt': 'attempt', '#claim_token': 'claim_token' },
          ExpressionAttributeValues: { ':attempt': c.step.attempt, ':token': c.claimToken },
        }),
      ),
    );
  }

  private headCommit(c: StepCommit): UpdateCommand {
    const { step, executionId } = c;
    const common = {
      steps_recorded: step.seq,
      commit_mark: c.claimToken,
      ...packedState(c),
      attempts: 0,
    };
    const claimFields: string[] = [...CLAIM_FIELDS];
    const update =
      'cursor' in c.next
        ? (() => {
            const cursor = cursorFields(executionId, c.next.cursor);
            return updateExpression({ ...common, ...cursor, dispatched_at: c.at }, [
              ...claimFields,
              ...CURSOR_EXTRAS.filter((f) => !(f in cursor)),
            ]);
          })()
        : updateExpression(
            {
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
            [
              ...claimFields,
              'cursor_seq',
              'cursor_task',
              'cursor_timeout',
              'dispatched_at',
              'active_shard',
              ...CURSOR_EXTRAS,
            ],
          );
    return new UpdateCommand({
      TableName: this.tableName,
      Key: keys.execution(executionId),
      UpdateExpression: update.expression,
      // An execution past its own deadline takes no more steps (absent for most flows).
      ConditionExpression:
        '#claim_token = :token AND #status = :running AND (attribute_not_exists(#deadline_at) OR #deadline_at > :now)',
      ExpressionAttributeNames: {
        ...update.names,
        '#claim_token': 'claim_token',
        '#status': 'status',
        '#deadline_at': 'deadline_at',
      },
      ExpressionAttributeValues: { ...update.values, ':token': c.claimToken, ':running': 'RUNNING', ':now': c.at },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }

  /**
   * Puts the claimed cursor step off until `cursor.due_at` (a durable wait that just started):
   * the claim is given back and the step enters the by_due index; no step is recorded yet.
   */
  defer(d: StepDeferral): Promise<boolean> {
    const cursor = cursorFields(d.executionId, d.cursor);
    const update = updateExpression({ ...cursor, attempts: 0, dispatched_at: d.at }, [...CLAIM_FIELDS]);
    return conditional(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.execution(d.executionId),
          UpdateExpression: update.expression,
          ConditionExpression: '#claim_token = :token AND #status = :running',
          ExpressionAttributeNames: { ...update.names, '#claim_token': 'claim_token', '#status': 'status' },
          ExpressionAttributeValues: { ...update.values, ':token': d.claimToken, ':running': 'RUNNING' },
        }),
      ),
    );
  }

  private takeBackRecord(executionId: string, seq: number, claimToken: string): Promise<boolean> {
    return conditional(() =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.step(executionId, seq),
          ConditionExpression: '#claim_token = :token',
          ExpressionAttributeNames: { '#claim_token': 'claim_token' },
          ExpressionAttributeValues: { ':token': claimToken },
        }),
      ),
    );
  }
}
