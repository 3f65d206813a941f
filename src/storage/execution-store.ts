import type { Execution, ExecutionRecord, ExecutionSummary } from '../domain/execution';
import type { ExecutionStatus } from '../domain/statuses';
import type { Transition } from '../engine/transition';

export interface StepClaim {
  executionId: string;
  seq: number;
  taskName: string;
  attempt: number;
  claimToken: string;
  startedAt: string;
  /** Epoch ms; until then no other invocation may take the step over. */
  leaseExpiresAt: number;
  /** Re-claim of an expired lease: the attempt that held it (the step item must still show it). */
  previousAttempt?: number;
}

export interface StepCompletion {
  executionId: string;
  seq: number;
  taskType: string;
  claimToken: string;
  status: 'SUCCEEDED' | 'FAILED';
  completedAt: string;
  durationMs: number;
  output?: unknown;
  error?: string;
  errorCode?: string;
  message?: string;
  next: Transition;
}

export interface ListQuery {
  status?: ExecutionStatus;
  flowId?: string;
  limit: number;
  /** Opaque; produced by a previous page with the same filters. */
  nextToken?: string;
}

export interface ListPage {
  items: ExecutionSummary[];
  nextToken?: string;
}

/**
 * Storage port. Every state change is a conditional write that returns false (never throws) when
 * its condition does not hold, so duplicate and late invocations turn into no-ops.
 */
export interface ExecutionStore {
  /** Writes a new execution; false if the id already exists. */
  createExecution(execution: Execution): Promise<boolean>;
  /** PENDING → RUNNING; false if it is not PENDING (or does not exist). */
  markRunning(executionId: string, startedAt: string): Promise<boolean>;
  /** The execution and its steps, strongly consistent; undefined if unknown. */
  load(executionId: string): Promise<ExecutionRecord | undefined>;
  /**
   * Creates the step item (first attempt), or takes over one whose lease expired (`previousAttempt`
   * set, the item must still be RUNNING at that attempt); false if someone else holds or took it.
   */
  claimStep(claim: StepClaim): Promise<boolean>;
  /** Gives up a claim this invocation holds (the step must not run after all); false if it is not held. */
  releaseClaim(executionId: string, seq: number, claimToken: string): Promise<boolean>;
  /** Records a claimed step's result and routing decision; false if the claim is not ours. */
  recordStepResult(completion: StepCompletion): Promise<boolean>;
  /** RUNNING → SUCCEEDED/FAILED; false if it was no longer RUNNING. */
  finishExecution(executionId: string, outcome: Extract<Transition, { type: 'finish' }>, completedAt: string): Promise<boolean>;
  /** PENDING/RUNNING → CANCELLED; false if it was already terminal or unknown. */
  cancelExecution(executionId: string, completedAt: string): Promise<boolean>;
  /** Removes the execution and all its steps; false if it did not exist. */
  deleteExecution(executionId: string): Promise<boolean>;
  list(query: ListQuery): Promise<ListPage>;
  /** Ids of RUNNING executions, from the sparse active index (never a scan), oldest first per shard. */
  activeExecutionIds(): AsyncIterable<string>;
  /** Throws if the table cannot be reached. */
  ping(): Promise<void>;
}
