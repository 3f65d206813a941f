import type { CallbackOutcome, CallbackWait } from '../domain/execution/callback-wait';
import type { ParentLink } from '../domain/execution/parent-link';
import type {
  Cursor,
  Execution,
  ExecutionContext,
  ExecutionState,
  ExecutionSummary,
  StepPage,
  StepRecord,
  TaskProgress,
} from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { ExecutionCounts } from '../domain/saved-flow/saved-flow';
import type { ExecutionStatus } from '../domain/statuses';
import type { Transition } from '../domain/execution/transition';

export interface StepClaim {
  executionId: string;
  seq: number;
  task: string;
  claimToken: string;
  claimedAt: string;
  /** Epoch ms; until then no other invocation may take the step over. */
  leaseExpiresAt: number;
}

/** The head as the claim left it (claimed), or as it was when the claim was refused (if it exists). */
export type ClaimOutcome = { claimed: true; execution: Execution } | { claimed: false; execution?: Execution };

export interface StepCommit {
  executionId: string;
  claimToken: string;
  step: StepRecord;
  state: ExecutionState;
  progress: ReadonlyMap<string, TaskProgress>;
  /** The next step to wait for, or the final status. */
  next: { cursor: Cursor } | { finish: Extract<Transition, { type: 'finish' }> };
  at: string;
  /** The flow's `timeout_seconds`, if the execution has a deadline. */
  timeoutSeconds?: number;
  /** `state` and `progress` packed already (for a hand-on that was then not sent): not packed again. */
  packed?: HandOnState;
}

/**
 * A step claimed by the invoke that hands it on, together with the previous step's commit that
 * invoke carries: one conditional update of the head, taken only while the previous step still
 * holds it (`commit.claimToken`) and the execution runs within its deadline.
 */
export interface HandOnClaim extends StepClaim {
  commit: {
    seq: number;
    claimToken: string;
    /** When the committed step finished. */
    completedAt: string;
    /** The head's state and progress after the committed step, as the previous step packed them. */
    state: HandOnState;
    retries?: number[];
    timeoutSeconds: number;
    /** The head's unchanging fields, as the committed step knew them: the claim then needs no answer. */
    execution?: ExecutionContext & Pick<Execution, 'definition_hash'>;
  };
}

/** A hand-on claim refused because the previous step was committed already (a duplicate invoke, or its own fallback commit): claim the step as usual. */
export type HandOnOutcome = ClaimOutcome | { claimed: false; committedElsewhere: true; execution?: Execution };

/** The head's state and progress attributes as a hand-on invoke carries them (see hand-on-state.ts). */
export interface HandOnState {
  state: string | { base64: string };
  progress: string | { base64: string };
}

export interface StepDeferral {
  executionId: string;
  claimToken: string;
  /** The same step, with its due time (and the wait's start). */
  cursor: Cursor;
  at: string;
}

/**
 * A callback task's wait, written by the invocation holding its step: `armCallback` before the
 * task's body runs (so a callback the body's own work sends at once finds it), `waitForCallback`
 * once it ran, putting the step off until the wait ends without a callback (`dueAt`).
 */
export interface CallbackArming {
  executionId: string;
  claimToken: string;
  callback: CallbackWait;
}

export interface CallbackDeferral {
  executionId: string;
  claimToken: string;
  /** When the timers hand the step on if no callback comes (within the execution's deadline). */
  dueAt: string;
  at: string;
  /** The whole wait, for a step that did not arm it first (a `callback` task, which has no body). */
  callback?: CallbackWait;
}

/** `completed`: a callback came first (its outcome is on the head); `lost`: the claim is no longer ours. */
export type CallbackDeferralOutcome = 'waiting' | 'completed' | 'lost';

/**
 * A callback for the step `seq` that waits with `token`: taken only while the execution runs, the
 * step waits with exactly this token, no outcome was taken yet and neither the wait's due time nor
 * the execution's deadline has passed (`at`).
 */
export interface CallbackWrite {
  executionId: string;
  seq: number;
  token: string;
  at: string;
}

/** The head after a callback write, or as it was when the write was refused (undefined if unknown). */
export type CallbackWriteOutcome = ControlOutcome;

/** An execution ended from outside its steps: stopped (ABORTED), or past its deadline (TIMED_OUT). */
export interface ExecutionEnd {
  executionId: string;
  status: 'ABORTED' | 'TIMED_OUT';
  at: string;
  /** The error code and the cause shown on the execution. */
  reason: string;
  error?: string;
  /** Ended by the invocation holding the cursor step before it ran anything: its claim goes too. */
  heldBy?: string;
}

