import type { Execution, ExecutionSummary, StepRecord } from '../domain/execution';
import type { FlowDefinition } from '../domain/flow-definition';
import type { FailureReason } from '../domain/statuses';
import type { Transition } from '../engine/transition';
import { type ExecutionItem, keys, LIST_PARTITION, type StepItem } from './table-schema';

/** Pure conversions between stored items and domain records. */
export function executionToItem(execution: Execution): ExecutionItem {
  return {
    ...keys.execution(execution.execution_id),
    execution_id: execution.execution_id,
    flow_id: execution.flow.id,
    flow_name: execution.flow.name,
    status: execution.status,
    definition_json: JSON.stringify(execution.flow),
    input_json: JSON.stringify(execution.input),
    created_at: execution.created_at,
    ...(execution.started_at && { started_at: execution.started_at }),
    list_pk: keys.sharded(LIST_PARTITION, execution.execution_id),
    status_shard: keys.sharded(execution.status, execution.execution_id),
    flow_shard: keys.sharded(execution.flow.id, execution.execution_id),
    created_key: keys.createdKey(execution.created_at, execution.execution_id),
    ...(execution.status === 'RUNNING' && { active_shard: keys.activeShard(execution.execution_id) }),
  };
}

export function itemToExecution(item: ExecutionItem): Execution {
  return {
    execution_id: item.execution_id,
    flow: JSON.parse(item.definition_json) as FlowDefinition,
    input: JSON.parse(item.input_json) as Record<string, unknown>,
    status: item.status,
    created_at: item.created_at,
    ...(item.started_at && { started_at: item.started_at }),
    ...(item.completed_at && { completed_at: item.completed_at }),
    ...(item.failed_task && { failed_task: item.failed_task }),
    ...(item.error && { error: item.error }),
    ...(item.reason && { reason: item.reason as FailureReason }),
  };
}

export function itemToSummary(item: Partial<ExecutionItem>): ExecutionSummary {
  return {
    execution_id: item.execution_id ?? '',
    flow_id: item.flow_id ?? '',
    flow_name: item.flow_name ?? '',
    status: item.status ?? 'PENDING',
    created_at: item.created_at ?? '',
    ...(item.started_at && { started_at: item.started_at }),
    ...(item.completed_at && { completed_at: item.completed_at }),
    ...(item.failed_task && { failed_task: item.failed_task }),
    ...(item.error && { error: item.error }),
  };
}

export function itemToStep(item: StepItem): StepRecord {
  return {
    seq: item.seq,
    task_name: item.task_name,
    ...(item.task_type && { task_type: item.task_type }),
    status: item.status,
    attempt: item.attempt,
    claim_token: item.claim_token,
    started_at: item.started_at,
    ...(item.lease_expires_at !== undefined && { lease_expires_at: item.lease_expires_at }),
    ...(item.completed_at && { completed_at: item.completed_at }),
    ...(item.duration_ms !== undefined && { duration_ms: item.duration_ms }),
    ...(item.output_json !== undefined && { output: JSON.parse(item.output_json) as unknown }),
    ...(item.error && { error: item.error }),
    ...(item.error_code && { error_code: item.error_code }),
    ...(item.message && { message: item.message }),
    ...(item.next_json && { next: JSON.parse(item.next_json) as Transition }),
  };
}
