import type { ChildReport } from '../domain/fan-out/fan-out-progress';
import { joinDecision } from '../engine/fan-out/join-decision';
import type { FanOut, RedriveAnswer, ReportAnswer } from '../ports/fan-out-store';

/**
 * What a store answers after a report, from the fan-out item the write returned: the item as the
 * report left it (applied) or as the refusal found it. Both stores answer from the item alone, so
 * a refused report costs no read.
 */
export function appliedReport(fanOut: FanOut, report: ChildReport): ReportAnswer {
  const taken = fanOut.slots.get(report.slot);
  return {
    applied: true,
    fanOut,
    ...(startable(fanOut, taken) && { start: taken }),
    decision: joinDecision(fanOut.counts, fanOut.mode, fanOut.firstFailure),
  };
}

/**
 * A refused report: a duplicate of an end counted already, a report from before a redrive, or one
 * for a fan-out that does not exist. Within the same generation, the index now in the reporter's
 * slot may not have been started if the first delivery died after its write: it is answered to
 * start again (starting a child is idempotent), with the join as the counts decide it.
 */
export function refusedReport(old: FanOut | undefined, report: ChildReport): ReportAnswer {
  if (!old) return { applied: false };
  const inSlot = old.slots.get(report.slot);
  const sameRun = old.generation === report.generation && inSlot !== report.index;
  return {
    applied: false,
    fanOut: old,
    ...(sameRun && startable(old, inSlot) && { start: inSlot }),
    decision: joinDecision(old.counts, old.mode, old.firstFailure),
  };
}

/** A redrive refused: the fan-out is not ended (any more), or there is none. */
export const refusedRedrive = (fanOut: FanOut | undefined): RedriveAnswer => ({
  applied: false,
  ...(fanOut && { fanOut }),
});

/** The indexes the slots run while the fan-out runs: what a takeover of its entry starts again. */
export const runningIndexes = (fanOut: FanOut): number[] =>
  fanOut.status !== 'RUNNING'
    ? []
    : [...fanOut.slots.values()].filter((index) => index < fanOut.counts.total).sort((a, b) => a - b);

const startable = (fanOut: FanOut, index: number | undefined): index is number =>
  index !== undefined && index < fanOut.counts.total && fanOut.status === 'RUNNING';
