import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import type { ParentLink } from '../domain/execution/parent-link';
import { cursorMessage } from '../domain/execution/step-message';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { FanOut } from '../ports/fan-out-store';
import { type ChildEnding, endingOf, isEnded } from './child-ending';
import type { ChildScope } from './child-scope';
import { abortFanOutOf } from './fan-out-abort';
import { type ChildStart, childInput, startChild } from './fan-out-children';
import { handOn } from './hand-on';
import { planRedrive } from './redrive-plan';
import type { StepDeps } from './step-deps';

/** A sub-flow a child runs, with its definition hash (a parallel's branches each have their own). */
export interface SlotSubFlow {
  flow: FlowDefinition;
  hash: string;
}

/** What one slot of a fan-out runs: the walk value it holds, and where its child's sub-flow comes from. */
export interface SlotStart {
  parent: ChildStart['parent'];
  fanOut: FanOut;
  slot: number;
  /** The slot's value: the child's index, or after a redrive the walk value standing for it. */
  value: number;
  subFlowAt(index: number): SlotSubFlow;
  /** What the child sees of the flows around it (src/service/child-scope.ts). */
  scope: ChildScope | undefined;
}

/** A child's end to report in its new slot (the caller reports it: src/service/child-end.ts's `reportChildEnd`). */
export interface EndToReport {
  child: Execution;
  subFlow: FlowDefinition;
  ending: ChildEnding;
}

/**
 * Runs the child a slot now holds: the one way the entry, the next item's start, and the recovery
 * start a child. Before any redrive a child is started (a no-op if it was: its id is derived),
 * with no read. After a redrive of its fan-out (docs/fan-out.md, "Redrive") the child may have
 * run before, so one read of it decides: none, it starts; one that failed, timed out or was
 * stopped is redriven as an execution, from the step that did not succeed, in its new slot and
 * generation; one that cannot be (it ended in a `fail`, or ran its max_steps) ends the same way
 * again at once; one that succeeded meanwhile is counted as such: those two, and a child that ran
 * again already and ended, come back as an end to report. `known`: the child as the caller read
 * it (null: there is none), saving the read.
 */
export async function startSlotChild(
  start: SlotStart,
  deps: StepDeps,
  known?: Execution | null,
): Promise<EndToReport | undefined> {
  const { fanOut, slot, value } = start;
  const index = await deps.fanOuts.childIndex(fanOut, value);
  const subFlow = start.subFlowAt(index);
  const fresh = async () =>
    startChild(
      {
        parent: start.parent,
        fanOut,
        index,
        slot,
        ...(value !== index && { walk: value }),
        subFlow: subFlow.flow,
        subFlowHash: subFlow.hash,
        input: await childInput(fanOut, index, deps),
        ...(start.scope && { scope: start.scope }),
      },
      deps,
    );
  if (fanOut.generation === 0) return fresh().then(() => undefined);
  const child =
    known !== undefined
      ? known
      : ((await deps.store.loadChildren(fanOut.parentId, fanOut.seq, [index])).get(index) ?? null);
  if (!child?.parent) return fresh().then(() => undefined);
  if (child.parent.generation >= fanOut.generation) {
    // Run again in this generation already (a start delivered twice): hand it on again, or report its end.
    if (child.status === 'RUNNING' && child.cursor)
      await deps.dispatcher.dispatch(cursorMessage(child.execution_id, child.cursor, child.definition_hash));
    else if (isEnded(child)) return { child, subFlow: subFlow.flow, ending: endingOf(child) };
    return undefined;
  }
  const { walk: _before, ...kept } = child.parent;
  const link: ParentLink = { ...kept, slot, generation: fanOut.generation, ...(value !== index && { walk: value }) };
  const ended = await endedBefore(child, fanOut, deps);
  if (!ended) return undefined;
  const plan = ended.status === 'SUCCEEDED' ? undefined : await planRedrive(ended, deps);
  if (!plan?.ok) {
    // Succeeded after all, or it would only end the same way again: counted as it ended, in its new slot.
    return { child: { ...ended, parent: link }, subFlow: subFlow.flow, ending: endingOf(ended) };
  }
  const out = await deps.store.redriveExecution({
    ...plan.write,
    parent: { slot, generation: fanOut.generation, ...(link.walk !== undefined && { walk: link.walk }) },
  });
  // Refused: a copy of this start redrove it first, and handed it on.
  if (out.ok) await handOn(ended.execution_id, plan.write.cursor, ended.definition_hash, deps);
  return undefined;
}

/**
 * The child as it ended before the redrive. One still running (its fan-out's stop had not reached
 * it yet) is stopped first, as the fan-out's end meant it to be.
 */
async function endedBefore(child: Execution, fanOut: FanOut, deps: StepDeps) {
  if (isEnded(child)) return child;
  const stopped = await deps.store.endExecution({
    executionId: child.execution_id,
    status: 'ABORTED',
    at: deps.clock.now().toISOString(),
    reason: ErrorCode.Aborted,
    error: `its parent's ${fanOut.kind} '${fanOut.stateName}' ended before it did`,
  });
  if (stopped.ok) await abortFanOutOf(stopped.execution, deps);
  const now = stopped.execution;
  return now && isEnded(now) ? now : undefined;
}
