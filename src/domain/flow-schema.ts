import { z } from 'zod';
import { LIMITS } from './limits';
import { nameProblem } from './names';

/**
 * The structural shape of a flow as users send it (both original services' field names).
 * Objects are strict: a misspelt field is an error naming that field, never silently dropped.
 */
/** "is required" when absent, "must be <expected>" when present with the wrong type. */
export const typeError =
  (what: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`;

// The visibility rule runs before trimming, so a name that starts or ends with a control
// character is refused rather than quietly trimmed into a different name.
const name = (what: string) =>
  z
    .string({ error: typeError(what, 'a string') })
    .superRefine((value, ctx) => {
      const problem = nameProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(LIMITS.maxNameLength, `${what} must be at most ${LIMITS.maxNameLength} characters`);

const description = z
  .string({ error: 'description must be a string' })
  .max(LIMITS.maxDescriptionLength, `description must be at most ${LIMITS.maxDescriptionLength} characters`);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Kept as parsed (not rebuilt key by key), so keys such as `__proto__` stay plain data. */
export const jsonObject = (what: string) =>
  z.custom<Record<string, unknown>>(isPlainObject, { error: `${what} must be a JSON object` });

export const RawTaskSchema = z.strictObject({
  name: name('task name'),
  description: description.optional(),
  task_type: name('task_type').optional(),
  parameters: jsonObject('parameters').optional(),
  timeout_seconds: z
    .number({ error: typeError('timeout_seconds', 'a number') })
    .positive('timeout_seconds must be greater than 0')
    .max(LIMITS.maxTaskTimeoutSeconds, `timeout_seconds must be at most ${LIMITS.maxTaskTimeoutSeconds}`)
    .default(LIMITS.defaultTaskTimeoutSeconds),
});

export const RawConditionSchema = z.strictObject({
  name: name('condition name'),
  description: description.optional(),
  source_task: name('source_task'),
  outcome: z.enum(['success', 'failure'], { error: typeError('outcome', "'success' or 'failure'") }),
  target_task_success: name('target_task_success'),
  target_task_failure: name('target_task_failure'),
});

export const RawFlowSchema = z.strictObject({
  id: name('id'),
  name: name('name'),
  description: description.optional(),
  start_task: name('start_task'),
  max_steps: z
    .int({ error: typeError('max_steps', 'an integer') })
    .min(1, 'max_steps must be at least 1')
    .max(LIMITS.maxMaxSteps, `max_steps must be at most ${LIMITS.maxMaxSteps}`)
    .default(LIMITS.defaultMaxSteps),
  tasks: z
    .array(RawTaskSchema, { error: typeError('tasks', 'an array') })
    .min(1, 'a flow needs at least one task')
    .max(LIMITS.maxTasks, `a flow may have at most ${LIMITS.maxTasks} tasks`),
  conditions: z
    .array(RawConditionSchema, { error: typeError('conditions', 'an array') })
    .max(LIMITS.maxConditions, `a flow may have at most ${LIMITS.maxConditions} conditions`),
});

export type RawFlow = z.output<typeof RawFlowSchema>;
export type RawTask = z.output<typeof RawTaskSchema>;
export type RawCondition = z.output<typeof RawConditionSchema>;
