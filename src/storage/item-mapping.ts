import type {
  Cursor,
  Execution,
  ExecutionContext,
  ExecutionState,
  ExecutionSummary,
  StepRecord,
  TaskProgress,
} from '../domain/execution/execution';
import { decodeProgress, decodeState, encodeProgress, encodeState } from '../domain/execution/execution-state';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { Transition } from '../domain/execution/transition';
import type { HandOnClaim } from '../ports/execution-store';
import { CALLBACK_FIELDS, callbackFields, itemToCallback } from './callback-fields';
import { packJson, parsePackedJson, unpackJson } from './packed-json';
import { type DefinitionItem, type ExecutionItem, keys, LIST_PARTITION, type StepItem } from './table-schema';

/** Pure conversions between stored items and domain records. */
export function executionToItem(execution: Execution, expiresAt?: number): ExecutionItem {
  const id = execution.execution_id;
  return {
    ...keys.execution(id),
    execution_id: id,
    ...(execution.name !== undefined && { name: execution.name }),
    flow_id: execution.flow_id,
    flow_name: execution.flow_name,
    definition_hash: execution.definition_hash,
    ...(execution.flow_version !== undefined && { flow_version: execution.flow_version }),
    status: execution.status,
    created_at: execution.created_at,
    ...(execution.started_at && { started_at: execution.started_at }),
    ...(execution.cursor && cursorFields(execution.execution_id, execution.cursor)),
    attempts: execution.attempts,
    ...(execution.dispatched_at && { dispatched_at: execution.dispatched_at }),
    steps_recorded: execution.steps_recorded,
    max_steps: execution.max_steps,
    ...(execution.timeout_seconds !== undefined && { execution_timeout: execution.timeout_seconds }),
    ...(execution.deadline_at && { deadline_at: execution.deadline_at }),
    ...stateFields(execution.state, execution.progress),
    status_shard: keys.sharded(execution.status, id),
    // A child is listed through its parent, never in the list indexes (docs/decisions/0025-fan-out-as-child-executions.md).
    ...(execution.parent
      ? {
          parent_execution_id: execution.parent.execution_id,
          parent_seq: execution.parent.seq,
          fan_out_index: execution.parent.index,
          fan_out_slot: execution.parent.slot,
          fan_out_generation: execution.parent.generation,
          ...(execution.parent.walk !== undefined && { fan_out_walk: execution.parent.walk }),
        }
      : {
          list_pk: keys.sharded(LIST_PARTITION, id),
          flow_shard: keys.sharded(execution.flow_id, id),
          created_key: keys.createdKey(execution.created_at, id),
        }),
    ...(execution.started_by && {
      started_by_execution_id: execution.started_by.execution_id,
      started_by_seq: execution.started_by.seq,
      started_by_task: execution.started_by.task,
      started_by_depth: execution.started_by.depth,
    }),
    ...(execution.mock && {
      mock_state_machine: execution.mock.state_machine,
      mock_test_case: execution.mock.test_case,
    }),
    ...(expiresAt !== undefined && { expires_at: expiresAt }),
  };
}

/** The head's state and per-task progress attributes, packed when that makes them smaller. */
export const stateFields = (state: ExecutionState, progress: ReadonlyMap<string, TaskProgress>) => ({
  state_json: packJson(encodeState(state)),
  progress_json: packJson(encodeProgress(progress)),
});

/** The head's cursor attributes; a cursor with a due time also enters the by_due index. */
export function cursorFields(executionId: string, cursor: Cursor) {
  return {
    cursor_seq: cursor.seq,
    cursor_task: cursor.task,
    cursor_timeout: cursor.timeout_seconds,
    ...(cursor.retries && { cursor_retries: cursor.retries }),
    ...(cursor.due_at && {
      cursor_due: cursor.due_at,
      due_shard: keys.dueShard(executionId),
      due_key: keys.dueKey(cursor.due_at, executionId),
    }),
    ...(cursor.wait_started_at && { wait_started_at: cursor.wait_started_at }),
    ...(cursor.callback && callbackFields(cursor.callback)),
  };
}

