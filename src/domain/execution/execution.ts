import type { CallbackWait } from './callback-wait';
import type { FailRoute } from './fail-route';
import type { ParentLink, StartedBy } from './parent-link';
import type { ExecutionStatus, FailureReason } from '../statuses';
import type { FlowDefinition } from '../flow/flow-definition';
import type { Transition } from './transition';

/** The step an execution is waiting for: claimed by exactly one invocation at a time. */
export interface Cursor {
  seq: number;
  task: string;
  /** The task's timeout: sizes the lease, and lets recovery dispatch the step without the definition. */
  timeout_seconds: number;
  /** Retries the task already had in a row, per retrier; absent on its first run. */
  retries?: number[];
  /** Not to be run before this time (a retry's backoff, or a durable wait): a timer hands it on then. */
  due_at?: string;
  /** Set while the cursor task is a wait that has started: when due, the step completes the wait. */
  wait_started_at?: string;
  /** Set while the cursor task waits for a callback (its token, heartbeat and timeout). */
  callback?: CallbackWait;
}

/**
 * Whether the cursor step is a map or parallel parked at its join: it has started (a start time)
 * and waits for no time (no due time), while its children run. A durable wait has both.
 */
export const isParkedAtJoin = (cursor: Cursor | undefined): boolean =>
  cursor?.wait_started_at !== undefined && cursor.due_at === undefined;

/** Who runs the cursor step right now, and until when their lease holds. */
export interface Claim {
  token: string;
  claimed_at: string;
  /** Epoch ms after which the holder is presumed dead and the step may be claimed again. */
  lease_expires_at: number;
}

/** What one task has done so far in this execution: its latest run, and how many runs it took. */
export interface TaskProgress {
  status: 'SUCCEEDED' | 'FAILED';
  /** Task bodies started for this task, every attempt of every step counted. */
  attempts: number;
  last_seq: number;
  last_attempt: number;
  started_at: string;
  completed_at: string;
  duration_ms: number;
  error_code?: string;
  /** Cut to LIMITS.maxSummaryErrorBytes; the step record keeps the longer text. */
  error?: string;
  message?: string;
  truncated?: boolean;
}

/**
 * What later steps may read of earlier ones: the execution input and the latest output of each
 * task (in the order they last ran). Bounded by LIMITS.maxStateBytes, whatever the history length.
 * Maps, never plain objects, so no task name can collide with an object's own members.
 */
export interface ExecutionState {
  /** The execution's input: any JSON value (Step Functions takes any; a map iteration's is its item). */
  input: unknown;
  results: Map<string, unknown>;
  /** `$states.input` of the cursor task: the previous task's output, or the error a catcher caught. */
  data?: unknown;
  /** The flow's variables (`assign`), visible to later tasks and conditions as `$name`. */
  variables?: Map<string, unknown>;
  /** A child's: what it sees of the flows around it (absent on an execution a caller started). */
  outer?: OuterScope;
}

/**
 * What a map iteration or parallel branch sees of the flows around it, as a Step Functions inner
 * state does (docs/fan-out.md, "What a child sees"), fixed when the child is created so that its
 * steps read nothing more: the top execution's facts (`$$.Execution.*`: an iteration is no
 * execution of its own there) and the names of the variables it started with from its parent.
 */
export interface OuterScope {
  execution: TopExecution;
  /** The enclosing flows' variables (their values start the child's `variables`; the child cannot assign them). */
  variables?: string[];
}

/** The execution a caller started, as `$$.Execution` shows it inside any of its children. */
export interface TopExecution {
  id: string;
  /** Absent when the caller named it not (then its id is its name, as for the top execution itself). */
  name?: string;
  started_at: string;
  input: unknown;
}

/**
 * The execution's head: one small item that every step reads and writes (through conditional
 * updates), holding where the execution is, who runs its current step and its bounded state.
 * The definition is immutable and stored (and cached) apart; step records are history.
 */
export interface Execution {
  execution_id: string;
  /** The caller's name for it (an idempotent start: src/service/named-start.ts); absent if none was given. */
  name?: string;
  flow_id: string;
  flow_name: string;
  /** Content hash of the stored definition: warm instances cache definitions by it. */
  definition_hash: string;
  /** The saved flow's version it runs; absent for an execution started by posting a whole flow. */
  flow_version?: number;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  /** The task whose failure no handler took, when that is what ended the execution. */
  failed_task?: string;
  /** How an execution that ended in `fail` got there (no task failed to run). */
  fail_route?: FailRoute;
  error?: string;
  reason?: FailureReason;
  /** The step the execution waits for; absent once it finished. */
  cursor?: Cursor;
  /** Attempts started for the cursor step (1 + its takeovers); 0 until it is first claimed. */
  attempts: number;
  claim?: Claim;
  /** When the cursor step was handed to an invocation: recovery re-dispatches it if never claimed. */
  dispatched_at?: string;
  /** Steps recorded so far; step `n` is recorded once `steps_recorded >= n`. */
  steps_recorded: number;
  max_steps: number;
  /** The flow's own `timeout_seconds` for the whole execution, if it set one. */
  timeout_seconds?: number;
  /** When the flow's `timeout_seconds` runs out (from the start, or from the latest redrive). */
  deadline_at?: string;
  /** How often the execution was redriven, and the latest redrive (src/service/execution-control.ts). */
  redrive_count?: number;
  redrive?: Redrive;
  /** A child execution's place in its parent's fan-out; absent for an execution a caller started. */
  parent?: ParentLink;
  /**
   * The parent step that started this execution with `start_flow` without waiting for it
   * (docs/child-flows.md); absent for an execution a caller started. A waited-for child is a
   * fan-out child: its `parent` link says the same.
   */
  started_by?: StartedBy;
  /** Local stack only: the mock configuration's test case whose mocked responses its tasks give (a child keeps its parent's). */
  mock?: MockSelection;
  state: ExecutionState;
  progress: ReadonlyMap<string, TaskProgress>;
}

