import { type Execution, isParkedAtJoin } from '../domain/execution/execution';
import { isTerminal, type TaskStatus } from '../domain/statuses';

/** The task whose step an invocation holds, or whose fan-out's children run. */
const runningTask = (execution: Execution): string | undefined =>
  execution.status === 'RUNNING' && (execution.claim || isParkedAtJoin(execution.cursor))
    ? execution.cursor?.task
    : undefined;

/** Per-task status from the head alone: running now, else its latest run; never reached → PENDING, or SKIPPED once finished. */
export function taskStatus(execution: Execution, task: string): TaskStatus {
  if (runningTask(execution) === task) return 'RUNNING';
  const progress = execution.progress.get(task);
  if (progress) return progress.status;
  return isTerminal(execution.status) ? 'SKIPPED' : 'PENDING';
}

/** Task bodies started for `task`, the one running now included. */
export function taskAttempts(execution: Execution, task: string): number {
  return (execution.progress.get(task)?.attempts ?? 0) + (runningTask(execution) === task ? execution.attempts : 0);
}

/** The task running now, or dispatched and about to run; null when nothing is in flight. */
export function currentTask(execution: Execution): string | null {
  if (execution.status !== 'RUNNING') return null;
  return execution.cursor?.task ?? null;
}

/**
 * Until when the cursor task waits before it runs (a durable wait, or a retry's backoff): its due
 * time while no invocation holds it; null when nothing waits.
 */
export function waitingUntil(execution: Execution): string | null {
  if (execution.status !== 'RUNNING' || runningTask(execution) !== undefined) return null;
  return execution.cursor?.due_at ?? null;
}

/** The step a stopped or timed-out execution was at, if it never recorded a result: running (an attempt held it) or waiting. */
export interface StoppedStep {
  seq: number;
  task: string;
  state: 'running' | 'waiting';
  /** When its attempt or its wait began; absent when nothing had begun (a retry's delay, a step not yet claimed). */
  started_at?: string;
  /** When the execution was stopped or timed out. */
  stopped_at?: string;
}

export function stoppedStep(execution: Execution): StoppedStep | undefined {
  const cursor = execution.cursor;
  if (execution.status !== 'ABORTED' && execution.status !== 'TIMED_OUT') return undefined;
  if (!cursor || !execution.started_at || execution.steps_recorded >= cursor.seq) return undefined;
  const startedAt = execution.claim?.claimed_at ?? cursor.wait_started_at ?? cursor.callback?.started_at;
  return {
    seq: cursor.seq,
    task: cursor.task,
    state: execution.claim ? 'running' : 'waiting',
    ...(startedAt !== undefined && { started_at: startedAt }),
    ...(execution.completed_at !== undefined && { stopped_at: execution.completed_at }),
  };
}