/** Cursor attributes a moved cursor may no longer have. */
export const CURSOR_EXTRAS = [
  'cursor_retries',
  'cursor_due',
  'due_shard',
  'due_key',
  'wait_started_at',
  ...CALLBACK_FIELDS,
] as const;

export function itemToExecution(item: ExecutionItem): Execution {
  return {
    execution_id: item.execution_id,
    ...(item.name !== undefined && { name: item.name }),
    flow_id: item.flow_id,
    flow_name: item.flow_name,
    definition_hash: item.definition_hash,
    ...(item.flow_version !== undefined && { flow_version: item.flow_version }),
    status: item.status,
    created_at: item.created_at,
    ...(item.started_at && { started_at: item.started_at }),
    ...(item.completed_at && { completed_at: item.completed_at }),
    ...(item.failed_task && { failed_task: item.failed_task }),
    ...(item.fail_route && { fail_route: item.fail_route }),
    ...(item.error && { error: item.error }),
    ...(item.reason && { reason: item.reason }),
    ...(item.cursor_seq !== undefined &&
      item.cursor_task !== undefined && {
        cursor: {
          seq: item.cursor_seq,
          task: item.cursor_task,
          timeout_seconds: item.cursor_timeout ?? 30,
          ...(item.cursor_retries && { retries: item.cursor_retries }),
          ...(item.cursor_due && { due_at: item.cursor_due }),
          ...(item.wait_started_at && { wait_started_at: item.wait_started_at }),
          ...(item.callback_token !== undefined && { callback: itemToCallback(item) }),
        },
      }),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an item read from the table is not checked against its type
    attempts: item.attempts ?? 0,
    ...(item.claim_token &&
      item.claimed_at &&
      item.lease_expires_at !== undefined && {
        claim: { token: item.claim_token, claimed_at: item.claimed_at, lease_expires_at: item.lease_expires_at },
      }),
    ...(item.dispatched_at && { dispatched_at: item.dispatched_at }),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an item read from the table is not checked against its type
    steps_recorded: item.steps_recorded ?? 0,
    max_steps: item.max_steps,
    ...(item.execution_timeout !== undefined && { timeout_seconds: item.execution_timeout }),
    ...(item.deadline_at && { deadline_at: item.deadline_at }),
    ...(item.redrive_count && { redrive_count: item.redrive_count }),
    ...(item.redriven_at &&
      item.redrive_seq !== undefined &&
      item.redriven_from && {
        redrive: {
          at: item.redriven_at,
          seq: item.redrive_seq,
          from_status: item.redriven_from,
          ...(item.redriven_from_error && { from_error: item.redriven_from_error }),
          ...(item.redriven_from_at && { from_at: item.redriven_from_at }),
          ...(item.redriven_from_cause && { from_cause: item.redriven_from_cause }),
        },
      }),
    ...(item.parent_execution_id !== undefined && {
      parent: {
        execution_id: item.parent_execution_id,
        seq: item.parent_seq ?? 0,
        index: item.fan_out_index ?? 0,
        slot: item.fan_out_slot ?? 0,
        generation: item.fan_out_generation ?? 0,
        ...(item.fan_out_walk !== undefined && { walk: item.fan_out_walk }),
      },
    }),
    ...(item.started_by_execution_id !== undefined && {
      started_by: {
        execution_id: item.started_by_execution_id,
        seq: item.started_by_seq ?? 0,
        task: item.started_by_task ?? '',
        depth: item.started_by_depth ?? 1,
      },
    }),
    ...(item.mock_state_machine !== undefined &&
      item.mock_test_case !== undefined && {
        mock: { state_machine: item.mock_state_machine, test_case: item.mock_test_case },
      }),
    ...headState(item),
  };
}

const headState = (item: Pick<ExecutionItem, 'state_json' | 'progress_json'>) => ({
  state: decodeState(unpackJson(item.state_json)),
  progress: decodeProgress(unpackJson(item.progress_json)),
});

/**
 * The head a hand-on claim leaves, from what the claim writes and the fields no step changes,
 * which the committed step handed on: what reading the head back would give (tested), without
 * having DynamoDB send it.
 */
