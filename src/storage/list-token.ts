import { z } from 'zod';
import { decodeToken, encodeToken } from '../domain/paging/opaque-token';

/**
 * `next_token`: the index, the listed value, a digest of the other filters (absent when there are
 * none) and the boundary (`created_key` of the last item returned), base64url-encoded. Decoding
 * checks all of them, so a token cannot be replayed against other filters or point anywhere but
 * into the sort keys of that listing.
 */
const ISO_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z';
/** An execution's `created_key`: its creation time and id. */
export const EXECUTION_CREATED_KEY = new RegExp(`^${ISO_TIME}#[A-Za-z0-9_-]{1,64}$`);
/** A saved flow's `created_key`: when its first version was saved, and its id (visible text, 1-128 characters). */
export const FLOW_CREATED_KEY = new RegExp(`^${ISO_TIME}#[^\\u0000-\\u001f]{1,128}$`);

const tokenSchema = (boundary: RegExp) =>
  z.strictObject({
    i: z.string().max(32),
    p: z.string().max(256),
    f: z.string().max(32).optional(),
    b: z.string().regex(boundary),
  });

export interface ListScope {
  index: string;
  value: string;
  filters?: string;
}

export const encodeListToken = (scope: ListScope, boundary: string): string =>
  encodeToken({
    i: scope.index,
    p: scope.value,
    ...(scope.filters !== undefined && { f: scope.filters }),
    b: boundary,
  });

export function decodeListToken(token: string, scope: ListScope, boundary: RegExp = EXECUTION_CREATED_KEY): string {
  return decodeToken(token, tokenSchema(boundary), {
    expected: 'a previous page with the same filters',
    belongs: (t) => t.i === scope.index && t.p === scope.value && t.f === scope.filters,
  }).b;
}
