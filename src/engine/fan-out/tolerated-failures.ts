import type { FailureTolerance } from '../../domain/fan-out/fan-out-progress';

/** Declared in the domain, so the storage port can name it too (src/ports/fan-out-store.ts). */
export type { FailureTolerance } from '../../domain/fan-out/fan-out-progress';

/**
 * A map's tolerated failures, as Step Functions defines `ToleratedFailureCount` and
 * `ToleratedFailurePercentage` ("Tolerated failure threshold for Distributed Map state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html):
 * - the run fails when its failed items *exceed* a threshold (reaching it is still tolerated);
 * - the percentage is the failed (or timed out) items over the *total* item count, 0 to 100; 0
 *   fails on any failure, 100 never fails;
 * - with both set, exceeding either one fails the run;
 * - the failure is `States.ExceedToleratedFailureThreshold`.
 * With neither set, a map fails on its first failed item with that item's own error (as an inline
 * Map does): `toleratedFailures` then answers 0 and `named` false.
 */
export interface ToleratedFailures {
  /** The most failed items the run tolerates: one more fails it. */
  max: number;
  /** Whether a threshold was set: exceeding it is then `States.ExceedToleratedFailureThreshold`. */
  named: boolean;
}

/**
 * The most failed items a map of `total` items tolerates. One whole number, so the join compares
 * a counter with it (and a conditional write can too). The percentage is applied exactly, in
 * decimal: `failed / total > p / 100` holds for a whole `failed` exactly when
 * `failed > floor(p × total / 100)`; 33.3 % of 1,000 tolerates 333 failures, not 332 through a
 * binary rounding of 33.3.
 */
export function toleratedFailures(total: number, tolerance: FailureTolerance = {}): ToleratedFailures {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`a map's item count must be a whole number >= 0, got ${total}`);
  const { count, percentage } = tolerance;
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 0))
    throw new RangeError(`tolerated_failure_count must be a whole number >= 0, got ${count}`);
  if (percentage !== undefined && !(Number.isFinite(percentage) && percentage >= 0 && percentage <= 100)) {
    throw new RangeError(`tolerated_failure_percentage must be between 0 and 100, got ${percentage}`);
  }
  if (count === undefined && percentage === undefined) return { max: 0, named: false };
  const byCount = count ?? total;
  const byPercentage = percentage === undefined ? total : percentOf(percentage, total);
  // More tolerated failures than items means none can fail the run.
  return { max: Math.min(byCount, byPercentage, total), named: true };
}

/** Whether `failed` items fail a map of `total` items under `tolerance`. */
export function exceedsTolerance(failed: number, total: number, tolerance: FailureTolerance = {}): boolean {
  return failed > toleratedFailures(total, tolerance).max;
}

/** floor(p × total / 100), in exact decimal arithmetic on p's shortest decimal spelling. */
function percentOf(p: number, total: number): number {
  const [whole, fraction = ''] = decimal(p).split('.');
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole!) * scale + BigInt(fraction === '' ? 0 : fraction);
  return Number((scaled * BigInt(total)) / (100n * scale));
}

/** A finite number >= 0 without an exponent: 1e-7 → "0.0000001". */
function decimal(p: number): string {
  const text = String(p);
  if (!/e/i.test(text)) return text;
  const [mantissa, exponent] = text.toLowerCase().split('e');
  const digits = mantissa!.replace('.', '');
  const dot = mantissa!.indexOf('.');
  const point = (dot === -1 ? mantissa!.length : dot) + Number(exponent);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  return point >= digits.length
    ? digits + '0'.repeat(point - digits.length)
    : `${digits.slice(0, point)}.${digits.slice(point)}`;
}
