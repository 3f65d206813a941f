import { z } from 'zod';
import { BadRequestError } from '../domain/errors';

/**
 * `next_token` is the DynamoDB LastEvaluatedKey plus the index and partition it belongs to,
 * base64url-encoded. Decoding checks both, so a token cannot be replayed against other filters.
 */
const KEY_ATTRIBUTES = ['pk', 'sk', 'list_pk', 'status', 'flow_id', 'created_key'] as const;

const TokenSchema = z.strictObject({
  i: z.string().max(32),
  p: z.string().max(256),
  k: z.partialRecord(z.enum(KEY_ATTRIBUTES), z.string().max(512)),
});

export type PageKey = Record<string, string>;

export function encodeListToken(index: string, partition: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ i: index, p: partition, k: key })).toString('base64url');
}

export function decodeListToken(token: string, index: string, partition: string): PageKey {
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
  if (!parsed.success || parsed.data.i !== index || parsed.data.p !== partition) throw invalid();
  return parsed.data.k as PageKey;
}
