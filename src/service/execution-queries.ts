import type { ExecutionRecord } from '../domain/execution';
import { isTerminal } from '../domain/statuses';
import type { ListPage, ListQuery } from '../storage/execution-store';
import { requireExecution } from './execution-lifecycle';
import type { StepDeps } from './step-deps';

const POLL_INTERVAL_MS = { first: 25, max: 250 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The execution with its steps. With `waitSeconds` > 0, holds until it is terminal or the time is
 * up (polling with a growing interval), so clients need not spin; either way it answers.
 */
export async function getExecution(
  executionId: string,
  waitSeconds: number,
  deps: Pick<StepDeps, 'store' | 'clock'>,
): Promise<ExecutionRecord> {
  const deadline = deps.clock.now().getTime() + waitSeconds * 1000;
  let record = await requireExecution(executionId, deps);
  let interval = POLL_INTERVAL_MS.first;
  while (!isTerminal(record.execution.status) && record.execution.status !== 'PENDING') {
    const left = deadline - deps.clock.now().getTime();
    if (left <= 0) break;
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, POLL_INTERVAL_MS.max);
    record = await requireExecution(executionId, deps);
  }
  return record;
}

export const listExecutions = (query: ListQuery, deps: Pick<StepDeps, 'store'>): Promise<ListPage> => deps.store.list(query);

export async function checkHealth(deps: Pick<StepDeps, 'store' | 'clock'>): Promise<{ healthy: boolean; latencyMs: number; error?: string }> {
  const started = deps.clock.now().getTime();
  try {
    await deps.store.ping();
    return { healthy: true, latencyMs: deps.clock.now().getTime() - started };
  } catch (error) {
    return { healthy: false, latencyMs: deps.clock.now().getTime() - started, error: (error as Error).name || 'error' };
  }
}
