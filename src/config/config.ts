import { z } from 'zod';
import { LIMITS } from '../domain/limits';

/**
 * Everything the functions read from the environment, validated once per cold start. Endpoint
 * overrides are set only for the local stack; on AWS they are empty and the SDK defaults apply.
 */
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(z.url().optional());

export const ConfigSchema = z.object({
  TABLE_NAME: z.string({ error: 'TABLE_NAME is required (the DynamoDB table)' }).min(1, 'TABLE_NAME must not be empty'),
  STEP_FUNCTION_NAME: z
    .string({ error: 'STEP_FUNCTION_NAME is required (the step Lambda to invoke)' })
    .min(1, 'STEP_FUNCTION_NAME must not be empty'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  DYNAMODB_ENDPOINT: optionalUrl,
  LAMBDA_ENDPOINT: optionalUrl,
  /** How long a dispatched step may stay unclaimed (or a decided finish unwritten) before recovery acts. */
  RECOVERY_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(120),
  /** Added to a task's timeout to form its step lease (time to record the result after a timeout). */
  LEASE_MARGIN_SECONDS: z.coerce.number().positive().max(60).default(LIMITS.leaseMarginSeconds),
  /** A step whose invocation died this many times in a row fails with `step_crashed`. */
  MAX_STEP_TAKEOVERS: z.coerce.number().int().min(1).max(100).default(LIMITS.defaultMaxStepTakeovers),
  /** Executions expire (DynamoDB TTL) this many days after they finished. */
  EXECUTION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(LIMITS.defaultRetentionDays),
  /** The most one recovery sweep runs before it stops (it goes on from there next time). */
  RECOVERY_TIME_BUDGET_SECONDS: z.coerce.number().positive().max(840).default(50),
  /** How long one run of the timers function keeps polling for due steps (0: poll once). */
  TIMER_POLL_SECONDS: z.coerce.number().min(0).max(840).default(0),
  /**
   * Local stack only: divides every wait and retry backoff (like Step Functions Local's
   * WAIT_TIME_SCALE inverted: 3600 runs an hour's wait in a second). Refused on AWS stages.
   */
  FLOW_TIME_SCALE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v)))
    .pipe(
      z
        .number({ error: 'FLOW_TIME_SCALE must be a number' })
        .positive('FLOW_TIME_SCALE must be greater than 0')
        .max(1e9)
        .optional(),
    ),
  /** `offline` for the local stages, `aws` otherwise (serverless.yml sets it). */
  FLOW_STAGE_KIND: z.enum(['offline', 'aws']).default('aws'),
  /**
   * Local stack only: a mock configuration file in Step Functions Local's format
   * (docs/testing-with-mocks.md); executions started with a `test_case` run on its mocked responses.
   */
  SFN_MOCK_CONFIG: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim())),
  /** Fault injection for the chaos suite; unset in every real deployment (src/faults). */
  FLOW_FAULTS: z.string().optional(),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

let cached: Config | undefined;

/** The validated configuration; read from `process.env` once per cold start unless `env` is given. */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  if (!env && cached) return cached;
  const parsed = ConfigSchema.safeParse(env ?? process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  if (parsed.data.FLOW_TIME_SCALE !== undefined && parsed.data.FLOW_STAGE_KIND !== 'offline') {
    throw new ConfigError('invalid configuration: FLOW_TIME_SCALE: only the local stack may speed up time');
  }
  if (parsed.data.SFN_MOCK_CONFIG !== undefined && parsed.data.FLOW_STAGE_KIND !== 'offline') {
    throw new ConfigError('invalid configuration: SFN_MOCK_CONFIG: mocks are for the local stack only');
  }
  if (!env) cached = parsed.data;
  return parsed.data;
}