export function headAfterHandOn(
  c: HandOnClaim,
  context: ExecutionContext & Pick<Execution, 'definition_hash'>,
  written: Pick<ExecutionItem, 'state_json' | 'progress_json'>,
): Execution {
  return {
    ...context,
    execution_id: c.executionId,
    status: 'RUNNING',
    cursor: {
      seq: c.seq,
      task: c.task,
      timeout_seconds: c.commit.timeoutSeconds,
      ...(c.commit.retries && { retries: c.commit.retries }),
    },
    attempts: 1,
    claim: { token: c.claimToken, claimed_at: c.claimedAt, lease_expires_at: c.leaseExpiresAt },
    dispatched_at: c.claimedAt,
    steps_recorded: c.commit.seq,
    ...headState(written),
  };
}

export const definitionToItem = (
  executionId: string,
  flow: FlowDefinition,
  hash: string,
  expiresAt: number,
): DefinitionItem => ({
  ...keys.definition(executionId),
  definition_hash: hash,
  definition_json: packJson(JSON.stringify(flow)),
  expires_at: expiresAt,
});

/** A fan-out's sub-flow, in its parent's partition, as children read it (shaped as a definition). */
export const subFlowToItem = (
  parentId: string,
  flow: FlowDefinition,
  hash: string,
  expiresAt: number,
): DefinitionItem => ({
  ...keys.subFlow(parentId, hash),
  definition_hash: hash,
  definition_json: packJson(JSON.stringify(flow)),
  expires_at: expiresAt,
});

export const itemToDefinition = (item: DefinitionItem): FlowDefinition =>
  parsePackedJson<FlowDefinition>(item.definition_json);

export function itemToSummary(item: Partial<ExecutionItem>): ExecutionSummary {
  return {
    execution_id: item.execution_id ?? '',
    name: item.name ?? null,
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

export function stepToItem(executionId: string, step: StepRecord, claimToken: string, expiresAt: number): StepItem {
  return {
    ...keys.step(executionId, step.seq),
    seq: step.seq,
    task_name: step.task_name,
    task_type: step.task_type,
    status: step.status,
    attempt: step.attempt,
    claim_token: claimToken,
    started_at: step.started_at,
    completed_at: step.completed_at,
    duration_ms: step.duration_ms,
    ...(step.output !== undefined && { output_json: packJson(JSON.stringify(step.output)) }),
    ...(step.error !== undefined && { error: step.error }),
    ...(step.error_code !== undefined && { error_code: step.error_code }),
    ...(step.message !== undefined && { message: step.message }),
    next_json: JSON.stringify(step.next),
    ...(step.redrive && { redrive_json: JSON.stringify(step.redrive) }),
    ...(step.truncated && { truncated: true }),
    ...(step.task_token !== undefined && { task_token: step.task_token }),
    ...(step.callback_started_at !== undefined && { callback_started_at: step.callback_started_at }),
    expires_at: expiresAt,
  };
}

export function itemToStep(item: StepItem): StepRecord {
  return {
    seq: item.seq,
    task_name: item.task_name,
    task_type: item.task_type,
    status: item.status,
    attempt: item.attempt,
    started_at: item.started_at,
    completed_at: item.completed_at,
    duration_ms: item.duration_ms,
    ...(item.output_json !== undefined && { output: parsePackedJson(item.output_json) }),
    ...(item.error !== undefined && { error: item.error }),
    ...(item.error_code !== undefined && { error_code: item.error_code }),
    ...(item.message !== undefined && { message: item.message }),
    next: JSON.parse(item.next_json) as Transition,
    ...(item.redrive_json !== undefined && {
      redrive: JSON.parse(item.redrive_json) as NonNullable<StepRecord['redrive']>,
    }),
    ...(item.truncated && { truncated: true }),
    ...(item.task_token !== undefined && { task_token: item.task_token }),
    ...(item.callback_started_at !== undefined && { callback_started_at: item.callback_started_at }),
  };
}

/** A step record's size as a response carries it (its output unpacked): what the per-response byte budget counts. */
export const stepRecordBytes = (step: StepRecord): number => Buffer.byteLength(JSON.stringify(step), 'utf8');
