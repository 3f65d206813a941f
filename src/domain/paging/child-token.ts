import { z } from 'zod';
import { LIMITS } from '../limits';
import { EXECUTION_STATUSES, type ExecutionStatus } from '../statuses';
import { decodeToken, encodeToken } from './opaque-token';

/**
 * `next_token`s of a fan-out's children page: the fan-out (the parent and its step number, so
 * later pages stay on the run the first one showed even if the task runs again), the next index
 * to read, and the filters it was asked with, which a later page must repeat.
 */
const ChildTokenSchema = z.strictObject({
  e: z.string().max(LIMITS.maxChildExecutionIdLength),
  t: z.string(),
  q: z.int().min(1).max(LIMITS.maxMaxSteps),
  i: z.int().min(0),
  s: z.enum(EXECUTION_STATUSES).optional(),
});

export interface ChildPosition {
  executionId: string;
  task: string;
  seq: number;
  nextIndex: number;
  status?: ExecutionStatus;
}

export const encodeChildToken = (p: ChildPosition): string =>
  encodeToken({ e: p.executionId, t: p.task, q: p.seq, i: p.nextIndex, ...(p.status && { s: p.status }) });

/** Where the page goes on; 400 `invalid_next_token` for a token of another execution, task or filter. */
export function decodeChildToken(token: string, asked: Omit<ChildPosition, 'seq' | 'nextIndex'>): ChildPosition {
  const t = decodeToken(token, ChildTokenSchema, {
    expected: 'a previous page of these children (same task and status)',
    belongs: (p) => p.e === asked.executionId && p.t === asked.task && p.s === asked.status,
  });
  return { executionId: t.e, task: t.t, seq: t.q, nextIndex: t.i, ...(t.s && { status: t.s }) };
}
