import { type Execution, isParkedAtJoin, type StepRecord } from '../domain/execution/execution';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { FlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { detachedChildName } from '../engine/child-flow/detached-child-name';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import { isExpression } from '../expressions/template-syntax';
import type { ChildFlowRun } from '../views/child-flow-history';
import { stoppedStep } from '../views/task-progress';
import type { StepDeps } from './step-deps';

const START_FLOW = 'start_flow';

/**
 * The children of the page's `start_flow` steps, by step number, for their events in the parent's
 * history: one read of a head by its key per such step of the page (so bounded by the page, as
 * fan-out items are), and, on the last page, one for the step the execution is parked at while its
 * waited child runs (or was stopped at). A step that waits for a callback has the callback's output
 * as its result, not its child: the child is found by the name its start took (the name's
 * reservation, then its head), for such a step of the page and for one waiting at the cursor. A step
 * whose child cannot be found (it failed before starting one, its response was mocked, its name is
 * computed, or the child is past its retention) tells none.
 */
export async function childFlowsShown(
  execution: Execution,
  flow: FlowDefinition,
  steps: readonly StepRecord[],
  lastPage: boolean,
  deps: Pick<StepDeps, 'store' | 'clock'>,
): Promise<Map<number, ChildFlowRun>> {
  const parentId = execution.execution_id;
  const taskNamed = (name: string) => flow.tasks.find((t) => t.name === name && t.task_type === START_FLOW);
  const wanted: WantedChild[] = [];
  for (const step of steps) {
    const want = step.task_type === START_FLOW && childOfStep(parentId, taskNamed(step.task_name), step);
    if (want) wanted.push(want);
  }
  const cursor = execution.cursor;
  const unrecorded = lastPage && cursor !== undefined && cursor.seq > execution.steps_recorded;
  const cursorTask = unrecorded ? taskNamed(cursor.task) : undefined;
  if (cursor && cursorTask) {
    const shown = execution.status === 'RUNNING' || stoppedStep(execution) !== undefined;
    const answered = execution.status === 'RUNNING' && cursor.callback?.outcome !== undefined;
    if (shown && isParkedAtJoin(cursor))
      wanted.push({ seq: cursor.seq, id: childExecutionId(parentId, cursor.seq, 0), waited: true });
    else if (shown && cursor.callback !== undefined && !answered && cursorTask.wait_for_callback === true) {
      const name = callbackChildName(parentId, cursorTask, cursor.seq);
      if (name !== undefined) wanted.push({ seq: cursor.seq, name, waited: false });
    }
  }
  const now = deps.clock.now().toISOString();
  const found = await Promise.all(
    wanted.map(async (want) => ({
      want,
      child:
        'id' in want
          ? await deps.store.loadExecution(want.id)
          : (await deps.store.nameHolder(want.name, now))?.execution,
    })),
  );
  const bySeq = new Map<number, ChildFlowRun>();
  for (const { want, child } of found)
    if (child && startedBy(child, parentId, want.seq, want.waited)) bySeq.set(want.seq, { child, waited: want.waited });
  return bySeq;
}

/** A child to read: by its id, or (a start that waited for a callback) by the name it was started under. */
type WantedChild = { seq: number; waited: boolean } & ({ id: string } | { name: string });

/**
 * Which child a recorded step started. A waited child's id is derived from the step
 * (`<parent>.<seq>.0`); a child started without waiting is named in the step's result
 * (`execution_id`, as src/engine/child-flow/child-flow-output.ts gives it), which a waited step's
 * result holds too, with the derived id; a start that waited for a callback is found by its name.
 */
function childOfStep(
  parentId: string,
  task: TaskDefinition | undefined,
  { seq, output }: StepRecord,
): WantedChild | undefined {
  if (task?.wait_for_callback === true) {
    const name = callbackChildName(parentId, task, seq);
    return name === undefined ? undefined : { seq, name, waited: false };
  }
  const waitedId = childExecutionId(parentId, seq, 0);
  const named = isPlainObject(output) && typeof output.execution_id === 'string' ? output.execution_id : undefined;
  return named !== undefined && named !== waitedId
    ? { seq, id: named, waited: false }
    : { seq, id: waitedId, waited: true };
}

/**
 * The name a start that waits for a callback started its child under: the task's `name` when it
 * writes one out, else the one derived from the step (src/service/child-flow-step.ts). A computed
 * name is known only to the step that computed it: undefined.
 */
function callbackChildName(parentId: string, task: TaskDefinition, seq: number): string | undefined {
  const written = task.jsonpath?.parameters ?? task.arguments ?? task.parameters;
  if (!isPlainObject(written)) return undefined;
  if (written['name.$'] !== undefined) return undefined;
  const name = written.name;
  if (name === undefined) return detachedChildName(parentId, seq);
  return typeof name === 'string' && !isExpression(name) ? name : undefined;
}

/** Whether the head read is the child this step started (a mocked result may name any execution). */
function startedBy(child: Execution, parentId: string, seq: number, waited: boolean): boolean {
  const link = waited ? child.parent : child.started_by;
  return link?.execution_id === parentId && link.seq === seq;
}
