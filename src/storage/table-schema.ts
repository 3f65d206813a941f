import type { CallbackItemFields } from './callback-fields';
import type { FailRoute } from '../domain/execution/fail-route';
import type { ExecutionStatus } from '../domain/statuses';
import type { PackedJson } from './packed-json';

/**
 * The single-table layout, declared once. serverless.yml declares the same key and index names
 * (tests/unit/serverless-config.test.ts keeps the two in step).
 *
 *   pk = EXEC#<execution id>   sk = EXECUTION     the head: status, cursor, claim, bounded state
 *   pk = EXEC#<execution id>   sk = DEFINITION    the validated flow, immutable
 *   pk = EXEC#<execution id>   sk = FANOUT#00007  a fan-out's join: slots, start cursor, counts, status
 *   pk = EXEC#<execution id>   sk = ITEMS#00007#<mark>#0000000 …  its evaluated items, immutable pages
 *   pk = EXEC#<execution id>   sk = RERUN#00007#00001#0000000 …  the indexes a redrive of it runs again
 *   pk = EXEC#<execution id>   sk = STEP#00001 …  one record per recorded step (history)
 *   pk = EXEC#<execution id>   sk = SUBFLOW#<hash>  a fan-out's sub-flow, run by its children (immutable)
 *   pk = SWEEP                 sk = POSITION      where the recovery sweep continues
 *   pk = FLOW#<flow id>        sk = FLOW          a saved flow: its latest version, name, times
 *   pk = FLOW#<flow id>        sk = VERSION#000001 …  one immutable validated definition per version
 *   pk = NAME#<execution name> sk = NAME          which execution holds the name (idempotent starts)
 *
 * A step reads and writes the head (one small item) and writes its own record: never the records
 * of earlier steps, so its cost does not grow with the execution's history. Only head items and
 * saved flows' FLOW items carry `created_key`, so the list indexes are sparse and step writes never
 * touch an index. A FLOW item is listed in by_created under its own partition values (`FLOWS#<shard>`),
 * never under the executions' (`EXECUTIONS#<shard>`), and carries no status or flow shard.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    // The list indexes: newest first within each of SHARDS partition keys per value, so no single
    // key takes every start and finish (see bench/README.md, "Scale on paper").
    /** All executions: `EXECUTIONS#<shard>`. */
    byCreated: { name: 'by_created', partitionKey: 'list_pk', sortKey: 'created_key' },
    /** Executions in one status: `<status>#<shard>`. */
    byStatus: { name: 'by_status', partitionKey: 'status_shard', sortKey: 'created_key' },
    /** Executions of one flow id: `<flow id>#<shard>`. */
    byFlow: { name: 'by_flow', partitionKey: 'flow_shard', sortKey: 'created_key' },
    /**
     * Only executions whose cursor step waits for a time (a durable wait or a retry's backoff),
     * by that time: the timers read what is due. The attributes exist only while such a step is
     * waiting, so plain steps never write this index.
     */
    byDue: { name: 'by_due', partitionKey: 'due_shard', sortKey: 'due_key' },
  },
} as const;

/**
 * What the list indexes (by_created, by_status, by_flow) project besides their keys: exactly what
 * a summary shows, plus `name` for the `name_prefix` filter. serverless.yml declares the same list.
 */
export const SUMMARY_ATTRIBUTES = [
  'execution_id',
  'name',
  'flow_id',
  'flow_name',
  'status',
  'created_at',
  'started_at',
  'completed_at',
  'failed_task',
  'error',
] as const;

/** Partition keys per indexed value (list and due indexes alike). */
export const SHARDS = 8;

