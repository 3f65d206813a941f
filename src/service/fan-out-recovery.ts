import type { Execution } from '../domain/execution/execution';
import { definitionHash } from '../domain/flow/definition-hash';
import type { FlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { subFlowDefinitions, subFlowIndex } from '../engine/fan-out/sub-flow-definition';
import { stallDecision } from '../engine/stall-detection';
import type { FanOut } from '../ports/fan-out-store';
import { reportChildEnd } from './child-end';
import { endingOf, isEnded } from './child-ending';
import { scopeOfParent } from './child-scope';
import { runningSlots } from './fan-out-children';
import { startSlotChild } from './slot-child';
import type { StepDeps } from './step-deps';

/** How long a child may sit unclaimed, or a started slot without its child, before the parent's recovery acts. */
const CHILD_GRACE_MS = 60_000;

export interface SlotsScope {
  parent: Execution;
  flow: FlowDefinition;
  task: TaskDefinition;
}

/**
 * What a delivery of a parent parked at a running fan-out does (a stray copy, or the sweep, which
 * re-dispatches a parked parent as it does any unclaimed step): children are in no index the sweep
 * reads, so this is how their stalls are found (docs/decisions/0025-fan-out-as-child-executions.md,
 * "Recovery"). With one read of the children in the slots (at most LIMITS.maxFanOutConcurrency):
 * a slot whose child was never put is started; a child stalled as any step stalls is handed on
 * again; a child that ended while its slot still holds it (its report was lost) is reported for.
 * Each action is idempotent, so a copy racing the children changes nothing.
 */
export async function recoverSlots(scope: SlotsScope, fanOut: FanOut, deps: StepDeps): Promise<void> {
  const inSlots = runningSlots(fanOut);
  if (inSlots.length === 0) return;
  const indexed = await Promise.all(
    inSlots.map(async ([slot, value]) => ({ slot, value, index: await deps.fanOuts.childIndex(fanOut, value) })),
  );
  const children = await deps.store.loadChildren(
    fanOut.parentId,
    fanOut.seq,
    indexed.map((c) => c.index),
  );
  const definition = scope.task.fan_out!;
  const subFlows = subFlowDefinitions(scope.flow, scope.task.name, definition);
  const subFlowAt = (index: number) => {
    const flow = subFlows[subFlowIndex(definition, index)]!;
    return { flow, hash: definitionHash(flow) };
  };
  const nowMs = deps.clock.now().getTime();
  await Promise.all(
    indexed.map(async ({ slot, value, index }) => {
      const child = children.get(index);
      if (!child || (child.parent?.generation ?? 0) < fanOut.generation) {
        // Never put, or not run again yet since its fan-out's redrive.
        const start = { parent: scope.parent, fanOut, slot, value, subFlowAt, scope: scopeOfParent(scope.parent) };
        const ended = await startSlotChild(start, deps, child ?? null);
        if (ended) await reportChildEnd(ended.child, ended.subFlow, ended.ending, deps);
        return;
      }
      if (child.status === 'RUNNING') {
        const stalled = stallDecision(child, nowMs, CHILD_GRACE_MS);
        if (stalled?.action === 'dispatch') await deps.dispatcher.dispatch(stalled.message);
        return;
      }
      if (child.parent?.generation === fanOut.generation && isEnded(child))
        await reportChildEnd(child, subFlowAt(index).flow, endingOf(child), deps);
    }),
  );
}
