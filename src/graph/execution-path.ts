import type { Execution, StepRecord } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { END_NODE, type EdgeKind, FAIL_NODE, type GraphEdge } from './flow-graph';
import { currentTask, stoppedStep, taskStatus } from '../views/task-progress';

/** What happened to a task, as the graph colours it. */
export type NodeState = 'succeeded' | 'failed' | 'running' | 'waiting' | 'stopped' | 'not_reached' | 'pending';

export interface TakenEdge {
  from: string;
  to: string;
  /** Which of the graph's edges between the two, when the record tells (a choice also by its rule). */
  kind?: EdgeKind;
  rule?: number;
  /** How often the execution went this way. */
  times: number;
}

export interface ExecutionPath {
  states: Map<string, NodeState>;
  taken: TakenEdge[];
  /** True when only the first steps were read (a very long execution): the path shown is partial. */
  partial: boolean;
}

/**
 * Each task's state from the head (its latest run, or the step in flight), and the edges taken
 * from the step records read: every record's routing decision is one traversal of one edge.
 */
export function executionPath(
  execution: Execution,
  flow: FlowDefinition,
  steps: readonly StepRecord[],
  partial: boolean,
): ExecutionPath {
  const states = new Map<string, NodeState>();
  const current = currentTask(execution);
  // The task a stop or timeout caught running or waiting shows where the execution was.
  const stopped = stoppedStep(execution)?.task;
  for (const task of flow.tasks) {
    const status = taskStatus(execution, task.name);
    const waiting = task.name === current && status !== 'RUNNING';
    states.set(task.name, task.name === stopped ? 'stopped' : waiting ? 'waiting' : STATE_OF[status]);
  }
  const counts = new Map<string, TakenEdge>();
  for (const step of steps) {
    const next = step.next;
    const kind = edgeKind(step);
    // A failure finishing the execution went along the graph's failure edge into the fail node.
    const to = next.type === 'run' ? next.task : next.via === 'fail' || kind === 'failure' ? FAIL_NODE : END_NODE;
    const rule =
      next.type === 'run'
        ? next.via === 'choice'
          ? next.rule
          : undefined
        : next.fail_route?.by === 'choice'
          ? next.fail_route.rule
          : undefined;
    const key = `${step.task_name}\u0000${to}\u0000${kind ?? ''}\u0000${rule ?? ''}`;
    const edge = counts.get(key) ?? {
      from: step.task_name,
      to,
      ...(kind && { kind }),
      ...(rule !== undefined && { rule }),
      times: 0,
    };
    edge.times++;
    counts.set(key, edge);
  }
  return { states, taken: [...counts.values()], partial };
}

const STATE_OF = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  RUNNING: 'running',
  PENDING: 'pending',
  SKIPPED: 'not_reached',
} as const;

/** Which kind of edge a record's routing decision went along; undefined when it does not say. */
function edgeKind(step: StepRecord): EdgeKind | undefined {
  // A route to `fail` goes along the edge of the decision that chose it, counted by the outcome taken.
  const via = step.next.type === 'finish' && step.next.fail_route ? step.next.fail_route.by : step.next.via;
  if (via === 'retry' || via === 'catch' || via === 'choice' || via === 'default') return via;
  if (step.next.type === 'finish' && step.status === 'FAILED' && via !== 'fail') return 'failure';
  if (via === 'next_task' || (step.next.type === 'finish' && via === undefined && step.status === 'SUCCEEDED'))
    return 'next';
  if (via === 'condition' || via === 'end') return step.status === 'SUCCEEDED' ? 'success' : 'failure';
  return undefined;
}

/** How often the path went along a graph edge (0: never). */
export function timesTaken(path: ExecutionPath, edge: GraphEdge): number {
  return path.taken
    .filter(
      (t) =>
        t.from === edge.from &&
        t.to === edge.to &&
        (t.kind === undefined || t.kind === edge.kind) &&
        (t.rule === undefined || edge.rule === t.rule),
    )
    .reduce((sum, t) => sum + t.times, 0);
}
