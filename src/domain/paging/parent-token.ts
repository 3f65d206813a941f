import { z } from 'zod';
import { LIMITS } from '../limits';
import { decodeToken, encodeToken } from './opaque-token';

/**
 * `next_token`s of GET /api/v1/flows/executions?parent_execution_id=: the parent, and where the
 * next page starts, by fan-out (the parent's step number) then child index.
 */
const ParentTokenSchema = z.strictObject({
  p: z.string().max(LIMITS.maxChildExecutionIdLength),
  q: z.int().min(1).max(LIMITS.maxMaxSteps),
  i: z.int().min(0),
});

export interface ParentPosition {
  seq: number;
  index: number;
}

export const encodeParentToken = (parentId: string, at: ParentPosition): string =>
  encodeToken({ p: parentId, q: at.seq, i: at.index });

export function decodeParentToken(token: string, parentId: string): ParentPosition {
  const t = decodeToken(token, ParentTokenSchema, {
    expected: "a previous page of this parent's children",
    belongs: (p) => p.p === parentId,
  });
  return { seq: t.q, index: t.i };
}
