import type { Execution } from '../domain/execution/execution';
import { definitionHash } from '../domain/flow/definition-hash';
import type { FlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { subFlowDefinitions, subFlowIndex } from '../engine/fan-out/sub-flow-definition';
import { stallDecision } from '../engine/stall-detection';
import type { FanOut } from '../ports/fan-out-store';
import { endingOf, isEnded, reportChildEnd } from './child-end';
import { childInput, runningSlots, startChild } from './fan-out-children';
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
    inSlots.map(async ([slot, value]) => ({ slot, index: await deps.fanOuts.childIndex(fanOut, value) })),
  );
  const children = await deps.store.loadChildren(
    fanOut.parentId,
    fanOut.seq,
    indexed.map((c) => c.index),
  );
  const definition = scope.task.fan_out!;
  const subFlows = subFlowDefinitions(scope.flow, scope.task.name, definition);
  const nowMs = deps.clock.now().getTime();
  await Promise.all(
    indexed.map(async ({ slot, index }) => {
      const child = children.get(index);
      const subFlow = subFlows[subFlowIndex(definition, index)]!;
      if (!child) {
        const input = await childInput(fanOut, index, deps);
        const subFlowHash = definitionHash(subFlow);
        await startChild({ parent: scope.parent, fanOut, index, slot, subFlow, subFlowHash, input }, deps);
        return;
      }
      if (child.status === 'RUNNING') {
        const stalled = stallDecision(child, nowMs, CHILD_GRACE_MS);
        if (stalled?.action === 'dispatch') await deps.dispatcher.dispatch(stalled.message);
        return;
      }
      if (child.parent?.generation === fanOut.generation && isEnded(child))
        await reportChildEnd(child, subFlow, endingOf(child), deps);
    }),
  );
}
