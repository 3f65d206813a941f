import { z } from 'zod';
import { canonicalInstant } from '../domain/execution/instant';
import { LIMITS } from '../domain/limits';
import { nameProblem } from '../domain/flow/names';
import { EXECUTION_STATUSES } from '../domain/statuses';
import { nextTokenParam, pageLimit, readableExecutionId } from './request';

/** An ISO 8601 instant, given as the stored form (UTC, milliseconds) so it compares with stored times. */
const instant = (what: string) =>
  z.string().transform((text, ctx) => {
    const canonical = canonicalInstant(text);
    if (canonical === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be an ISO 8601 date and time with a zone (2026-01-31T12:00:00Z, 2026-01-31T14:00:00+02:00) or a date (2026-01-31)`,
      });
      return z.NEVER;
    }
    return canonical;
  });

/** Names are visible text; a prefix is held to the same rule, untrimmed (its spaces are part of it). */
const namePrefix = z
  .string()
  .min(1, 'name_prefix must not be empty')
  .max(LIMITS.maxNameLength, `name_prefix must be at most ${LIMITS.maxNameLength} characters`)
  .superRefine((value, ctx) => {
    const problem = nameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `name_prefix ${problem}` });
  });

/** GET /api/v1/flows/executions: every filter combines with the others. */
export const ListQuerySchema = z
  .strictObject({
    limit: pageLimit(LIMITS.listMaxLimit).default(LIMITS.listDefaultLimit),
    next_token: nextTokenParam,
    status: z.enum(EXECUTION_STATUSES, { error: `status must be one of ${EXECUTION_STATUSES.join(', ')}` }).optional(),
    flow_id: z.string().min(1).max(LIMITS.maxNameLength).optional(),
    name_prefix: namePrefix.optional(),
    started_after: instant('started_after').optional(),
    started_before: instant('started_before').optional(),
    parent_execution_id: readableExecutionId('parent_execution_id')
      .optional()
      .describe(
        "one execution's child executions (its map items and parallel branches), instead of the top-level ones",
      ),
  })
  .superRefine((q, ctx) => {
    const filters = ['status', 'flow_id', 'name_prefix', 'started_after', 'started_before'] as const;
    const combined = filters.filter((f) => q[f] !== undefined);
    if (q.parent_execution_id !== undefined && combined.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['parent_execution_id'],
        message: `parent_execution_id combines only with limit and next_token, not with ${combined.join(', ')}`,
      });
    }
    if (q.started_after !== undefined && q.started_before !== undefined && q.started_after > q.started_before) {
      ctx.addIssue({
        code: 'custom',
        path: ['started_after'],
        message: 'started_after must not be later than started_before',
      });
    }
  });
