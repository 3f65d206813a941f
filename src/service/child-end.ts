import type { Execution } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import { type ChildEnding, endingOf, isEnded } from './child-ending';
import { scopeOfSibling } from './child-scope';
import { stopRunningChildren } from './fan-out-abort';
import { parentMessage } from './parent-hand-on';
import { startSlotChild } from './slot-child';
import type { StepDeps } from './step-deps';

/**
 * A child's end, reported once its finishing commit took effect: one conditional write on its
 * parent's fan-out item (docs/decisions/0025-fan-out-as-child-executions.md, "A child's end").
 * The slot it frees starts the next item, and if the counts now decide the join, this child joins
 * and hands the parent's step on. A report refused as a duplicate finishes what the first
 * delivery may have left undone: the next child's start, the join, the parent's hand-on, each
 * idempotent.
 */
export async function reportChildEnd(
  child: Execution,
  subFlow: FlowDefinition,
  ending: ChildEnding,
  deps: StepDeps,
): Promise<void> {
  const link = child.parent;
  if (!link) return;
  const ref: FanOutRef = { parentId: link.execution_id, seq: link.seq };
  const at = deps.clock.now().toISOString();
  const answer = await deps.fanOuts.report(
    ref,
    {
      generation: link.generation,
      slot: link.slot,
      // After a redrive the slot runs the walk value standing for the index: the report names both.
      index: link.walk ?? link.index,
      ...(link.walk !== undefined && { item: link.index }),
      end: ending.end,
      ...(ending.error !== undefined && { error: ending.error }),
      ...(ending.cause !== undefined && { cause: ending.cause }),
    },
    at,
  );
  const fanOut = answer.fanOut;
  if (!fanOut) return;
  // A failure that decides the join starts nothing more: the join stops what still runs.
  if (answer.start !== undefined && answer.decision?.status !== 'failed')
    await startNext(child, subFlow, fanOut, link.slot, answer.start, deps);
  if (fanOut.status === 'SUCCEEDED' || fanOut.status === 'FAILED') {
    // Joined already (by this report's first delivery, or another child): the hand-on may have been lost.
    await deps.dispatcher.dispatch(parentMessage(fanOut));
    return;
  }
  if (answer.decision?.status === 'succeeded' || answer.decision?.status === 'failed') {
    const joined = await deps.fanOuts.join(ref, at, fanOut);
    if (!joined.joined) return;
    await deps.dispatcher.dispatch(parentMessage(fanOut));
    // A failed join stops the children still running: their results could change nothing.
    if (joined.decision.status === 'failed') await stopRunningChildren(joined.fanOut, deps);
  }
}

/**
 * The next item in the freed slot. Only a map starts children after its entry (a parallel's
 * branches, at most LIMITS.maxParallelBranches, all start there), and every item of a map runs
 * the same sub-flow as the child reporting. After a redrive the next child may have run before
 * and end at once (src/service/slot-child.ts): its end is reported here in turn.
 */
async function startNext(
  child: Execution,
  subFlow: FlowDefinition,
  fanOut: FanOut,
  slot: number,
  value: number,
  deps: StepDeps,
): Promise<void> {
  if (fanOut.kind !== 'map') return;
  const next = await startSlotChild(
    {
      parent: { execution_id: fanOut.parentId, flow_id: child.flow_id, max_steps: child.max_steps },
      fanOut,
      slot,
      value,
      subFlowAt: () => ({ flow: subFlow, hash: child.definition_hash }),
      // The parent is not read: the ending sibling started with the same scope.
      scope: scopeOfSibling(child),
    },
    deps,
  );
  if (next) await reportChildEnd(next.child, next.subFlow, next.ending, deps);
}

/**
 * A child ended from outside its steps (stopped on its own, timed out): reported as its last
 * step reports, so its fan-out counts it (a stopped child fails the fan-out with States.Aborted).
 */
export async function reportEndedChild(child: Execution, deps: StepDeps): Promise<void> {
  if (!child.parent || !isEnded(child)) return;
  const subFlow = await deps.store.loadDefinition(child.execution_id, child.definition_hash);
  await reportChildEnd(child, subFlow, endingOf(child), deps);
}
