import { z } from 'zod';
import { LIMITS } from '../limits';
import { fanOutTaskFields, SUB_FLOW_COMPONENT } from './fan-out-schema';
import { nameProblem } from './names';
import { isPlainObject, typeError } from './schema-helpers';

export { isPlainObject, typeError };

/**
 * The structural shape of a flow as users send it (both original services' field names).
 * Objects are strict: a misspelt field is an error naming that field, never silently dropped.
 */

// The visibility rule runs before trimming, so a name that starts or ends with a control
// character is refused rather than quietly trimmed into a different name.
export const visibleName = (what: string) =>
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

/** Kept as parsed (not rebuilt key by key), so keys such as `__proto__` stay plain data. */
export const jsonObject = (what: string) =>
  // The meta is what the OpenAPI document shows for a check JSON Schema cannot express itself.
  z.custom<Record<string, unknown>>(isPlainObject, { error: `${what} must be a JSON object` }).meta({ type: 'object' });

const errorEquals = (what: string) =>
  z
    .array(
      z
        .string({ error: `${what} entries must be strings` })
        .min(1, `${what} entries must not be empty`)
        .max(LIMITS.maxNameLength),
      {
        error: typeError(what, 'an array of error names'),
      },
    )
    .min(1, `${what} must name at least one error`)
    .max(LIMITS.maxErrorEquals, `${what} may name at most ${LIMITS.maxErrorEquals} errors`);

