import type { FlowDefinition } from './flow-definition';
import type { ExecutionStatus, FailureReason } from './statuses';
import type { Transition } from '../engine/transition';

export interface Execution {
  execution_id: string;
  flow: FlowDefinition;
  input: Record<string, unknown>;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  failed_task?: string;
  error?: string;
  reason?: FailureReason;
}

/** One run of one task: the unit that is claimed, executed once, and recorded. */
export interface StepRecord {
  seq: number;
  task_name: string;
  /** Set once the result is recorded. */
  task_type?: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  attempt: number;
  /** Which invocation holds (or held) the claim; internal, never shown. */
  claim_token?: string;
  started_at: string;
  /** Epoch ms after which a step still RUNNING may be claimed again (its invocation is presumed dead). */
  lease_expires_at?: number;
  completed_at?: string;
  duration_ms?: number;
  output?: unknown;
  error?: string;
  error_code?: string;
  message?: string;
  next?: Transition;
}

export interface ExecutionRecord {
  execution: Execution;
  /** In run order (by seq). */
  steps: StepRecord[];
}

/** What the list route returns per execution: no definition, input or step details. */
export interface ExecutionSummary {
  execution_id: string;
  flow_id: string;
  flow_name: string;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  failed_task?: string;
  error?: string;
}
