import type { ExecutionStatus } from '../domain/statuses';

/**
 * The single-table layout, declared once. serverless.yml declares the same key and index names
 * (tests/unit/table-schema.test.ts keeps the two in step).
 *
 *   pk = EXEC#<execution id>   sk = EXECUTION        the execution (definition, input, status)
 *   pk = EXEC#<execution id>   sk = STEP#00001 …     one item per step run, in order
 *
 * Only execution items carry `created_key`, so the list indexes are sparse: steps never cost an
 * index write, and every per-step write touches a single small item.
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
     * Only RUNNING executions (the attribute is removed when one finishes), spread over
     * ACTIVE_SHARDS partitions so no single partition takes every start and finish. Recovery reads it.
     */
    byActive: { name: 'by_active', partitionKey: 'active_shard', sortKey: 'created_key' },
  },
} as const;

/** Partition keys per indexed value (list and active indexes alike). */
export const SHARDS = 8;

export const LIST_PARTITION = 'EXECUTIONS';
const ACTIVE_PREFIX = 'ACTIVE';
const EXECUTION_SK = 'EXECUTION';
const STEP_PREFIX = 'STEP#';

export const keys = {
  executionPartition: (executionId: string) => `EXEC#${executionId}`,
  execution: (executionId: string) => ({ pk: keys.executionPartition(executionId), sk: EXECUTION_SK }),
  step: (executionId: string, seq: number) => ({
    pk: keys.executionPartition(executionId),
    sk: `${STEP_PREFIX}${String(seq).padStart(5, '0')}`,
  }),
  isStep: (sk: string) => sk.startsWith(STEP_PREFIX),
  isExecution: (sk: string) => sk === EXECUTION_SK,
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
  activeShard: (executionId: string) => keys.sharded(ACTIVE_PREFIX, executionId),
  activeShards: () => keys.allShards(ACTIVE_PREFIX),
  executionIdOf: (pk: string) => pk.slice('EXEC#'.length),
};

/** Execution item. JSON documents are stored as strings: exact round trips, sizes easy to bound. */
export interface ExecutionItem {
  pk: string;
  sk: string;
  execution_id: string;
  flow_id: string;
  flow_name: string;
  status: ExecutionStatus;
  definition_json: string;
  input_json: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  failed_task?: string;
  error?: string;
  reason?: string;
  /** `EXECUTIONS#<shard>`, `<status>#<shard>`, `<flow id>#<shard>`: the list indexes' keys. */
  list_pk: string;
  status_shard: string;
  flow_shard: string;
  created_key: string;
  /** Present only while RUNNING: the key of the sparse by_active index. */
  active_shard?: string;
}

export type StepItemStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface StepItem {
  pk: string;
  sk: string;
  seq: number;
  task_name: string;
  /** Written with the result (the claim is taken before the definition is read). */
  task_type?: string;
  status: StepItemStatus;
  attempt: number;
  /** Identifies the invocation that claimed the step; only it may record the result. */
  claim_token: string;
  started_at: string;
  lease_expires_at: number;
  completed_at?: string;
  duration_ms?: number;
  output_json?: string;
  error?: string;
  error_code?: string;
  message?: string;
  /** The routing decision recorded with the result: what the step handed on to. */
  next_json?: string;
}