const wholeSeconds = (what: string, max: number) =>
  z
    .int({ error: typeError(what, 'a whole number') })
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${max}`);

/** A retrier, as Amazon States Language's Retry fields, in snake_case. */
export const RetrierSchema = z.strictObject({
  error_equals: errorEquals('error_equals'),
  interval_seconds: wholeSeconds('interval_seconds', LIMITS.maxDurableWaitSeconds).default(1),
  max_attempts: z
    .int({ error: typeError('max_attempts', 'a whole number') })
    .min(0, 'max_attempts must be at least 0')
    .max(LIMITS.maxRetryAttempts, `max_attempts must be at most ${LIMITS.maxRetryAttempts}`)
    .default(3),
  backoff_rate: z
    .number({ error: typeError('backoff_rate', 'a number') })
    .min(1, 'backoff_rate must be at least 1.0')
    .max(LIMITS.maxBackoffRate, `backoff_rate must be at most ${LIMITS.maxBackoffRate}`)
    .default(2),
  max_delay_seconds: wholeSeconds('max_delay_seconds', LIMITS.maxDurableWaitSeconds).optional(),
  jitter: z.enum(['FULL', 'NONE'], { error: typeError('jitter', "'FULL' or 'NONE'") }).default('NONE'),
});

export const CatcherSchema = z.strictObject({
  error_equals: errorEquals('error_equals'),
  next: visibleName('next'),
  /** JSONPath mode: where the error `{ Error, Cause }` goes in the state's input (null: dropped). */
  result_path: z.string({ error: 'result_path must be a JSONPath string or null' }).nullable().optional(),
  /** JSONata mode: a template of what the next task reads, with `$states.errorOutput` (a state machine's catcher `Output`). */
  output: z.custom<unknown>((v) => v !== undefined, { error: 'output must be a JSON value' }).optional(),
  /** Variables set when this catcher takes the error (a state machine's catcher `Assign`), in the task's data language. */
  assign: jsonObject('assign')
    .describe(
      "variables set when this catcher takes the error: with jsonpath, a payload template of variable names reading { Error, Cause } as '$'; otherwise name → template seeing $states.errorOutput",
    )
    .optional(),
});

/**
 * A choice rule: a JSONata `condition`, or an Amazon States Language `rule` as written without its
 * `Next` (its comparisons are checked with the flow, src/flow-requests/choice-rule-problems.ts).
 */
export const ChoiceRuleSchema = z
  .strictObject({
    condition: z
      .string({ error: typeError('condition', "an expression '{% ... %}'") })
      .min(1, 'condition must not be empty')
      .optional(),
    rule: jsonObject('rule')
      .describe(
        "an Amazon States Language Choice rule without its Next (JSONPath mode): { Variable: '$.x', StringEquals: 'a' }, or And, Or, Not over rules",
      )
      .optional(),
    next: visibleName('next'),
    assign: jsonObject('assign')
      .describe(
        "variables set when this rule holds: name → template with a condition (JSONata); a payload template of variable names ('x.$': '$.path') with a rule (JSONPath)",
      )
      .optional(),
  })
  .superRefine((choice, ctx) => {
    if (choice.condition !== undefined && choice.rule !== undefined)
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'give condition (JSONata) or rule, not both' });
    else if (choice.condition === undefined && choice.rule === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['condition'],
        message:
          "condition is required: an expression '{% ... %}' (or give rule, an Amazon States Language Choice rule)",
      });
  });

export const RawTaskSchema = z.strictObject({
  name: visibleName('task name'),
  description: description.optional(),
  task_type: visibleName('task_type').optional(),
  parameters: jsonObject('parameters').optional(),
  // A task's bound (LIMITS.maxTaskTimeoutSeconds) and default are applied with its type known
  // (fan-out-problems.ts): a map or parallel may run for as long as an execution, and has no default.
  timeout_seconds: z
    .number({ error: typeError('timeout_seconds', 'a number') })
    .positive('timeout_seconds must be greater than 0')
    .max(
      LIMITS.maxExecutionTimeoutSeconds,
      `timeout_seconds must be at most ${LIMITS.maxTaskTimeoutSeconds} for a task, ${LIMITS.maxExecutionTimeoutSeconds} (a year) for a map or parallel`,
    )
    .describe(
      `a task's run: default ${LIMITS.defaultTaskTimeoutSeconds}, at most ${LIMITS.maxTaskTimeoutSeconds}; a map's or parallel's whole fan-out: none unless given, at most a year`,
    )
    .optional(),
  wait_for_callback: z
    .boolean({ error: typeError('wait_for_callback', 'true or false') })
    .describe('the task waits for a callback with its task token once its body ran (docs/callbacks.md)')
    .optional(),
  heartbeat_seconds: wholeSeconds('heartbeat_seconds', LIMITS.maxCallbackTimeoutSeconds)
    .describe('a callback task: the most seconds between heartbeats (States.HeartbeatTimeout after)')
    .optional(),
  callback_timeout_seconds: wholeSeconds('callback_timeout_seconds', LIMITS.maxCallbackTimeoutSeconds)
    .describe('a callback task: the most seconds its wait may last (States.Timeout after); default and most a year')
    .optional(),
  retry: z
    .array(RetrierSchema, { error: typeError('retry', 'an array of retriers') })
    .max(LIMITS.maxRetriers, `a task may have at most ${LIMITS.maxRetriers} retriers`)
    .optional(),
  catch: z
    .array(CatcherSchema, { error: typeError('catch', 'an array of catchers') })
    .max(LIMITS.maxRetriers, `a task may have at most ${LIMITS.maxRetriers} catchers`)
    .optional(),
  /** Templates: JSON in which a string `{% ... %}` is an expression (checked when the flow is read). */
  arguments: z
    .custom<unknown>((v) => isPlainObject(v) || typeof v === 'string', {
      error: "arguments must be a JSON object or an expression '{% ... %}'",
    })
    .optional(),
  output: z.custom<unknown>((v) => v !== undefined, { error: 'output must be a JSON value' }).optional(),
  assign: jsonObject('assign').optional(),
  jsonpath: z
    .strictObject(
      {
        input_path: z.string({ error: 'input_path must be a JSONPath string or null' }).nullable().optional(),
        parameters: jsonObject('jsonpath.parameters').optional(),
        result_selector: jsonObject('jsonpath.result_selector').optional(),
        result_path: z.string({ error: 'result_path must be a JSONPath string or null' }).nullable().optional(),
        output_path: z.string({ error: 'output_path must be a JSONPath string or null' }).nullable().optional(),
        result: z.custom<unknown>((v) => v !== undefined, { error: 'result must be a JSON value' }).optional(),
        seconds_path: z.string({ error: 'seconds_path must be a JSONPath string' }).optional(),
        timestamp_path: z.string({ error: 'timestamp_path must be a JSONPath string' }).optional(),
        timeout_seconds_path: z.string({ error: 'timeout_seconds_path must be a JSONPath string' }).optional(),
        assign: jsonObject('jsonpath.assign')
          .describe("variables set after a success: a payload template of variable names ('x.$': '$.path', 'y': 1)")
          .optional(),
      },
      {
        error: typeError(
          'jsonpath',
          'an object of input_path, parameters, result_selector, result_path, output_path, result, seconds_path, timestamp_path, timeout_seconds_path, assign',
        ),
      },
    )
    .describe(
      "JSONPath mode (Amazon States Language's InputPath, Parameters, ResultSelector, ResultPath, OutputPath), in place of arguments and output",
    )
    .optional(),
  ...fanOutTaskFields,
});

const conditionTarget = (what: string) => visibleName(what);

