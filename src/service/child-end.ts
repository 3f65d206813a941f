import type { Execution } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { ChildEnd } from '../engine/fan-out/fan-out-counts';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import { stopRunningChildren } from './fan-out-abort';
import { childInput, startChild } from './fan-out-children';
import { parentMessage } from './parent-hand-on';
import type { StepDeps } from './step-deps';

/** How a child ended, and the error it ended with (its code, and its message as the cause). */
export interface ChildEnding {
  end: ChildEnd;
  error?: string;
  cause?: string;
}

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
      index: link.index,
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
    await deps.dispatcher.dispatch(parentMessage(ref, fanOut.stateName));
    return;
  }
  if (answer.decision?.status === 'succeeded' || answer.decision?.status === 'failed') {
    const joined = await deps.fanOuts.join(ref, at, fanOut);
    if (!joined.joined) return;
    await deps.dispatcher.dispatch(parentMessage(ref, fanOut.stateName));
    // A failed join stops the children still running: their results could change nothing.
    if (joined.decision.status === 'failed') await stopRunningChildren(joined.fanOut, deps);
  }
}

/**
 * The next item in the freed slot. Only a map starts children after its entry (a parallel's
 * branches, at most LIMITS.maxParallelBranches, all start there), and every item of a map runs
 * the same sub-flow as the child reporting.
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
  const index = await deps.fanOuts.childIndex(fanOut, value);
  await startChild(
    {
      parent: { execution_id: fanOut.parentId, flow_id: child.flow_id, max_steps: child.max_steps },
      fanOut,
      index,
      slot,
      subFlow,
      subFlowHash: child.definition_hash,
      input: await childInput(fanOut, index, deps),
    },
    deps,
  );
}

type EndStatus = ChildEnd;

/** Whether an execution has ended in a way its fan-out counts (a cancelled one never ran as a child). */
export const isEnded = (child: Execution): child is Execution & { status: EndStatus } =>
  child.status === 'SUCCEEDED' ||
  child.status === 'FAILED' ||
  child.status === 'TIMED_OUT' ||
  child.status === 'ABORTED';

/** A child's end as its head tells it: its status, and its error code and message. */
export const endingOf = (child: Execution & { status: EndStatus }): ChildEnding => ({
  end: child.status,
  ...(child.reason !== undefined && { error: child.reason }),
  ...(child.error !== undefined && { cause: child.error }),
});

/**
 * A child ended from outside its steps (stopped on its own, timed out): reported as its last
 * step reports, so its fan-out counts it (a stopped child fails the fan-out with States.Aborted).
 */
export async function reportEndedChild(child: Execution, deps: StepDeps): Promise<void> {
  if (!child.parent || !isEnded(child)) return;
  const subFlow = await deps.store.loadDefinition(child.execution_id, child.definition_hash);
  await reportChildEnd(child, subFlow, endingOf(child), deps);
}
