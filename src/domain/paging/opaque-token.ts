import type { z } from 'zod';
import { BadRequestError } from '../errors';

/**
 * `next_token`s are small JSON documents, base64url-encoded: opaque to clients, checked on the way
 * back by a schema (and by the caller against what it is listing), so a token can only ever point
 * where a previous page of the same listing pointed.
 */
export const encodeToken = (payload: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

/**
 * The payload, or the 400 `invalid_next_token` naming `query.next_token` with `expected`: for a
 * malformed token, and for a valid one from another listing (`belongs` says which are this one's).
 */
export function decodeToken<S extends z.ZodType>(
  token: string,
  schema: S,
  o: { expected: string; belongs: (payload: z.output<S>) => boolean; maxLength?: number },
): z.output<S> {
  const { expected, maxLength = 2048 } = o;
  const invalid = new BadRequestError('invalid_next_token', `next_token was not returned by ${expected}`, [
    { path: 'query.next_token', message: `must be a next_token returned by ${expected}` },
  ]);
  if (token.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success || !o.belongs(parsed.data)) throw invalid;
  return parsed.data;
}