/**
 * A condition routes its source task's outcome (`outcome` with `target_task_success` and
 * `target_task_failure`, as the original services do), or its data after a success (`choices`
 * with an optional `default`). Targets name a task, `end` or `fail`.
 */
export const RawConditionSchema = z
  .strictObject({
    name: visibleName('condition name'),
    description: description.optional(),
    source_task: visibleName('source_task'),
    outcome: z.enum(['success', 'failure'], { error: typeError('outcome', "'success' or 'failure'") }).optional(),
    target_task_success: conditionTarget('target_task_success').optional(),
    target_task_failure: conditionTarget('target_task_failure').optional(),
    choices: z
      .array(ChoiceRuleSchema, { error: typeError('choices', 'an array of { condition or rule, next }') })
      .min(1, 'choices must have at least one rule')
      .max(LIMITS.maxChoiceRules, `choices may have at most ${LIMITS.maxChoiceRules} rules`)
      .optional(),
    default: conditionTarget('default').optional(),
    output_path: z
      .string({ error: 'output_path must be a JSONPath string or null' })
      .nullable()
      .describe("JSONPath mode (a Choice state's OutputPath): what the chosen task reads of the choice's input")
      .optional(),
    default_assign: jsonObject('default_assign')
      .describe(
        "variables set when default is taken (a Choice state's top-level Assign), in the rules' language: name → template with conditions, a payload template of variable names with rules",
      )
      .optional(),
    default_output: z
      .custom<unknown>((v) => v !== undefined, { error: 'default_output must be a JSON value' })
      .describe("with conditions (JSONata): a template of what default reads (a Choice state's top-level Output)")
      .optional(),
    error: z
      .string({ error: typeError('error', 'a string') })
      .max(LIMITS.maxNameLength, `error must be at most ${LIMITS.maxNameLength} characters`)
      .optional(),
    cause: description.optional(),
  })
  .superRefine((condition, ctx) => {
    const routesOutcome = ['outcome', 'target_task_success', 'target_task_failure'] as const;
    if (condition.choices === undefined) {
      for (const field of routesOutcome) {
        if (condition[field] === undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required (or give choices)` });
      }
      if (condition.default !== undefined)
        ctx.addIssue({ code: 'custom', path: ['default'], message: 'default goes with choices' });
    }
    for (const field of ['default_assign', 'default_output'] as const) {
      if (condition[field] !== undefined && condition.default === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} applies when default is taken: give default`,
        });
    }
    if (condition.choices !== undefined) {
      for (const field of routesOutcome) {
        if (condition[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `${field} cannot be given with choices` });
      }
    }
  });

const startTask = visibleName('start_task');
const tasks = z
  .array(RawTaskSchema, { error: typeError('tasks', 'an array') })
  .min(1, 'a flow needs at least one task')
  .max(LIMITS.maxTasks, `a flow may have at most ${LIMITS.maxTasks} tasks`);
const conditions = z
  .array(RawConditionSchema, { error: typeError('conditions', 'an array') })
  .max(LIMITS.maxConditions, `a flow may have at most ${LIMITS.maxConditions} conditions`);

/**
 * A parallel's branch or a map's item processor: a flow's body, read with the same schemas and
 * checks as a flow's own (the validation calls itself on it, src/flow-requests/flow-body-checks.ts).
 */
export const SubFlowSchema = z
  .strictObject({ start_task: startTask, tasks, conditions })
  .meta({ id: SUB_FLOW_COMPONENT, description: 'a flow of its own, run by a parallel or map task' });

export const RawFlowSchema = z.strictObject({
  id: visibleName('id'),
  name: visibleName('name'),
  description: description.optional(),
  start_task: startTask,
  max_steps: z
    .int({ error: typeError('max_steps', 'an integer') })
    .min(1, 'max_steps must be at least 1')
    .max(LIMITS.maxMaxSteps, `max_steps must be at most ${LIMITS.maxMaxSteps}`)
    .default(LIMITS.defaultMaxSteps),
  timeout_seconds: z
    .int({ error: typeError('timeout_seconds', 'an integer') })
    .min(1, 'timeout_seconds must be at least 1')
    .max(
      LIMITS.maxExecutionTimeoutSeconds,
      `timeout_seconds must be at most ${LIMITS.maxExecutionTimeoutSeconds} (a year)`,
    )
    .optional(),
  tasks,
  conditions,
});

export type RawFlow = z.output<typeof RawFlowSchema>;
export type RawTask = z.output<typeof RawTaskSchema>;
export type RawCondition = z.output<typeof RawConditionSchema>;
export type RawSubFlow = z.output<typeof SubFlowSchema>;
export type RawRetrier = z.output<typeof RetrierSchema>;
