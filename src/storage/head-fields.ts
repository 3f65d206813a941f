import { ErrorCode } from '../domain/error-codes';
import { timeoutMessage } from '../engine/execution-deadline';
import type { CallbackWrite, LateResult, RedriveWrite } from '../ports/execution-store';
import { CURSOR_EXTRAS, cursorFields } from './item-mapping';
import { keys } from './table-schema';
import { packedOutcome } from './callback-fields';
import type { CallbackOutcome } from '../domain/execution/callback-wait';

/** Groups of the head's attributes that writes set or remove together, shared by both stores. */

/** Who holds the cursor step: given back with a claim, dropped when an execution ends. */
export const CLAIM_FIELDS = ['claim_token', 'claimed_at', 'lease_expires_at'] as const;

/**
 * What an execution that ends early drops: its place in the timers' index, and the `active_shard`
 * that versions with a separate index of running executions wrote. (Its new status takes it out
 * of the RUNNING partitions the sweep reads.)
 */
export const SCHEDULING_FIELDS = ['active_shard', 'due_shard', 'due_key'] as const;

/**
 * What a redrive writes on the head: RUNNING at the new cursor, with the redrive's count and the
 * end it came from; what the end had written (its status fields, its due time, its claim) goes.
 */
export function redriveFields(w: RedriveWrite): { set: Record<string, unknown>; remove: string[] } {
  const cursor = cursorFields(w.executionId, w.cursor);
  return {
    set: {
      status: 'RUNNING',
      status_shard: keys.sharded('RUNNING', w.executionId),
      ...cursor,
      attempts: w.attemptsBefore ?? 0,
      dispatched_at: w.at,
      steps_recorded: w.stepsRecorded,
      deadline_at: w.deadlineAt,
      redrive_count: w.previousCount + 1,
      redriven_at: w.at,
      redrive_seq: w.cursor.seq,
      redriven_from: w.from.status,
      redriven_from_error: w.from.error,
      redriven_from_at: w.from.at,
      redriven_from_cause: w.from.cause,
      ...(w.parent && {
        fan_out_slot: w.parent.slot,
        fan_out_generation: w.parent.generation,
        fan_out_walk: w.parent.walk,
      }),
    },
    remove: [
      ...CLAIM_FIELDS,
      ...CURSOR_EXTRAS.filter((f) => !(f in cursor)),
      'completed_at',
      'failed_task',
      'fail_route',
      'error',
      'reason',
      'expires_at',
      ...(w.deadlineAt === undefined ? ['deadline_at'] : []),
      ...(w.from.error === undefined ? ['redriven_from_error'] : []),
      ...(w.from.at === undefined ? ['redriven_from_at'] : []),
      ...(w.from.cause === undefined ? ['redriven_from_cause'] : []),
      ...(w.parent && w.parent.walk === undefined ? ['fan_out_walk'] : []),
    ],
  };
}

/**
 * What a late result writes on a RUNNING head past its deadline: the result counts, and the
 * execution is TIMED_OUT by the same write (its claim and scheduling fields go).
 */
export function lateTimeoutFields(
  l: LateResult,
  expiresAt: number,
): { set: Record<string, unknown>; remove: string[] } {
  return {
    set: {
      steps_recorded: l.seq,
      status: 'TIMED_OUT',
      status_shard: keys.sharded('TIMED_OUT', l.executionId),
      completed_at: l.at,
      reason: ErrorCode.Timeout,
      error: timeoutMessage(l.timeoutSeconds),
      expires_at: expiresAt,
    },
    remove: [...CLAIM_FIELDS, ...SCHEDULING_FIELDS],
  };
}

/** What a callback's outcome writes, in both stores: the outcome, and the step due at once (the timers hand it on). */
export const completionFields = (w: CallbackWrite & { outcome: CallbackOutcome }) => ({
  callback_outcome: packedOutcome(w.outcome),
  cursor_due: w.at,
  due_shard: keys.dueShard(w.executionId),
  due_key: keys.dueKey(w.at, w.executionId),
});

/** What a heartbeat writes, in both stores: the wait's new end, and the step's due time with it. */
export const heartbeatFields = (w: CallbackWrite & { dueAt: string; cursorDueAt: string }) => ({
  callback_due: w.dueAt,
  cursor_due: w.cursorDueAt,
  due_shard: keys.dueShard(w.executionId),
  due_key: keys.dueKey(w.cursorDueAt, w.executionId),
});
