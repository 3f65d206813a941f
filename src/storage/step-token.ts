import { z } from 'zod';
import { BadRequestError } from '../domain/errors';
import { LIMITS } from '../domain/limits';

/**
 * `next_token` of an execution's step pages: the execution id and the first step of the next
 * page, base64url-encoded. Decoding checks both, so a token cannot be replayed on another execution.
 */
const TokenSchema = z.strictObject({ e: z.string().max(LIMITS.maxExecutionIdLength), s: z.int().min(1).max(LIMITS.maxMaxSteps) });

export const encodeStepToken = (executionId: string, fromSeq: number): string =>
  Buffer.from(JSON.stringify({ e: executionId, s: fromSeq })).toString('base64url');

export function decodeStepToken(token: string, executionId: string): number {
  const invalid = () =>
    new BadRequestError('invalid_next_token', 'next_token is not a token this execution returned', [
      { path: 'query.next_token', message: 'must be a next_token returned by a previous page of this execution' },
    ]);
  if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = TokenSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.e !== executionId) throw invalid();
  return parsed.data.s;
}

/** `next_token` of an execution's history: the execution id and the id of the first event of the next page. */
const HistoryTokenSchema = z.strictObject({ e: z.string().max(LIMITS.maxExecutionIdLength), h: z.int().min(0).max(LIMITS.maxMaxSteps * 10 + 9) });

export const encodeHistoryToken = (executionId: string, eventId: number): string =>
  Buffer.from(JSON.stringify({ e: executionId, h: eventId })).toString('base64url');

export function decodeHistoryToken(token: string, executionId: string): number {
  const invalid = () =>
    new BadRequestError('invalid_next_token', 'next_token is not a token this history returned', [
      { path: 'query.next_token', message: 'must be a next_token returned by a previous page of this history' },
    ]);
  if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = HistoryTokenSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.e !== executionId) throw invalid();
  return parsed.data.h;
}