export const LIST_PARTITION = 'EXECUTIONS';
const DUE_PREFIX = 'DUE';
const EXECUTION_SK = 'EXECUTION';
const DEFINITION_SK = 'DEFINITION';
const SUBFLOW_PREFIX = 'SUBFLOW#';
const STEP_PREFIX = 'STEP#';
const NAME_PREFIX = 'NAME#';
const NAME_SK = 'NAME';
/** Step numbers are zero-padded so that the sort key orders steps numerically. */
const STEP_DIGITS = 5;
const FANOUT_PREFIX = 'FANOUT#';
const ITEMS_PREFIX = 'ITEMS#';
const RERUN_PREFIX = 'RERUN#';
/** A page's first item index, zero-padded so that the sort key orders pages numerically. */
const ITEM_INDEX_DIGITS = 7;
/** Partition value of saved flows in by_created (sharded like the executions' LIST_PARTITION). */
export const FLOW_LIST_PARTITION = 'FLOWS';
const FLOW_PREFIX = 'FLOW#';
export const SAVED_FLOW_SK = 'FLOW';
export const FLOW_VERSION_PREFIX = 'VERSION#';
/** Version numbers are zero-padded too (LIMITS.maxFlowVersions fits). */
const VERSION_DIGITS = 6;

const pad = (n: number, digits: number) => String(n).padStart(digits, '0');

