import { z } from 'zod';

const probability = z.number().min(0).max(1).default(0);

/**
 * FLOW_FAULTS, e.g. {"drop":0.05,"duplicate":0.1,"crash":0.05,"exit":0.01,"throttle":0.05,
 * "invoke_throttle":0.1,"poison":"poison"}. Unset (the default everywhere, and never set in
 * serverless.yml) means no fault layer at all. Any value also turns on counting: every task body
 * run and every injected fault is counted in DynamoDB.
 */
export const FaultConfigSchema = z.strictObject({
  /** Next-step invokes silently not sent (after the result was recorded). */
  drop: probability,
  /** Next-step invokes sent twice. */
  duplicate: probability,
  /** The step handler throws after the task ran, before recording its result. */
  crash: probability,
  /** As `crash`, but the invocation dies hard instead of throwing (see hardCrash in with-faults.ts). */
  exit: probability,
  /** A DynamoDB call fails with a throttling error first; the SDK must retry it. */
  throttle: probability,
  /** A step invoke is refused with TooManyRequestsException (the account's invoke-rate quota). */
  invoke_throttle: probability,
  /** Tasks whose name starts with this crash their invocation every time, before recording. */
  poison: z.string().min(1).optional(),
});

export type FaultConfig = z.output<typeof FaultConfigSchema>;

export function parseFaultConfig(raw: string | undefined): FaultConfig | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('FLOW_FAULTS must be a JSON object such as {"drop":0.05}');
  }
  const parsed = FaultConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `FLOW_FAULTS is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
