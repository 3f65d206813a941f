import type { Execution, ExecutionDetail, StepPage, StepRecord } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { isTerminal } from '../domain/statuses';
import type { ListPage, ListQuery } from '../ports/execution-store';
import { decodeStepToken } from '../domain/paging/step-token';
import { requireExecution } from './execution-lifecycle';
import type { StepDeps } from './step-deps';

const POLL_INTERVAL_MS = { first: 25, max: 250 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The execution's head. With `waitSeconds` > 0, holds until it is terminal or the time is up,
 * polling with a growing interval so clients need not spin. Each poll reads the head alone.
 */
export async function getExecution(
  executionId: string,
  waitSeconds: number,
  deps: Pick<StepDeps, 'store' | 'clock'>,
): Promise<Execution> {
  const deadline = deps.clock.now().getTime() + waitSeconds * 1000;
  let execution = await requireExecution(executionId, deps);
  let interval = POLL_INTERVAL_MS.first;
  while (!isTerminal(execution.status) && execution.status !== 'PENDING') {
    const left = deadline - deps.clock.now().getTime();
    if (left <= 0) break;
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, POLL_INTERVAL_MS.max);
    execution = await requireExecution(executionId, deps);
  }
  return execution;
}

export interface StepPageOptions {
  nextToken?: string;
  limit?: number;
}

/** Head (after an optional wait), definition and one page of recorded steps. */
export async function getExecutionDetail(
  executionId: string,
  waitSeconds: number,
  page: StepPageOptions,
  deps: Pick<StepDeps, 'store' | 'clock'>,
): Promise<ExecutionDetail> {
  const fromSeq = page.nextToken === undefined ? 1 : decodeStepToken(page.nextToken, executionId);
  const execution = await getExecution(executionId, waitSeconds, deps);
  return describeExecution(execution, { fromSeq, limit: page.limit ?? LIMITS.stepPageDefault }, deps);
}

export async function describeExecution(
  execution: Execution,
  page: { fromSeq: number; limit: number },
  deps: Pick<StepDeps, 'store'>,
): Promise<ExecutionDetail> {
  const [flow, steps] = await Promise.all([
    deps.store.loadDefinition(execution.execution_id, execution.definition_hash),
    deps.store.stepPage(execution.execution_id, {
      fromSeq: page.fromSeq,
      toSeq: execution.steps_recorded,
      limit: page.limit,
      maxBytes: LIMITS.maxStepPageBytes,
    }),
  ]);
  return { execution, flow, page: withLatestStep(execution, flow, steps) };
}

/**
 * The newest recorded step's own record is written in the same round trip as the head that
 * counts it, so a reader can see the head first. Its task's progress holds the same facts (the
 * output is the task's latest result): stand it in rather than show a gap.
 */
function withLatestStep(execution: Execution, flow: FlowDefinition, page: StepPage): StepPage {
  const latest = execution.steps_recorded;
  if (page.nextToken !== undefined || latest === 0 || page.steps.at(-1)?.seq === latest) return page;
  const entry = [...execution.progress].find(([, p]) => p.last_seq === latest);
  if (!entry) return page;
  const [task, p] = entry;
  const output = p.status === 'SUCCEEDED' ? execution.state.results.get(task) : undefined;
  const standIn: StepRecord = {
    seq: latest,
    task_name: task,
    task_type: flow.tasks.find((t) => t.name === task)?.task_type ?? 'unknown',
    status: p.status,
    attempt: p.last_attempt,
    started_at: p.started_at,
    completed_at: p.completed_at,
    duration_ms: p.duration_ms,
    ...(output !== undefined && { output }),
    ...(p.error !== undefined && { error: p.error }),
    ...(p.error_code !== undefined && { error_code: p.error_code }),
    ...(p.message !== undefined && { message: p.message }),
    next: execution.cursor
      ? { type: 'run', task: execution.cursor.task, seq: execution.cursor.seq }
      : { type: 'finish', status: execution.status === 'FAILED' ? 'FAILED' : 'SUCCEEDED' },
    ...(p.truncated && { truncated: true }),
  };
  return { steps: [...page.steps, standIn] };
}

export const listExecutions = (query: ListQuery, deps: Pick<StepDeps, 'store'>): Promise<ListPage> =>
  deps.store.list(query);

export async function checkHealth(
  deps: Pick<StepDeps, 'store' | 'clock'>,
): Promise<{ healthy: boolean; latencyMs: number; error?: string }> {
  const started = deps.clock.now().getTime();
  try {
    await deps.store.ping();
    return { healthy: true, latencyMs: deps.clock.now().getTime() - started };
  } catch (error) {
    return { healthy: false, latencyMs: deps.clock.now().getTime() - started, error: (error as Error).name || 'error' };
  }
}

/** The detail a write route answers with: the head as written, and the first page of its steps. */
export const describeOnePage = (execution: Execution, deps: Pick<StepDeps, 'store'>): Promise<ExecutionDetail> =>
  describeExecution(execution, { fromSeq: 1, limit: LIMITS.stepPageDefault }, deps);
