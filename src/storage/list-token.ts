import { z } from 'zod';
import { decodeToken, encodeToken } from './opaque-token';

/**
 * `next_token`: the index, the listed value, a digest of the other filters (absent when there are
 * none) and the boundary (`created_key` of the last execution returned), base64url-encoded.
 * Decoding checks all of them, so a token cannot be replayed against other filters or point
 * anywhere but into the sort keys of that listing.
 */
const CREATED_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[A-Za-z0-9_-]{1,64}$/;

const TokenSchema = z.strictObject({
  i: z.string().max(32),
  p: z.string().max(256),
  f: z.string().max(32).optional(),
  b: z.string().regex(CREATED_KEY),
});

export interface ListScope {
  index: string;
  value: string;
  filters?: string;
}

export const encodeListToken = (scope: ListScope, boundary: string): string =>
  encodeToken({ i: scope.index, p: scope.value, ...(scope.filters !== undefined && { f: scope.filters }), b: boundary });

export function decodeListToken(token: string, scope: ListScope): string {
  return decodeToken(token, TokenSchema, {
    expected: 'a previous page with the same filters',
    belongs: (t) => t.i === scope.index && t.p === scope.value && t.f === scope.filters,
  }).b;
}
