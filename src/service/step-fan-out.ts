import type { Execution } from '../domain/execution/execution';
import type { FanOut } from '../ports/fan-out-store';
import type { StepDeps } from './step-deps';

export type StepFanOut =
  /** The fan-out this step runs: opened by it, or resumed by it after a redrive. */
  | { kind: 'own'; fanOut: FanOut }
  /** A redrive resumes this step at a fan-out that ended unsuccessfully (or was stopped): to run again. */
  | { kind: 'resume'; fanOut: FanOut }
  /** None yet: the step opens one. */
  | { kind: 'none' };

/**
 * The fan-out a parent's map or parallel step at `seq` waits on. Usually the one it opened, keyed
 * by its step number (one read). A redrive resumes the parent as a new step, so after one
 * (docs/fan-out.md, "Redrive") it may be the parent's newest fan-out, one read more: the one this
 * step resumed, or, for the step a redrive resumes at, the fan-out of the same task that the step
 * just before opened or resumed and that ended it. A fan-out found stopped was stopped before
 * the redrive that runs this step (a stopped parent runs no step): it is resumed too.
 */
export async function stepFanOut(
  parent: Execution,
  seq: number,
  taskName: string,
  deps: Pick<StepDeps, 'fanOuts'>,
): Promise<StepFanOut> {
  const parentId = parent.execution_id;
  const own = await deps.fanOuts.load({ parentId, seq });
  if (own) return isStopped(own) ? { kind: 'resume', fanOut: own } : { kind: 'own', fanOut: own };
  if ((parent.redrive_count ?? 0) === 0) return { kind: 'none' };
  const [newest] = await deps.fanOuts.recentFanOuts(parentId, 1);
  if (newest?.stateName !== taskName) return { kind: 'none' };
  if (newest.resumedBy === seq)
    return isStopped(newest) ? { kind: 'resume', fanOut: newest } : { kind: 'own', fanOut: newest };
  const endedTheStepBefore = newest.seq === seq - 1 || newest.resumedBy === seq - 1;
  return parent.redrive?.seq === seq && endedTheStepBefore ? { kind: 'resume', fanOut: newest } : { kind: 'none' };
}

const isStopped = (fanOut: FanOut): boolean => fanOut.status === 'ABORTED' || fanOut.status === 'ABORTING';
