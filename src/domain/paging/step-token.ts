import { z } from 'zod';
import { LIMITS } from '../limits';
import { decodeToken, encodeToken } from './opaque-token';

/**
 * `next_token`s of an execution's step pages (the first step of the next page) and of its history
 * (the id of the first event of the next page, and where among a fan-out's child events). Each
 * names its execution, so a token cannot be replayed on another one. A child execution's pages are paged too: its id is up to
 * maxChildExecutionIdLength long.
 */
const StepTokenSchema = z.strictObject({
  e: z.string().max(LIMITS.maxChildExecutionIdLength),
  s: z.int().min(1).max(LIMITS.maxMaxSteps),
});
const HistoryTokenSchema = z.strictObject({
  e: z.string().max(LIMITS.maxChildExecutionIdLength),
  h: z
    .int()
    .min(0)
    .max(LIMITS.maxMaxSteps * 10 + 9),
  c: z.int().min(0).optional(),
});

export const encodeStepToken = (executionId: string, fromSeq: number): string =>
  encodeToken({ e: executionId, s: fromSeq });

export function decodeStepToken(token: string, executionId: string): number {
  return decodeToken(token, StepTokenSchema, {
    expected: 'a previous page of this execution',
    belongs: (t) => t.e === executionId,
    maxLength: 512,
  }).s;
}

/**
 * Where a history page starts: the event with id `id`, or, with `child`, inside the per-child
 * events of the fan-out whose run started with event `id` (`child`: 2 × index, + 1 for the end).
 * Tokens written before child events existed have no `child`, and mean what they meant.
 */
export interface HistoryPosition {
  id: number;
  child?: number;
}

export const encodeHistoryToken = (executionId: string, at: HistoryPosition): string =>
  encodeToken({ e: executionId, h: at.id, ...(at.child !== undefined && { c: at.child }) });

export function decodeHistoryToken(token: string, executionId: string): HistoryPosition {
  const t = decodeToken(token, HistoryTokenSchema, {
    expected: 'a previous page of this history',
    belongs: (t) => t.e === executionId,
    maxLength: 512,
  });
  return { id: t.h, ...(t.c !== undefined && { child: t.c }) };
}
