import { z } from 'zod';
import { BadRequestError } from '../domain/errors';

/**
 * `next_token`: the index, the listed value and the boundary (`created_key` of the last execution
 * returned), base64url-encoded. Decoding checks all three, so a token cannot be replayed against
 * other filters or point anywhere but into the sort keys of that listing.
 */
const CREATED_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[A-Za-z0-9_-]{1,64}$/;

const TokenSchema = z.strictObject({
  i: z.string().max(32),
  p: z.string().max(256),
  b: z.string().regex(CREATED_KEY),
});

export function encodeListToken(index: string, value: string, boundary: string): string {
  return Buffer.from(JSON.stringify({ i: index, p: value, b: boundary })).toString('base64url');
}

export function decodeListToken(token: string, index: string, value: string): string {
  const invalid = () =>
    new BadRequestError('invalid_next_token', 'next_token is not a token this listing returned', [
      { path: 'query.next_token', message: 'must be a next_token returned by a previous page with the same filters' },
    ]);
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = TokenSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.i !== index || parsed.data.p !== value) throw invalid();
  return parsed.data.b;
}