/** A step result that arrived after its execution ended early. */
export interface LateResult {
  executionId: string;
  claimToken: string;
  seq: number;
  at: string;
  /** The flow's `timeout_seconds`, for the message when this write is what times the execution out. */
  timeoutSeconds?: number;
}

export interface RedriveWrite {
  executionId: string;
  at: string;
  /** The end being redriven from, as read: the write is refused if it changed meanwhile. */
  from: { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; at?: string; cause?: string };
  previousCount: number;
  cursor: Cursor;
  stepsRecorded: number;
  deadlineAt?: string;
  /** The attempts the resumed step counts as already made (an earlier attempt's result is recorded for it). */
  attemptsBefore?: number;
  /** The record that closes a step whose attempt was interrupted by the end (it may still be running). */
  interrupted?: StepRecord;
  /** A child run again by its fan-out's redrive: the slot, generation and walk value it now runs as. */
  parent?: Pick<ParentLink, 'slot' | 'generation' | 'walk'>;
}

/** The head after a control write, or as it was when the write was refused (undefined if unknown). */
export type ControlOutcome = { ok: true; execution: Execution } | { ok: false; execution?: Execution };

/** What a named start asks for: the name, the request's fingerprint, and a reservation it may replace. */
export interface NameClaim {
  name: string;
  fingerprint: string;
  /** The execution id of a reservation whose execution is gone: only that one may be replaced. */
  replacing?: string;
}

/** `taken`: another execution holds the name; `contended`: a concurrent write on it got in the way (try again). */
export type NamedCreateOutcome = 'created' | 'taken' | 'contended';

/** Who holds a name: the execution and the fingerprint of the request that started it. */
export interface NameHolder {
  executionId: string;
  fingerprint: string;
  /** Its head, while the execution is kept; undefined once it was deleted or is past its expiry. */
  execution?: Execution;
}

export interface ListQuery {
  status?: ExecutionStatus;
  flowId?: string;
  /** Only executions whose name starts with this (unnamed ones never match). */
  namePrefix?: string;
  /**
   * Created at or after / strictly before these instants (`YYYY-MM-DDThh:mm:ss.sssZ`, as stored).
   * An execution started by POST /api/v1/flows/execute is created and started at the same time.
   */
  createdFrom?: string;
  createdBefore?: string;
  limit: number;
  /** Opaque; produced by a previous page with the same filters. */
  nextToken?: string;
}

export interface ListPage {
  items: ExecutionSummary[];
  nextToken?: string;
}

export interface StepPageQuery {
  /** First step of the page (1 for the first page). */
  fromSeq: number;
  /** Steps after this one are not recorded yet: never shown, even if an item exists. */
  toSeq: number;
  limit: number;
  maxBytes: number;
}

/** Where the recovery sweep goes on: a shard of the active index and the key it stopped after. */
export interface SweepPosition {
  shard: number;
  after?: Record<string, unknown>;
}

export interface ActivePage {
  executionIds: string[];
  /** Undefined when the shard has no more running executions after this page. */
  after?: Record<string, unknown>;
}

/**
 * Storage port. Every state change is a conditional write that answers false (never throws) when
 * its condition does not hold, so duplicate and late invocations turn into no-ops.
 */
