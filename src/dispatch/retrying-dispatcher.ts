import type { StepDispatcher } from '../ports/step-dispatcher';
import type { StepMessage } from '../domain/execution/step-message';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_DISPATCH_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 50, maxDelayMs: 1000 };

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'EC2ThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
]);

/** Throttling, a 5xx from the service, or a connection that failed: worth trying again. */
export function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (!error || typeof error !== 'object') return false;
  if (e.$retryable) return true;
  if (THROTTLING.has(e.name ?? '') || NETWORK.has(e.code ?? '')) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'server' || (status !== undefined && status >= 500);
}

/** Capped exponential backoff with full jitter: attempt 1 waits up to base, attempt 2 up to 2 × base, … */
export const backoffMs = (attempt: number, policy: RetryPolicy, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

/**
 * Retries transient dispatch failures (throttling at the invoke-rate quota, 5xx, network) with
 * capped, jittered backoff, and gives up on anything else at once. Whoever dispatches treats a
 * final failure as "not handed on yet": the step stays recorded and the recovery sweep resumes it.
 */
export class RetryingDispatcher implements StepDispatcher {
  constructor(
    private readonly inner: StepDispatcher,
    private readonly policy: RetryPolicy = DEFAULT_DISPATCH_RETRY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly random: () => number = Math.random,
  ) {}

  async dispatch(message: StepMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.inner.dispatch(message);
        return;
      } catch (error) {
        if (attempt >= this.policy.attempts || !isTransient(error)) throw error;
        await this.sleep(backoffMs(attempt, this.policy, this.random));
      }
    }
  }
}
