import type { HandOnClaim, HandOnOutcome, LateResult, StepCommit } from '../ports/execution-store';
import { headFields } from './hand-on-state';
import { cursorFields, itemToExecution, stateFields } from './item-mapping';
import type { ExecutionItem } from './table-schema';

/**
 * What a store does after the head refused a step's commit or a hand-on claim: the one place that
 * decides whether the step still counts, for the DynamoDB store and the in-memory one alike (each
 * brings its own writes), so that both keep the exactly-once rules the same way.
 */
export interface FollowUpWrites {
  /** Deletes the step's record if this claim wrote it. */
  takeBackRecord(executionId: string, seq: number, claimToken: string): Promise<unknown>;
  /** Moves the head of an execution that ended early on to the next step, on the step's claim alone; keeps its status. */
  commitAfterEnd(
    executionId: string,
    claimToken: string,
    fields: Record<string, unknown> & { cursor_seq: number },
  ): Promise<boolean>;
  /** Counts a result that came after the end (see ExecutionStore.commitStep). */
  recordLate(late: LateResult): Promise<boolean>;
}

/** When an execution ended early, as of `at`: stopped, timed out, or past its deadline while still RUNNING. */
export function endOf(head: ExecutionItem, at: string): string | undefined {
  if (head.status === 'ABORTED') return head.completed_at;
  if (head.status === 'TIMED_OUT')
    return [head.completed_at, head.deadline_at].filter((t): t is string => t !== undefined).sort()[0];
  if (head.status === 'RUNNING' && head.deadline_at !== undefined && head.deadline_at <= at) return head.deadline_at;
  return undefined;
}

/** The head's state attributes of a commit, packed once. */
export const packedState = (c: StepCommit) => (c.packed ? headFields(c.packed) : stateFields(c.state, c.progress));

/** The head fields a hand-on commits for the previous step (`c.commit`), besides the new claim. */
export function handOnCommitFields(c: HandOnClaim) {
  const cursor = cursorFields(c.executionId, {
    seq: c.seq,
    task: c.task,
    timeout_seconds: c.commit.timeoutSeconds,
    ...(c.commit.retries && { retries: c.commit.retries }),
  });
  const state = headFields(c.commit.state);
  return {
    cursor,
    state,
    committed: {
      steps_recorded: c.commit.seq,
      commit_mark: c.commit.claimToken,
      ...state,
      ...cursor,
      dispatched_at: c.claimedAt,
    },
  };
}

/** The answer to a hand-on claim the head refused (`old`: the head as it was, if it exists). */
export async function afterRefusedHandOn(
  c: HandOnClaim,
  old: ExecutionItem | undefined,
  committed: Record<string, unknown> & { cursor_seq: number },
  w: FollowUpWrites,
): Promise<HandOnOutcome> {
  if (!old) {
    await w.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
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
    if (c.commit.completedAt < endedAt && (await w.commitAfterEnd(c.executionId, c.commit.claimToken, committed))) {
      return old.status === 'RUNNING'
        ? { claimed: false, committedElsewhere: true, execution }
        : { claimed: false, execution };
    }
    const late = {
      executionId: c.executionId,
      claimToken: c.commit.claimToken,
      seq: c.commit.seq,
      at: c.claimedAt,
      timeoutSeconds: old.execution_timeout,
    };
    // Past its deadline, the late result is what times the execution out.
    if (await w.recordLate(late))
      return {
        claimed: false,
        execution: { ...execution, status: old.status === 'RUNNING' ? 'TIMED_OUT' : old.status },
      };
  }
  await w.takeBackRecord(c.executionId, c.commit.seq, c.commit.claimToken);
  return { claimed: false, execution };
}

/**
 * The answer to a commit the head refused. A request retried after its first try was applied
 * meets its own write: the head's commit mark says whose commit it was. Refused because the
 * execution ended early (stopped, or past its deadline), a step that finished before the end still
 * moves the head on, the end applying to the next step; one that finished after it is kept and
 * counted, and changes nothing else. Otherwise the record this commit wrote is taken back.
 */
export async function afterRefusedCommit(
  c: StepCommit,
  old: ExecutionItem | undefined,
  recordWritten: boolean,
  w: FollowUpWrites,
): Promise<boolean> {
  if (old?.commit_mark === c.claimToken) return true;
  const endedAt = old && endOf(old, c.at);
  if (recordWritten && old?.claim_token === c.claimToken && endedAt !== undefined) {
    if ('cursor' in c.next && c.step.completed_at < endedAt) {
      // An ended execution keeps no due time: nothing is to fire for it.
      const { due_at: _due, ...undue } = c.next.cursor;
      const cursor = cursorFields(c.executionId, old.status === 'RUNNING' ? c.next.cursor : undue);
      const fields = {
        steps_recorded: c.step.seq,
        commit_mark: c.claimToken,
        ...packedState(c),
        ...cursor,
        dispatched_at: c.at,
      };
      if (await w.commitAfterEnd(c.executionId, c.claimToken, fields)) return old.status === 'RUNNING';
    }
    if (
      await w.recordLate({
        executionId: c.executionId,
        claimToken: c.claimToken,
        seq: c.step.seq,
        at: c.at,
        timeoutSeconds: c.timeoutSeconds,
      })
    )
      return false;
  }
  if (recordWritten) await w.takeBackRecord(c.executionId, c.step.seq, c.claimToken);
  return false;
}