export interface ExecutionStore {
  /** How many shards the due and active indexes have: duePage and activePage read one at a time. */
  readonly shards: number;
  /**
   * The state and progress as a hand-on invoke carries them to the next step, packed as this store
   * keeps them (so the next step's claim writes them without packing again), and their size.
   */
  packHandOnState(
    state: ExecutionState,
    progress: ReadonlyMap<string, TaskProgress>,
  ): { wire: HandOnState; bytes: number };
  /** Writes the definition, then the head; false if the id already exists. */
  createExecution(execution: Execution, flow: FlowDefinition): Promise<boolean>;
  /**
   * Writes the sub-flows a parent's fan-out runs into the parent's partition, by content hash, and
   * answers their hashes (in order): a child's `definition_hash`. Immutable, so writing them again is harmless.
   */
  saveSubFlows(parentId: string, flows: readonly FlowDefinition[], at: string): Promise<string[]>;
  /**
   * Puts a child execution's head: its id is `<parent>.<seq>.<index>` and its `parent` says the
   * same; its definition is a sub-flow saved with saveSubFlows; it is in no list index. False if
   * it exists already (a duplicate start).
   */
  createChildExecution(child: Execution): Promise<boolean>;
  /** The heads of the fan-out at `seq`'s children at these indexes (at most 100), strongly consistent; a child never started is absent. */
  loadChildren(parentId: string, seq: number, indexes: readonly number[]): Promise<Map<number, Execution>>;
  /** Writes the name's reservation, the definition and the head in one transaction: all of them or none. */
  createNamedExecution(
    execution: Execution & { name: string },
    flow: FlowDefinition,
    claim: NameClaim,
  ): Promise<NamedCreateOutcome>;
  /** Who holds `name` (strongly consistent); undefined if nobody. `at` decides what has expired. */
  nameHolder(name: string, at: string): Promise<NameHolder | undefined>;
  /** PENDING → RUNNING, returning the started head; undefined if it is not PENDING (or unknown). */
  markRunning(executionId: string, startedAt: string, deadlineAt?: string): Promise<Execution | undefined>;
  /** The head, strongly consistent unless `consistent` is false; undefined if unknown. */
  loadExecution(executionId: string, options?: { consistent?: boolean }): Promise<Execution | undefined>;
  /** The immutable definition (a child's: its sub-flow), from this instance's cache when it has seen `hash` before. */
  loadDefinition(executionId: string, hash: string): Promise<FlowDefinition>;
  /**
   * Claims the cursor step: succeeds only if the execution is RUNNING, waits for exactly this step,
   * and no live invocation holds it (none, or its lease expired). Counts the attempt.
   */
  claimStep(claim: StepClaim): Promise<ClaimOutcome>;
  /** Gives a claim back before the task ran (the attempt is not counted); false if it is not held. */
  releaseClaim(executionId: string, claimToken: string): Promise<boolean>;
  /**
   * Records the step and moves the head on (or finishes it); false if the claim is no longer ours,
   * or if the execution was stopped or timed out meanwhile (the record is then kept and counted,
   * and changes nothing else).
   */
  commitStep(commit: StepCommit): Promise<boolean>;
  /** The previous step's commit and this step's claim in one write (see HandOnClaim). */
  handOnClaim(claim: HandOnClaim): Promise<HandOnOutcome>;
  /**
   * Only the step's record, for a step whose commit travels with the hand-on; false if another
   * attempt's record outranks it. Idempotent for the same claim.
   */
  recordStep(commit: StepCommit): Promise<boolean>;
  /** One step's record as written, whether or not the head counts it yet (strongly consistent). */
  loadStep(executionId: string, seq: number): Promise<StepRecord | undefined>;
  /** Puts the claimed cursor step off until its due time (a durable wait); false if the claim is no longer ours. */
  deferStep(deferral: StepDeferral): Promise<boolean>;
  /** Writes a callback task's wait on its claimed step, before its body runs; false if the claim is no longer ours. */
  armCallback(arming: CallbackArming): Promise<boolean>;
  /** Puts a claimed callback step off until its wait ends, unless a callback already came. */
  waitForCallback(deferral: CallbackDeferral): Promise<CallbackDeferralOutcome>;
  /** Takes a callback's outcome and makes the step due at once (the timers hand it on if nobody does). */
  completeCallback(write: CallbackWrite & { outcome: CallbackOutcome }): Promise<CallbackWriteOutcome>;
  /** A heartbeat: the wait now ends at `dueAt` (the step is handed on at `cursorDueAt`) unless a callback comes. */
  heartbeatCallback(write: CallbackWrite & { dueAt: string; cursorDueAt: string }): Promise<CallbackWriteOutcome>;
  /** Executions whose waiting cursor step is due by `dueBy`, oldest first, from one shard of the sparse by_due index. */
  duePage(shard: number, dueBy: string, limit: number): Promise<string[]>;
  /** Stops an execution (ABORTED) or times it out (TIMED_OUT, only once its deadline passed). */
  endExecution(end: ExecutionEnd): Promise<ControlOutcome>;
  /** Resumes a FAILED, TIMED_OUT or ABORTED execution at a new cursor step. */
  redriveExecution(redrive: RedriveWrite): Promise<ControlOutcome>;
  /** PENDING/RUNNING → CANCELLED; false if it was already terminal or unknown. */
  cancelExecution(executionId: string, completedAt: string): Promise<boolean>;
  /** Removes the execution and all its items; false if it did not exist. */
  deleteExecution(executionId: string): Promise<boolean>;
  /** Recorded steps from `fromSeq`, in order, bounded by count and by bytes. */
  stepPage(executionId: string, query: StepPageQuery): Promise<StepPage>;
  list(query: ListQuery): Promise<ListPage>;
  /** Executions of one flow id per status (eventually consistent), reading at most `perShardLimit` per shard of by_flow. */
  countByStatus(flowId: string, perShardLimit: number): Promise<ExecutionCounts>;
  /** One page of RUNNING executions of one shard of the sparse active index (never a scan). */
  activePage(position: SweepPosition, limit: number): Promise<ActivePage>;
  loadSweepPosition(): Promise<SweepPosition>;
  saveSweepPosition(position: SweepPosition): Promise<void>;
  /** Throws if the table cannot be reached. */
  ping(): Promise<void>;
}
