import { randomUUID } from 'node:crypto';
import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import type { ExecutionStore, StepCommit } from '../../src/ports/execution-store';
import { flowDef } from '../support/flows';

/** Executions, claims, step records and commits for the ExecutionStore contract and the DynamoDB store's own tests. */
export const now = () => new Date().toISOString();

export function newExecution(
  flowId: string,
  createdAt = now(),
  status: Execution['status'] = 'PENDING',
): { execution: Execution; flow: FlowDefinition } {
  const flow = flowDef({ id: flowId, tasks: ['a', 'b'] });
  const execution: Execution = {
    execution_id: randomUUID(),
    flow_id: flow.id,
    flow_name: flow.name,
    definition_hash: definitionHash(flow),
    status,
    created_at: createdAt,
    ...(status === 'RUNNING' && { started_at: createdAt, dispatched_at: createdAt }),
    cursor: { seq: 1, task: 'a', timeout_seconds: 30 },
    attempts: 0,
    steps_recorded: 0,
    max_steps: flow.max_steps,
    state: { input: { k: 'v', nested: { '': 1, __proto__x: [null] } }, results: new Map() },
    progress: new Map(),
  };
  return { execution, flow };
}

export async function createIn(
  store: ExecutionStore,
  flowId: string,
  createdAt = now(),
  status: Execution['status'] = 'PENDING',
): Promise<Execution> {
  const { execution, flow } = newExecution(flowId, createdAt, status);
  expect(await store.createExecution(execution, flow)).toBe(true);
  return execution;
}

export const claim = (executionId: string, seq = 1, task = 'a', claimToken = 'token-1', leaseMs = 60_000) => ({
  executionId,
  seq,
  task,
  claimToken,
  claimedAt: now(),
  leaseExpiresAt: Date.now() + leaseMs,
});

export const stepRecord = (seq: number, task: string, attempt = 1, extra: Partial<StepRecord> = {}): StepRecord => ({
  seq,
  task_name: task,
  task_type: 'noop',
  status: 'SUCCEEDED',
  attempt,
  started_at: now(),
  completed_at: now(),
  duration_ms: 1,
  output: { from: task, seq },
  next: { type: 'run', task: 'b', seq: seq + 1 },
  ...extra,
});

export function commitOf(execution: Execution, token: string, step: StepRecord, next: StepCommit['next']): StepCommit {
  return {
    executionId: execution.execution_id,
    claimToken: token,
    step,
    state: { input: execution.state.input, results: new Map([[step.task_name, step.output]]) },
    progress: new Map(),
    next,
    at: now(),
  };
}

/** Every execution id in the active index, all shards. */
export async function activeIdsIn(store: ExecutionStore): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < 8; shard++) {
    let after: Record<string, unknown> | undefined;
    do {
      const page = await store.activePage({ shard, after }, 100);
      ids.push(...page.executionIds);
      after = page.after;
    } while (after);
  }
  return ids;
}
