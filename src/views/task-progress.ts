import type { ExecutionRecord, StepRecord } from '../domain/execution';
import { isTerminal, type TaskStatus } from '../domain/statuses';

/** Per-task status derived from the steps: latest run wins; never reached → PENDING, or SKIPPED once finished. */
export function taskStatus(steps: readonly StepRecord[], finished: boolean): TaskStatus {
  const last = steps.at(-1);
  if (!last) return finished ? 'SKIPPED' : 'PENDING';
  return last.status;
}

/** The task running now, or dispatched and about to run; null when nothing is in flight. */
export function currentTask(record: ExecutionRecord): string | null {
  if (record.execution.status !== 'RUNNING') return null;
  const last = record.steps.at(-1);
  if (!last) return record.execution.flow.start_task;
  if (last.status === 'RUNNING') return last.task_name;
  return last.next?.type === 'run' ? last.next.task : null;
}

export const stepsByTask = (record: ExecutionRecord): Map<string, StepRecord[]> => {
  const byTask = new Map<string, StepRecord[]>();
  for (const step of record.steps) byTask.set(step.task_name, [...(byTask.get(step.task_name) ?? []), step]);
  return byTask;
};

export const isFinished = (record: ExecutionRecord): boolean => isTerminal(record.execution.status);

export const completedSteps = (record: ExecutionRecord): StepRecord[] => record.steps.filter((s) => s.status !== 'RUNNING');
