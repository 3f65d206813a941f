import type { Retrier } from '../domain/flow/error-handling';

/**
 * Seconds before retry number `retry` (1 = the first retry) under `retrier`, as Step Functions
 * computes it: interval × backoff_rate^(retry − 1), capped by max_delay_seconds; with FULL jitter
 * a uniformly random share of that. Pure: the caller supplies the random number.
 */
export function retryDelaySeconds(retrier: Retrier, retry: number, random: number): number {
  const exponential = retrier.interval_seconds * retrier.backoff_rate ** (retry - 1);
  const capped =
    retrier.max_delay_seconds === undefined ? exponential : Math.min(exponential, retrier.max_delay_seconds);
  return retrier.jitter === 'FULL' ? capped * random : capped;
}
