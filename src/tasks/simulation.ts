import { z } from 'zod';
import { LIMITS } from '../domain/limits';

/**
 * Parameters every sample task accepts. `failure_rate` 0 never fails and 1 always fails, so
 * tests and demos can be deterministic; values in between draw from Math.random.
 */
export const simulationParameters = {
  failure_rate: z.number().min(0).max(1).default(0),
  delay_ms: z.int().min(0).max(LIMITS.maxDelayMs).default(0),
};

/** Resolves after `ms`, or at once when `signal` aborts (a timed-out task should stop waiting). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Waits `delay_ms`, then says whether this run should fail. */
export async function simulateWork(
  params: { failure_rate: number; delay_ms: number },
  signal?: AbortSignal,
  random: () => number = Math.random,
): Promise<{ failed: boolean }> {
  if (params.delay_ms > 0) await sleep(params.delay_ms, signal);
  return { failed: random() < params.failure_rate };
}

/**
 * The most recent earlier output that has an array under `key` (outputs are kept in run order).
 * `results` has no prototype (so that a task may be named `__proto__`), so it is only read with
 * `Object` functions, never through methods it would otherwise inherit.
 */
export function findOutputWith(
  results: Readonly<Record<string, unknown>>,
  key: string,
): Record<string, unknown> | undefined {
  const outputs = Object.values(results).reverse();
  for (const output of outputs) {
    if (output && typeof output === 'object' && Array.isArray((output as Record<string, unknown>)[key])) {
      return output as Record<string, unknown>;
    }
  }
  return undefined;
}
