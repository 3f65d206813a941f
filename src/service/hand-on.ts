import { type Cursor, type Execution, executionContext } from '../domain/execution/execution';
import { LIMITS } from '../domain/limits';
import { cursorMessage, type StepMessage } from '../domain/execution/step-message';
import type { ClaimOutcome, StepClaim, StepCommit } from '../ports/execution-store';
import type { StepDeps } from './step-deps';

/**
 * How a step's commit reaches the head. Usually it travels with the hand-on (handing the next step
 * on to its own invocation; see the glossary in docs/architecture.md): the step writes its
 * record, then invokes the next step with the head's new state in the message, and the next step's
 * claim commits it in the same conditional update. Two writes per step instead of three (claim,
 * record, commit), with the same guarantees: the record is written before anything counts it, the
 * commit holds only while the step's claim does, and a duplicate invoke of the next step finds
 * the commit made and claims as usual. A step commits itself, one write more, when nothing is to be
 * invoked now (the execution finishes, or the next step waits for its time), when its state is too
 * large to carry, or when the invoke failed.
 */
export async function commitAndHandOn(commit: StepCommit, execution: Execution, deps: StepDeps): Promise<boolean> {
  const definitionHash = execution.definition_hash;
  const next = 'cursor' in commit.next ? commit.next.cursor : undefined;
  const carried =
    next && next.due_at === undefined && next.wait_started_at === undefined
      ? deps.store.packHandOnState(commit.state, commit.progress)
      : undefined;
  if (next && carried && carried.bytes <= LIMITS.maxHandOnCommitBytes) {
    if (!(await deps.store.recordStep(commit))) return false;
    const message: StepMessage = {
      ...cursorMessage(commit.executionId, next, definitionHash),
      commit: {
        seq: commit.step.seq,
        claim_token: commit.claimToken,
        completed_at: commit.step.completed_at,
        ...carried.wire,
        ...(next.retries && { retries: next.retries }),
        execution: executionContext(execution),
      },
    };
    try {
      await deps.dispatcher.dispatch(message);
      return true;
    } catch (error) {
      deps.logger.warn('could not hand the next step on; committing here instead', {
        error: error as Error,
        next_task: next.task,
        next_seq: next.seq,
      });
    }
  }
  if (!(await deps.store.commitStep(carried ? { ...commit, packed: carried.wire } : commit))) return false;
  if (next) await handOn(commit.executionId, next, definitionHash, deps);
  return true;
}

/** The claim of a message's step: with the previous step's commit when the message carries it. */
export async function claimFor(message: StepMessage, claim: StepClaim, deps: StepDeps): Promise<ClaimOutcome> {
  const carried = message.commit;
  if (!carried) return deps.store.claimStep(claim);
  const outcome = await deps.store.handOnClaim({
    ...claim,
    commit: {
      seq: carried.seq,
      claimToken: carried.claim_token,
      completedAt: carried.completed_at,
      state: { state: carried.state, progress: carried.progress },
      ...(carried.retries && { retries: carried.retries }),
      timeoutSeconds: message.timeout_seconds,
      ...(carried.execution &&
        message.definition_hash && { execution: { ...carried.execution, definition_hash: message.definition_hash } }),
    },
  });
  return 'committedElsewhere' in outcome ? deps.store.claimStep(claim) : outcome;
}

/**
 * Hands the cursor step to a new invocation. The dispatcher retries transient failures itself;
 * if it still fails, the step stays recorded as dispatched and the recovery sweep hands it on
 * later: a platform error slows an execution down, it never fails it.
 */
export async function handOn(
  executionId: string,
  cursor: Cursor,
  definitionHash: string,
  deps: StepDeps,
): Promise<void> {
  // A step that is not due yet (a retry's backoff) is handed on by the timers when it is.
  if (cursor.due_at !== undefined && Date.parse(cursor.due_at) > deps.clock.now().getTime()) return;
  try {
    await deps.dispatcher.dispatch(cursorMessage(executionId, cursor, definitionHash));
  } catch (error) {
    deps.logger.warn('could not dispatch the next step; the recovery sweep will', {
      error: error as Error,
      next_task: cursor.task,
      next_seq: cursor.seq,
    });
  }
}
