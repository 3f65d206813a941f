import type { ExecutionRecord } from '../domain/execution';

export interface ExpectedStep {
  seq: number;
  task: string;
  /** 1 for a first run; n + 1 when re-claiming a step whose attempt n lost its lease. */
  attempt: number;
  /** Set when the step item exists and must be re-claimed from this attempt. */
  previousAttempt?: number;
}

/**
 * The step an execution is waiting for at `nowMs`, if any: the start task; what the last step
 * recorded as its next step; or the last step again when its lease expired without a result
 * (the invocation running it died or hung). Pure: the caller supplies the time.
 */
export function expectedStep({ execution, steps }: ExecutionRecord, nowMs: number): ExpectedStep | undefined {
  const last = steps.at(-1);
  if (!last) return { seq: 1, task: execution.flow.start_task, attempt: 1 };
  if (last.status === 'RUNNING') {
    if (last.lease_expires_at === undefined || nowMs <= last.lease_expires_at) return undefined;
    return { seq: last.seq, task: last.task_name, attempt: last.attempt + 1, previousAttempt: last.attempt };
  }
  if (last.next?.type !== 'run') return undefined;
  return { seq: last.next.seq, task: last.next.task, attempt: 1 };
}