export const keys = {
  executionPartition: (executionId: string) => `EXEC#${executionId}`,
  execution: (executionId: string) => ({ pk: keys.executionPartition(executionId), sk: EXECUTION_SK }),
  definition: (executionId: string) => ({ pk: keys.executionPartition(executionId), sk: DEFINITION_SK }),
  /** A sub-flow the parent's fan-outs run, by its content hash: its children read it from there. */
  subFlow: (parentId: string, hash: string) => ({
    pk: keys.executionPartition(parentId),
    sk: `${SUBFLOW_PREFIX}${hash}`,
  }),
  stepSk: (seq: number) => `${STEP_PREFIX}${String(seq).padStart(STEP_DIGITS, '0')}`,
  step: (executionId: string, seq: number) => ({ pk: keys.executionPartition(executionId), sk: keys.stepSk(seq) }),
  isStep: (sk: string) => sk.startsWith(STEP_PREFIX),
  /** A fan-out item: the parent's step number at the map or parallel state names it. */
  fanOut: (executionId: string, seq: number) => ({
    pk: keys.executionPartition(executionId),
    sk: `${FANOUT_PREFIX}${String(seq).padStart(STEP_DIGITS, '0')}`,
  }),
  /** Every fan-out item of a partition sorts under this, by step number. */
  fanOutsPrefix: FANOUT_PREFIX,
  /** Every item page of one evaluation of a fan-out's items (`mark`: their content hash) sorts under this. */
  itemPagesPrefix: (seq: number, mark: string) => `${ITEMS_PREFIX}${String(seq).padStart(STEP_DIGITS, '0')}#${mark}#`,
  /** An item page, by the index of its first item: the page holding index i is the last one whose key is <= i's. */
  itemPageSk: (seq: number, mark: string, first: number) => {
    if (first >= 10 ** ITEM_INDEX_DIGITS) throw new RangeError(`item index ${first} is past the stored keys' digits`);
    return `${keys.itemPagesPrefix(seq, mark)}${String(first).padStart(ITEM_INDEX_DIGITS, '0')}`;
  },
  /** A page of the indexes a fan-out's redrive (its new generation) runs again, by the position of its first. */
  rerunPage: (executionId: string, seq: number, generation: number, first: number) => ({
    pk: keys.executionPartition(executionId),
    sk: [RERUN_PREFIX + pad(seq, STEP_DIGITS), pad(generation, STEP_DIGITS), pad(first, ITEM_INDEX_DIGITS)].join('#'),
  }),
  isExecution: (sk: string) => sk === EXECUTION_SK,
  sweepPosition: () => ({ pk: 'SWEEP', sk: 'POSITION' }),
  /** One partition per name: a name is unique because only one item can have this key. */
  nameReservation: (name: string) => ({ pk: `${NAME_PREFIX}${name}`, sk: NAME_SK }),
  createdKey: (createdAt: string, executionId: string) => `${createdAt}#${executionId}`,
  /** A stable shard number per execution, from its id. */
  shardOf: (executionId: string) => {
    let hash = 0;
    for (const char of executionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash % SHARDS;
  },
  /** `<value>#<shard of the execution>`: the sharded partition key of an index. */
  sharded: (value: string, executionId: string) => `${value}#${keys.shardOf(executionId)}`,
  /** Every partition key of a sharded value. */
  allShards: (value: string) => Array.from({ length: SHARDS }, (_, i) => `${value}#${i}`),
  /**
   * The running executions, for the recovery sweep: the RUNNING partitions of by_status, which
   * hold exactly those (an execution leaves them in the commit that ends it).
   */
  runningShards: () => keys.allShards('RUNNING'),
  dueShard: (executionId: string) => keys.sharded(DUE_PREFIX, executionId),
  dueShards: () => keys.allShards(DUE_PREFIX),
  /** `<due time>#<execution id>`: ISO times sort as strings, so "due by now" is one key range. */
  dueKey: (dueAt: string, executionId: string) => `${dueAt}#${executionId}`,
  executionIdOf: (pk: string) => pk.slice('EXEC#'.length),
  flowPartition: (flowId: string) => `${FLOW_PREFIX}${flowId}`,
  savedFlow: (flowId: string) => ({ pk: keys.flowPartition(flowId), sk: SAVED_FLOW_SK }),
  versionSk: (version: number) => `${FLOW_VERSION_PREFIX}${String(version).padStart(VERSION_DIGITS, '0')}`,
  flowVersion: (flowId: string, version: number) => ({ pk: keys.flowPartition(flowId), sk: keys.versionSk(version) }),
  /** A saved flow's place in by_created: `FLOWS#<shard of its id>`, newest first by when version 1 was saved. */
  flowListPk: (flowId: string) => keys.sharded(FLOW_LIST_PARTITION, flowId),
};

/** The head item. JSON documents are stored as strings: exact round trips, sizes easy to bound. */
export interface ExecutionItem extends CallbackItemFields {
  pk: string;
  sk: string;
  execution_id: string;
  /** The execution's name, if it was given one (projected into the list indexes). */
  name?: string;
  flow_id: string;
  flow_name: string;
  definition_hash: string;
  /** Set only when a saved flow's version was started. */
  flow_version?: number;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  failed_task?: string;
  /** How an execution that ended in `fail` got there (src/domain/execution/fail-route.ts), as a map. */
  fail_route?: FailRoute;
  error?: string;
  reason?: string;
  /** The step the execution waits for (absent once finished). */
  cursor_seq?: number;
  cursor_task?: string;
  cursor_timeout?: number;
  cursor_retries?: number[];
  cursor_due?: string;
  wait_started_at?: string;
  /** Present only while the cursor step waits for its time: the key of the sparse by_due index. */
  due_shard?: string;
  due_key?: string;
  attempts: number;
  /** Present while an invocation holds the cursor step. */
  claim_token?: string;
  claimed_at?: string;
  lease_expires_at?: number;
  dispatched_at?: string;
  steps_recorded: number;
  max_steps: number;
  /** The flow's `timeout_seconds` (kept so a PENDING execution gets its deadline when started), and that deadline. */
  execution_timeout?: number;
  deadline_at?: string;
  /** Redrives so far, and the latest one (when, the step it resumed at, the end it resumed from). */
  redrive_count?: number;
  redriven_at?: string;
  redrive_seq?: number;
  redriven_from?: ExecutionStatus;
  redriven_from_error?: string;
  /** When the end a redrive resumed from happened, and its cause (cut): the history keeps that end's event. */
  redriven_from_at?: string;
  redriven_from_cause?: string;
  /** src/domain/execution/execution-state.ts: input and latest outputs; per-task progress. JSON text, packed (binary) when that is smaller (packed-json.ts). */
  state_json: PackedJson;
  progress_json: PackedJson;
  /**
   * `EXECUTIONS#<shard>`, `<status>#<shard>`, `<flow id>#<shard>`: the list indexes' keys. A child
   * execution has no `created_key`, so it is in none of them (nor in the sweep's RUNNING partitions).
   */
  list_pk?: string;
  status_shard: string;
  flow_shard?: string;
  created_key?: string;
  /** A child execution's place in its parent's fan-out (src/domain/execution/parent-link.ts). */
  parent_execution_id?: string;
  parent_seq?: number;
  fan_out_index?: number;
  fan_out_slot?: number;
  fan_out_generation?: number;
  fan_out_walk?: number;
  /** The step that started this execution as a child flow without waiting for it (src/domain/execution/parent-link.ts StartedBy). */
  started_by_execution_id?: string;
  started_by_seq?: number;
  started_by_task?: string;
  started_by_depth?: number;
  /** Local stack only: the mock configuration's test case the execution runs with (src/domain/execution/execution.ts MockSelection). */
  mock_state_machine?: string;
  mock_test_case?: string;
  /** The claim token of the attempt whose commit wrote the head last (see StepWrites.commit). */
  commit_mark?: string;
  /** Written by versions that kept a separate index of running executions; removed when one ends. */
  active_shard?: string;
  /** Epoch seconds: DynamoDB's TTL removes the item after it (set once the execution can no longer run). */
  expires_at?: number;
}

export interface DefinitionItem {
  pk: string;
  sk: string;
  definition_hash: string;
  /** The flow's JSON, packed when that is smaller (packed-json.ts). */
  definition_json: PackedJson;
  expires_at: number;
}

/**
 * Holds an execution name for one execution. Written in one transaction with that execution's
 * definition and head, so a reservation always had its execution; it is taken over only once that
 * execution is gone (deleted, or past its retention). `fingerprint` identifies the request that
 * started it (src/domain/execution/execution-name.ts). It outlives its execution's head (retention plus the
 * longest possible run, like the definition), so TTL never frees a name while its execution is kept.
 */
export interface NameReservationItem {
  pk: string;
  sk: string;
  name: string;
  execution_id: string;
  fingerprint: string;
  created_at: string;
  expires_at: number;
}

export interface StepItem {
  pk: string;
  sk: string;
  seq: number;
  task_name: string;
  task_type: string;
  status: 'SUCCEEDED' | 'FAILED';
  attempt: number;
  /** The invocation that wrote it: only it may take back a record its head commit did not accept. */
  claim_token: string;
  started_at: string;
  completed_at: string;
  duration_ms: number;
  /** The output's JSON, packed when that is smaller (packed-json.ts). */
  output_json?: PackedJson;
  error?: string;
  error_code?: string;
  message?: string;
  /** The routing decision recorded with the result: what the step handed on to. */
  next_json: string;
  /** On the first step a redrive ran (src/domain/execution/execution.ts `Redrive`). */
  redrive_json?: string;
  truncated?: boolean;
  task_token?: string;
  callback_started_at?: string;
  expires_at: number;
}

/** A saved flow (sk FLOW): updated, conditionally on `latest_version`, in the same transaction that adds a version. */
export interface SavedFlowItem {
  pk: string;
  sk: string;
  flow_id: string;
  flow_name: string;
  latest_version: number;
  latest_hash: string;
  created_at: string;
  updated_at: string;
  /** `FLOWS#<shard>` and `<created_at>#<flow id>`: its entry in by_created, set once. */
  list_pk: string;
  created_key: string;
}

/** One version of a saved flow (sk VERSION#…): immutable, never expires. */
export interface FlowVersionItem {
  pk: string;
  sk: string;
  flow_id: string;
  version: number;
  flow_name: string;
  definition_hash: string;
  /** The flow's JSON, packed when that is smaller (packed-json.ts). */
  definition_json: PackedJson;
  /** The version's default input, packed likewise; absent when it has none. */
  default_input_json?: PackedJson;
  created_at: string;
}
