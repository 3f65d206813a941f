import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import { runningSlots } from './fan-out-children';
import type { StepDeps } from './step-deps';
import { stepFanOut } from './step-fan-out';

type AbortDeps = Pick<StepDeps, 'store' | 'fanOuts' | 'clock' | 'logger'>;

/**
 * A parent that ended while parked at a fan-out (stopped, timed out) stops its children: the
 * fan-out goes RUNNING → ABORTING, so no report starts another child; the children in its slots
 * (at most LIMITS.maxFanOutConcurrency) are stopped, each stopping its own fan-out in turn; then
 * it is ABORTED. A fan-out that joined first is left as it is: its children have ended.
 */
export async function abortFanOutOf(parent: Execution, deps: AbortDeps): Promise<void> {
  const cursor = parent.cursor;
  if (!cursor) return;
  const flow = await deps.store.loadDefinition(parent.execution_id, parent.definition_hash);
  const task = flow.tasks.find((t) => t.name === cursor.task);
  // A child flow waited for runs as a fan-out's one child (src/service/child-flow-wait.ts).
  if (!task?.fan_out && task?.task_type !== 'start_flow') return;
  // After a redrive, the fan-out the parked step resumed (src/service/step-fan-out.ts).
  const found = await stepFanOut(parent, cursor.seq, cursor.task, deps);
  if (found.kind !== 'own') return;
  const ref: FanOutRef = { parentId: parent.execution_id, seq: found.fanOut.seq };
  const at = deps.clock.now().toISOString();
  const aborting = await deps.fanOuts.abort(ref, at);
  const fanOut = aborting.fanOut;
  if (fanOut?.status !== 'ABORTING') return;
  await stopRunningChildren(fanOut, deps);
  await deps.fanOuts.markAborted(ref, at);
  deps.logger.info('fan-out aborted', { parent_execution_id: ref.parentId, seq: ref.seq });
}

/**
 * Stops the children a fan-out's slots still run: after a stop of the parent, or once its join
 * failed (the rest of a parallel whose branch failed, a map's items past its tolerated failures).
 * A child that ended meanwhile refuses the stop.
 */
export async function stopRunningChildren(fanOut: FanOut, deps: AbortDeps): Promise<void> {
  await Promise.all(
    runningSlots(fanOut).map(async ([, value]) => {
      const index = await deps.fanOuts.childIndex(fanOut, value);
      const stopped = await deps.store.endExecution({
        executionId: childExecutionId(fanOut.parentId, fanOut.seq, index),
        status: 'ABORTED',
        at: deps.clock.now().toISOString(),
        reason: ErrorCode.Aborted,
        error: `its parent's ${fanOut.kind} '${fanOut.stateName}' was stopped or failed`,
      });
      if (stopped.ok) await abortFanOutOf(stopped.execution, deps);
    }),
  );
}
