import type { FanOutProgress } from '../domain/fan-out/fan-out-progress';

/** What the counts are read from: a fan-out item (src/ports/fan-out-store.ts's FanOut) has these. */
export type CountedFanOut = Pick<FanOutProgress, 'counts' | 'nextIndex' | 'status'> & {
  stateName: string;
  seq: number;
};

/** How the children of one run of a map or parallel task stand (GET /api/v1/flows/executions/{id}, `fan_out`). */
export interface FanOutCounts {
  total: number;
  /** Not started yet. */
  pending: number;
  /** Started and not ended. */
  running: number;
  succeeded: number;
  /** Failed or timed out. */
  failed: number;
  aborted: number;
}

/**
 * The counts of one fan-out item, from its counters and start cursor alone: the slots walk the
 * children in order (after a redrive, values that stand for the children run again, after those
 * kept as succeeded: src/storage/rerun-walk.ts), so every value below `nextIndex` was started.
 * A child stopped with its fan-out (the parent stopped or timed out: ABORTED; a failure joined:
 * FAILED, the others then stopped) reports no end: once the fan-out is so, the started children
 * its counters miss are the aborted ones.
 */
export function fanOutCounts(fanOut: CountedFanOut): FanOutCounts {
  const { total, succeeded, failed, aborted } = fanOut.counts;
  const started = Math.min(fanOut.nextIndex, total);
  const unended = Math.max(0, started - (succeeded + failed + aborted));
  const stopped = fanOut.status === 'ABORTED' || fanOut.status === 'FAILED';
  return {
    total,
    pending: total - started,
    running: stopped ? 0 : unended,
    succeeded,
    failed,
    aborted: stopped ? aborted + unended : aborted,
  };
}

/**
 * `fan_out`: each map or parallel task that has started, by name, with the counts of its latest
 * run (a task in a loop, or retried, runs again at a later step: the highest step number wins).
 */
export function fanOutCountsView(fanOuts: readonly CountedFanOut[]): Record<string, FanOutCounts> {
  const latest = new Map<string, CountedFanOut>();
  for (const fanOut of fanOuts) {
    const shown = latest.get(fanOut.stateName);
    if (!shown || shown.seq < fanOut.seq) latest.set(fanOut.stateName, fanOut);
  }
  return Object.fromEntries([...latest].map(([task, fanOut]) => [task, fanOutCounts(fanOut)]));
}
