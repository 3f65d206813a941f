import { LIMITS } from '../../domain/limits';

export interface WindowPosition {
  total: number;
  /** `max_concurrency`: 0 means LIMITS.maxFanOutConcurrency (why 100: see there). */
  maxConcurrency: number;
  /** Children started so far: indexes 0 … started − 1 (the fan-out item's start cursor). */
  started: number;
  /** Children that have ended, whatever the outcome. */
  ended: number;
}

export interface Window {
  /** How many children may run at once here: the bound, never more than there are children. */
  slots: number;
  running: number;
  /** The indexes to start now, in order: the next ones after the start cursor, as many as slots are free. */
  toStart: number[];
}

/** The concurrency a fan-out runs at: `max_concurrency`, 0 and anything above the bound meaning the bound. */
export function effectiveConcurrency(maxConcurrency: number): number {
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 0)
    throw new RangeError(`max_concurrency must be a whole number >= 0, got ${maxConcurrency}`);
  const bound = LIMITS.maxFanOutConcurrency;
  return maxConcurrency === 0 ? bound : Math.min(maxConcurrency, bound);
}

/**
 * Which children to start next. At the fan-out's entry (nothing started) that is the first
 * `slots` indexes; afterwards each child that ends frees its slot for the next index, so never
 * more than `slots` run at once, and every index is started once, in order.
 */
export function nextToStart(position: WindowPosition): Window {
  const { total, started, ended } = position;
  for (const [name, value] of Object.entries({ total, started, ended })) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  }
  if (started > total || ended > started)
    throw new RangeError(`a fan-out of ${total} cannot have started ${started} and ended ${ended} children`);
  const slots = Math.min(effectiveConcurrency(position.maxConcurrency), total);
  const running = started - ended;
  if (running > slots) throw new RangeError(`${running} children run at once, more than the ${slots} slots`);
  const count = Math.min(slots - running, total - started);
  return { slots, running, toStart: Array.from({ length: count }, (_, i) => started + i) };
}
