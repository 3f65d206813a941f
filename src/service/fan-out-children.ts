import type { Execution } from '../domain/execution/execution';
import { cursorMessage } from '../domain/execution/step-message';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import { deadlineFrom } from '../engine/execution-deadline';
import { stepTimeout } from '../engine/record-step';
import type { FanOut } from '../ports/fan-out-store';
import { type ChildScope, childStateScope } from './child-scope';
import type { StepDeps } from './step-deps';

/** What a child starts from: where it runs and the sub-flow it runs. */
export interface ChildStart {
  /** The parent's fields a child keeps: its flow and its step bound. */
  parent: Pick<Execution, 'execution_id' | 'flow_id' | 'max_steps' | 'mock'>;
  fanOut: Pick<FanOut, 'seq' | 'generation'>;
  index: number;
  slot: number;
  /** After a redrive: the walk value the slot holds for this index (absent: the index itself). */
  walk?: number;
  subFlow: FlowDefinition;
  subFlowHash: string;
  input: unknown;
  /** What it sees of the flows around it (absent: started from a sibling created before children carried it). */
  scope?: ChildScope;
  /** A child flow waited for (src/service/child-flow-wait.ts): its own flow's timeout, from its start. */
  timeout?: { seconds: number; timeScale: number };
  /** A child flow waited for: the saved flow's version it runs, which its parent's history names. */
  flowVersion?: number;
}

/**
 * A child's head as it starts: RUNNING at its sub-flow's first task, its input as its first
 * task's `$states.input` (a map item may be any JSON value; the execution input of a head is an
 * object, so a scalar item is kept as the data handed to the first task), its variables its
 * parent's, and the top execution's facts beside them (src/service/child-scope.ts).
 */
export function childHead(start: ChildStart, at: string): Execution {
  const { parent, fanOut, index, slot, subFlow } = start;
  const first = subFlow.tasks.find((task) => task.name === subFlow.start_task);
  return {
    execution_id: childExecutionId(parent.execution_id, fanOut.seq, index),
    flow_id: parent.flow_id,
    flow_name: subFlow.name,
    definition_hash: start.subFlowHash,
    status: 'RUNNING',
    created_at: at,
    started_at: at,
    dispatched_at: at,
    cursor: {
      seq: 1,
      task: subFlow.start_task,
      timeout_seconds: stepTimeout(first),
    },
    attempts: 0,
    steps_recorded: 0,
    max_steps: parent.max_steps,
    ...(start.flowVersion !== undefined && { flow_version: start.flowVersion }),
    ...(start.timeout && {
      timeout_seconds: start.timeout.seconds,
      deadline_at: deadlineFrom(at, start.timeout.seconds, start.timeout.timeScale),
    }),
    // A Map or Parallel's own states are mocked as the test case says, as in Step Functions Local.
    ...(parent.mock !== undefined && { mock: parent.mock }),
    parent: {
      execution_id: parent.execution_id,
      seq: fanOut.seq,
      index,
      slot,
      generation: fanOut.generation,
      ...(start.walk !== undefined && { walk: start.walk }),
    },
    state: {
      input: isPlainObject(start.input) ? start.input : {},
      results: new Map(),
      ...(!isPlainObject(start.input) && { data: start.input }),
      ...(start.scope && childStateScope(start.scope, subFlow)),
    },
    progress: new Map(),
  };
}

/**
 * Starts a child: puts its head (a no-op if it was started already: its id is derived) and hands
 * its first step on. A child put by an earlier, interrupted start is handed on again, which its
 * claim turns into a no-op if it runs already.
 */
export async function startChild(start: ChildStart, deps: StepDeps): Promise<void> {
  const head = childHead(start, deps.clock.now().toISOString());
  await deps.store.createChildExecution(head);
  await deps.dispatcher.dispatch(cursorMessage(head.execution_id, head.cursor!, head.definition_hash));
}

/**
 * The slots' values that stand for a child to run: a slot whose value is past the walk (every
 * index, or after a redrive the indexes run again: src/storage/rerun-walk.ts) is idle.
 */
export const runningSlots = (fanOut: FanOut): Array<[slot: number, value: number]> =>
  [...fanOut.slots].filter(([, value]) => value < fanOut.counts.total);

/** The stored input of the child at `index` (a parallel's branches all start from its one input, index 0). */
export async function childInput(fanOut: FanOut, index: number, deps: Pick<StepDeps, 'fanOuts'>): Promise<unknown> {
  const at = fanOut.kind === 'parallel' ? 0 : index;
  const page = await deps.fanOuts.itemPage(fanOut, at);
  return page.items[at - page.first];
}

/**
 * Parks the parent's step at its join, before any child starts: the child that joins hands the step
 * on, and finds it unclaimed. `wait_started_at` marks when the fan-out began: its step record spans
 * it, and its timeout counts from it. False: the claim was lost, and nothing may start.
 */
export const parkAtJoin = (execution: Execution, claimToken: string, at: string, deps: StepDeps): Promise<boolean> =>
  deps.store.deferStep({
    executionId: execution.execution_id,
    claimToken,
    cursor: { ...execution.cursor!, wait_started_at: at },
    at,
  });
