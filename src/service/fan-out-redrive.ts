import type { Execution } from '../domain/execution/execution';
import { type ChildSeen, indexesToRerun } from '../engine/fan-out/redrive-indexes';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import { isEnded } from './child-ending';
import { stopRunningChildren } from './fan-out-abort';
import type { StepDeps } from './step-deps';

/** Children read per request while finding which to run again (BatchGetItem's bound). */
const CHILDREN_PAGE = 100;

/**
 * A redrive's resumption of a fan-out that ended unsuccessfully or was stopped (docs/fan-out.md,
 * "Redrive"), as Step Functions redrives a Map Run: only the children that did not succeed run
 * again, found by reading the children 100 at a time. The fan-out item takes a new generation
 * (a report from before is refused), with `resumedBy` the parent's step that resumes it, whose
 * delivery then parks and starts the slots' children as a recovery does. Answers the fan-out
 * that step now waits on; one whose children all succeeded (a stop that came after the last one
 * ended) answers as SUCCEEDED, to gather as it is. A copy of the step racing it gets the same.
 */
export async function resumeFanOut(parent: Execution, stale: FanOut, deps: StepDeps): Promise<FanOut> {
  const seq = parent.cursor!.seq;
  const ref: FanOutRef = { parentId: stale.parentId, seq: stale.seq };
  let fanOut = stale;
  for (let attempt = 1; ; attempt++) {
    if (fanOut.resumedBy === seq || fanOut.status === 'SUCCEEDED') return fanOut;
    if (fanOut.status === 'RUNNING' || fanOut.status === 'ABORTING') fanOut = await finishStop(ref, deps);
    const rerun = await unsucceeded(fanOut, deps);
    if (rerun.length === 0) return { ...fanOut, status: 'SUCCEEDED' };
    const answer = await deps.fanOuts.redrive(ref, rerun, deps.clock.now().toISOString(), seq);
    if (answer.applied) {
      deps.logger.info('fan-out redriven', {
        parent_execution_id: ref.parentId,
        seq: ref.seq,
        resumed_by: seq,
        reruns: rerun.length,
        generation: answer.fanOut.generation,
      });
      return answer.fanOut;
    }
    if (!answer.fanOut || attempt === 3)
      throw new Error(`fan-out ${ref.parentId}/${ref.seq} changed while being redriven; the step is tried again`);
    fanOut = answer.fanOut;
  }
}

/**
 * A stop the parent's end did not finish (its invocation died between the fan-out's ABORTING and
 * ABORTED, or before it): its children in the slots are stopped first, so none runs twice.
 */
async function finishStop(ref: FanOutRef, deps: StepDeps): Promise<FanOut> {
  const at = deps.clock.now().toISOString();
  const aborting = await deps.fanOuts.abort(ref, at);
  const fanOut = aborting.fanOut;
  if (fanOut?.status === 'ABORTING') {
    await stopRunningChildren(fanOut, deps);
    const marked = await deps.fanOuts.markAborted(ref, at);
    if (marked.fanOut) return marked.fanOut;
  }
  if (!fanOut) throw new Error(`fan-out ${ref.parentId}/${ref.seq} is gone`);
  return fanOut;
}

/** The indexes whose child did not succeed (or never started), rising, read a page of children at a time. */
async function unsucceeded(fanOut: FanOut, deps: Pick<StepDeps, 'store'>): Promise<number[]> {
  const total = fanOut.counts.total;
  const rerun: number[] = [];
  for (let from = 0; from < total; from += CHILDREN_PAGE) {
    const to = Math.min(total, from + CHILDREN_PAGE);
    const indexes = Array.from({ length: to - from }, (_, i) => from + i);
    const children = await deps.store.loadChildren(fanOut.parentId, fanOut.seq, indexes);
    const seen: ChildSeen[] = [...children].map(([index, child]) => ({
      index,
      ...(isEnded(child) && { end: child.status }),
    }));
    rerun.push(...indexesToRerun(seen, from, to));
  }
  return rerun;
}
