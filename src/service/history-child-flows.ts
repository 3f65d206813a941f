import { type Execution, isParkedAtJoin, type StepRecord } from '../domain/execution/execution';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import type { ChildFlowRun } from '../views/child-flow-history';
import { stoppedStep } from '../views/task-progress';
import type { StepDeps } from './step-deps';

const START_FLOW = 'start_flow';

/**
 * The children of the page's `start_flow` steps, by step number, for their events in the parent's
 * history: one read of a head by its key per such step of the page (so bounded by the page, as
 * fan-out items are), and, on the last page, one for the step the execution is parked at while its
 * waited child runs (or was stopped at). A step whose child cannot be found (it failed before
 * starting one, its response was mocked, or the child is past its retention) tells none.
 */
export async function childFlowsShown(
  execution: Execution,
  flow: FlowDefinition,
  steps: readonly StepRecord[],
  lastPage: boolean,
  deps: Pick<StepDeps, 'store'>,
): Promise<Map<number, ChildFlowRun>> {
  const parentId = execution.execution_id;
  const wanted = steps
    .filter((step) => step.task_type === START_FLOW)
    .map((step) => childOfStep(parentId, step.seq, step.output));
  const cursor = execution.cursor;
  const parked =
    lastPage &&
    cursor !== undefined &&
    cursor.seq > execution.steps_recorded &&
    flow.tasks.some((t) => t.name === cursor.task && t.task_type === START_FLOW) &&
    isParkedAtJoin(cursor) &&
    (execution.status === 'RUNNING' || stoppedStep(execution) !== undefined);
  if (parked) wanted.push({ seq: cursor.seq, id: childExecutionId(parentId, cursor.seq, 0), waited: true });
  const found = await Promise.all(
    wanted.map(async (want) => ({ want, child: await deps.store.loadExecution(want.id) })),
  );
  const bySeq = new Map<number, ChildFlowRun>();
  for (const { want, child } of found)
    if (child && startedBy(child, parentId, want.seq, want.waited)) bySeq.set(want.seq, { child, waited: want.waited });
  return bySeq;
}

interface WantedChild {
  seq: number;
  id: string;
  waited: boolean;
}

/**
 * Which child a recorded step started. A waited child's id is derived from the step
 * (`<parent>.<seq>.0`); a child started without waiting is named in the step's result
 * (`execution_id`, as src/engine/child-flow/child-flow-output.ts gives it), which a waited step's
 * result holds too, with the derived id.
 */
function childOfStep(parentId: string, seq: number, output: unknown): WantedChild {
  const waitedId = childExecutionId(parentId, seq, 0);
  const named = isPlainObject(output) && typeof output.execution_id === 'string' ? output.execution_id : undefined;
  return named !== undefined && named !== waitedId
    ? { seq, id: named, waited: false }
    : { seq, id: waitedId, waited: true };
}

/** Whether the head read is the child this step started (a mocked result may name any execution). */
function startedBy(child: Execution, parentId: string, seq: number, waited: boolean): boolean {
  const link = waited ? child.parent : child.started_by;
  return link?.execution_id === parentId && link.seq === seq;
}
