import { z } from 'zod';
import { decodeToken, encodeToken } from './opaque-token';

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

export const encodeListToken = (index: string, value: string, boundary: string): string => encodeToken({ i: index, p: value, b: boundary });

export function decodeListToken(token: string, index: string, value: string): string {
  return decodeToken(token, TokenSchema, { expected: 'a previous page with the same filters', belongs: (t) => t.i === index && t.p === value }).b;
}