/**
 * The head's fields that no step changes: only a start or a redrive writes them, and a redrive
 * takes every claim back. A step hands them on with its commit, so the next step's claim, which
 * holds only while that commit's claim does, knows its whole head without having it sent back.
 */
export type ExecutionContext = Pick<
  Execution,
  | 'flow_id'
  | 'flow_name'
  | 'created_at'
  | 'started_at'
  | 'name'
  | 'flow_version'
  | 'max_steps'
  | 'timeout_seconds'
  | 'deadline_at'
  | 'redrive_count'
  | 'redrive'
  | 'parent'
  | 'mock'
>;

export const executionContext = (e: Execution): ExecutionContext => ({
  flow_id: e.flow_id,
  flow_name: e.flow_name,
  created_at: e.created_at,
  max_steps: e.max_steps,
  ...(e.started_at !== undefined && { started_at: e.started_at }),
  ...(e.name !== undefined && { name: e.name }),
  ...(e.flow_version !== undefined && { flow_version: e.flow_version }),
  ...(e.timeout_seconds !== undefined && { timeout_seconds: e.timeout_seconds }),
  ...(e.deadline_at !== undefined && { deadline_at: e.deadline_at }),
  ...(e.redrive_count !== undefined && { redrive_count: e.redrive_count }),
  ...(e.redrive !== undefined && { redrive: e.redrive }),
  ...(e.parent !== undefined && { parent: e.parent }),
  ...(e.mock !== undefined && { mock: e.mock }),
});

/** A test case of the mock configuration (docs/testing-with-mocks.md): which state machine's, and its name. */
export interface MockSelection {
  state_machine: string;
  test_case: string;
}

/** The latest redrive: when, from which end, and the step it resumed at. */
export interface Redrive {
  at: string;
  seq: number;
  from_status: ExecutionStatus;
  from_error?: string;
  /** For a stopped or timed-out end: when it happened and its cause (cut), so its history event outlives the redrive. */
  from_at?: string;
  from_cause?: string;
}

/** One recorded step: a task run whose result and routing decision were committed. */
export interface StepRecord {
  seq: number;
  task_name: string;
  task_type: string;
  status: 'SUCCEEDED' | 'FAILED';
  attempt: number;
  started_at: string;
  completed_at: string;
  duration_ms: number;
  output?: unknown;
  error?: string;
  error_code?: string;
  message?: string;
  next: Transition;
  /** Set on the first step a redrive ran: which redrive, when, and the end it resumed from. */
  redrive?: Redrive & { count: number };
  /** True when `error` or `message` were cut to their limit. */
  truncated?: boolean;
  /** A callback task's token: the step waited for a callback with it (history's TaskWaitingForCallback). */
  task_token?: string;
  /** When that wait started. */
  callback_started_at?: string;
}

/** A page of an execution's recorded steps, in run order. */
export interface StepPage {
  steps: StepRecord[];
  /** Where the next page starts; undefined after the last recorded step. */
  nextToken?: string;
}

/** Everything a full view of an execution shows: head, definition and one page of steps. */
export interface ExecutionDetail {
  execution: Execution;
  flow: FlowDefinition;
  page: StepPage;
}

/** What the list route returns per execution: no definition, input or step details. */
export interface ExecutionSummary {
  execution_id: string;
  name: string | null;
  flow_id: string;
  flow_name: string;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  failed_task?: string;
  error?: string;
}

/**
 * A step a stop or timeout interrupted is closed with a record whose `attempt` is this plus the
 * attempt it interrupted: it outranks any attempt's own late record (record writes only replace a
 * lower attempt), while the attempt it stood for can still be told.
 */
export const INTERRUPTED_ATTEMPT_BASE = 1_000_000;

/** The attempt a record stands for, as views and history show it. */
export const shownAttempt = (step: Pick<StepRecord, 'attempt'>): number =>
  step.attempt >= INTERRUPTED_ATTEMPT_BASE ? step.attempt - INTERRUPTED_ATTEMPT_BASE : step.attempt;
