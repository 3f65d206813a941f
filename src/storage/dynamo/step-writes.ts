import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOutcome, HandOnClaim, HandOnOutcome, StepClaim, StepCommit, StepDeferral } from '../../ports/execution-store';
import { headFields } from '../hand-on-state';
import { conditional, conditionalWithOld, updateExpression } from './conditional-writes';
import { type HeadUpdate, updateHead } from './head-update';
import type { ExecutionControl } from './dynamo-execution-control';
import { CURSOR_EXTRAS, cursorFields, headAfterHandOn, itemToExecution, stateFields, stepToItem } from '../item-mapping';
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
      names: { '#status': 'status', '#cursor_seq': 'cursor_seq', '#cursor_task': 'cursor_task', '#attempts': 'attempts', '#cursor_due': 'cursor_due' },
      values: { ':running': 'RUNNING', ':seq': c.seq, ':task': c.task, ':now': Date.parse(c.claimedAt), ':nowIso': c.claimedAt, ':one': 1 },
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
    const cursor = cursorFields(c.executionId, {
      seq: c.seq, task: c.task, timeout_seconds: c.commit.timeoutSeconds, ...(c.commit.retries && { retries: c.commit.retries }),
    });
    const state = headFields(c.commit.state);
    const committed = { steps_recorded: c.commit.seq, commit_mark: c.commit.claimToken, ...state, ...cursor, dispatched_at: c.claimedAt };
    const extras = CURSOR_EXTRAS.filter((f) => !(f in cursor));
    const update = updateExpression({ ...committed, claim_token: c.claimToken, claimed_at: c.claimedAt, lease_expires_at: c.leaseExpiresAt, attempts: 1 }, extras);
    const result = await this.updateHead(c.executionId, {
      update,
      condition: '#held = :held AND #status = :running AND (attribute_not_exists(#deadline_at) OR #deadline_at > :nowIso)',
      names: { '#held': 'claim_token', '#status': 'status', '#deadline_at': 'deadline_at' },
      values: { ':held': c.commit.claimToken, ':running': 'RUNNING', ':nowIso': c.claimedAt },
      // Applied, the update holds only while the committed step's claim did, so no redrive (the
      // only writer of the unchanging fields) came between: the head is what the step knew, moved on.
      ...(c.commit.execution && { knownHead: headAfterHandOn(c, c.commit.execution, state) }),
    });
    if (result.ok) return { claimed: true, execution: result.execution };
    const old = result.old;
    if (!old) {
      await this.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
      return { claimed: false };
    }
    const execution = itemToExecution(old);
    if (old.claim_token === c.claimToken) return { claimed: true, execution };
    // Counted already: by this very message's first delivery, or by the step's own fallback commit.
    if (old.steps_recorded >= c.commit.seq) return { claimed: false, committedElsewhere: true, execution };
    const endedAt = endOf(old, c.claimedAt);
    if (endedAt !== undefined && old.claim_token === c.commit.claimToken) {
      // The step finished before the execution was stopped or reached its deadline, only its
      // hand-on came later: its commit counts, as it would have with an instant invoke, and the
      // end applies to the next step (a redrive resumes there; a deadline times it out when claimed).
      if (c.commit.completedAt < endedAt && (await this.commitAfterEnd(c.executionId, c.commit.claimToken, committed))) {
        return old.status === 'RUNNING' ? { claimed: false, committedElsewhere: true, execution } : { claimed: false, execution };
      }
      const late = { executionId: c.executionId, claimToken: c.commit.claimToken, seq: c.commit.seq, at: c.claimedAt, timeoutSeconds: old.execution_timeout };
      // Past its deadline, the late result is what times the execution out.
      if (await this.control.recordLate(late)) return { claimed: false, execution: { ...execution, status: old.status === 'RUNNING' ? 'TIMED_OUT' : old.status } };
    }
    await this.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
    return { claimed: false, execution };
  }

  /**
   * A step's commit onto an execution that ended early, on the step's claim alone: the head moves
   * to the next step, unclaimed, and keeps its status.
   */
  private async commitAfterEnd(executionId: string, claimToken: string, fields: Record<string, unknown> & { cursor_seq: number }): Promise<boolean> {
    const update = updateExpression({ ...fields, attempts: 0 }, [...CURSOR_EXTRAS.filter((f) => !(f in fields)), ...CLAIM_FIELDS]);
    return (await this.updateHead(executionId, { update, condition: '#held = :held', names: { '#held': 'claim_token' }, values: { ':held': claimToken } })).ok;
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
    // A request the client retried after its first try was applied (the answer lost on the way
    // back) meets its own write and is refused: the head's commit mark says whose commit it was.
    const ownCommit = !head.ok && (head.old as Partial<ExecutionItem> | undefined)?.commit_mark === c.claimToken;
    if (head.ok || ownCommit) return true;
    // Refused because the execution ended early (stopped, or past its deadline). A step that
    // finished before the end still moves the head on, the end applying to the next step; one
    // that finished after it is kept and counted, and changes nothing else.
    const old = head.old as ExecutionItem | undefined;
    const endedAt = old && endOf(old, c.at);
    if (recordWritten && old?.claim_token === c.claimToken && endedAt !== undefined) {
      if ('cursor' in c.next && c.step.completed_at < endedAt) {
        // An ended execution keeps no due time: nothing is to fire for it.
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
            return updateExpression({ ...common, ...cursor, dispatched_at: c.at }, [...claimFields, ...CURSOR_EXTRAS.filter((f) => !(f in cursor))]);
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
            [...claimFields, 'cursor_seq', 'cursor_task', 'cursor_timeout', 'dispatched_at', 'active_shard', ...CURSOR_EXTRAS],
          );
    return new UpdateCommand({
      TableName: this.tableName,
      Key: keys.execution(executionId),
      UpdateExpression: update.expression,
      // An execution past its own deadline takes no more steps (absent for most flows).
      ConditionExpression: '#claim_token = :token AND #status = :running AND (attribute_not_exists(#deadline_at) OR #deadline_at > :now)',
      ExpressionAttributeNames: { ...update.names, '#claim_token': 'claim_token', '#status': 'status', '#deadline_at': 'deadline_at' },
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

/** When an execution ended early, as of `at`: stopped, timed out, or past its deadline while still RUNNING. */
function endOf(head: ExecutionItem, at: string): string | undefined {
  if (head.status === 'ABORTED') return head.completed_at;
  if (head.status === 'TIMED_OUT') return [head.completed_at, head.deadline_at].filter((t): t is string => t !== undefined).sort()[0];
  if (head.status === 'RUNNING' && head.deadline_at !== undefined && head.deadline_at <= at) return head.deadline_at;
  return undefined;
}

/** The head's state attributes of a commit, packed once. */
const packedState = (c: StepCommit) => (c.packed ? headFields(c.packed) : stateFields(c.state, c.progress));
