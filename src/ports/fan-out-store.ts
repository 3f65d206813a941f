import type { ChildReport, FailureMode, FanOutProgress, JoinDecision } from '../domain/fan-out/fan-out-progress';

/** One fan-out: the parent execution, and the parent's step number at the map or parallel state. */
export interface FanOutRef {
  parentId: string;
  seq: number;
}

/** A fan-out at its entry: what the parent's step evaluated there. */
export interface FanOutOpening extends FanOutRef {
  stateName: string;
  /** A parallel or a map, and the failures a map tolerates. */
  mode: FailureMode;
  /** The children: a map's item count, a parallel's branch count. */
  total: number;
  /** `max_concurrency` as the state says it (0: as many as the engine allows). */
  maxConcurrency: number;
  /** A map's evaluated items, one per child; a parallel's one input (every branch starts from it), as `[input]`. */
  items: readonly unknown[];
  at: string;
}

/** The fan-out item as read: its progress (src/domain/fan-out/fan-out-progress.ts) and what it was opened with. */
export interface FanOut extends FanOutRef, FanOutProgress {
  kind: FailureMode['kind'];
  stateName: string;
  maxConcurrency: number;
  /** Names the immutable pages that hold the evaluated items (the stores' business: pass the FanOut back to read them). */
  itemsMark: string;
  /**
   * After a redrive: how many children it runs again. The slots then walk values that stand for
   * those children's indexes (`FanOutStore.childIndex`); in generation 0 a value is the index itself.
   */
  reruns?: number;
  /**
   * After a redrive: the parent's step number that resumed it (a redrive resumes the parent as a
   * new step). Its join hands that step on; without a redrive, the step at `seq`.
   */
  resumedBy?: number;
  updatedAt: string;
}

/** Consecutive evaluated items: `items[k]` is the item at index `first + k`. */
export interface ItemPage {
  first: number;
  items: unknown[];
}

export interface OpenOutcome {
  /** False: the fan-out was there already (a takeover of the entry); `fanOut` is then its stored progress. */
  opened: boolean;
  fanOut: FanOut;
  /** The indexes the slots run now, to start (starting a child is idempotent); none once the fan-out no longer runs. */
  toStart: number[];
}

export type ReportAnswer =
  | {
      applied: true;
      fanOut: FanOut;
      /** The index the reporter's slot took, to start now (absent: none left, or the fan-out no longer runs). */
      start?: number;
      /** The join as the counts now decide it: the reporter joins when it is no longer `running`. */
      decision: JoinDecision;
    }
  | {
      /** This end was counted already (a duplicate), or came from before a redrive, or there is no such fan-out. */
      applied: false;
      /** The fan-out as the refusal found it, absent if there is none. */
      fanOut?: FanOut;
      /**
       * What a first delivery of this report may have left undone: the index now in the reporter's
       * slot (same generation, still running, below total), to start again (idempotent).
       */
      start?: number;
      decision?: JoinDecision;
    };

export type JoinAnswer =
  | { joined: true; fanOut: FanOut; decision: Exclude<JoinDecision, { status: 'running' }> }
  /** Someone else joined it, it was stopped, or its counts do not decide it yet; `fanOut` as it is (absent: none). */
  | { joined: false; fanOut?: FanOut };

export type RedriveAnswer =
  /** `toStart`: the walk values in the slots, each to start as the child `childIndex` names. */
  | { applied: true; fanOut: FanOut; toStart: number[] }
  /** It is not FAILED or ABORTED (any more), or there is none; `fanOut` as it is. */
  | { applied: false; fanOut?: FanOut };

/** A status change refused or applied, with the fan-out as it now is (applied) or as the refusal found it. */
export interface StatusAnswer {
  applied: boolean;
  fanOut?: FanOut;
}

/**
 * The fan-out item and its item pages (docs/decisions/0025-fan-out-as-child-executions.md), in
 * the parent's partition. Every change is one conditional write on the one fan-out item, decided
 * by what that item holds; none reads first. What each write does is what src/engine/fan-out/
 * fan-out-report.ts says (`openFanOut`, `reportEnd`, `applyJoin`); tests/contract/
 * fan-out-store-contract.ts holds every store to it. Deleting the parent execution
 * (ExecutionStore.deleteExecution) deletes its fan-out items and pages too.
 */
export interface FanOutStore {
  /**
   * Writes the item pages (immutable) and then the fan-out item, on condition that there is no
   * fan-out item yet: the first indexes in their slots, status RUNNING, generation 0. A second
   * open of the same fan-out (a takeover of the parent's entry) writes no second one: it answers
   * the stored one, whose pages it names.
   */
  open(opening: FanOutOpening): Promise<OpenOutcome>;

  /** The fan-out item, strongly consistent; undefined if there is none. */
  load(ref: FanOutRef): Promise<FanOut | undefined>;

  /**
   * The execution's fan-out items, newest (highest step number) first, at most `limit`: one Query
   * on the `FANOUT#` sort-key prefix of its partition, one page, strongly consistent. What the
   * execution's views read to show each map and parallel task's latest run, whatever its item count.
   */
  recentFanOuts(parentId: string, limit: number): Promise<FanOut[]>;

  /** The page of evaluated items that holds `index` (a parallel's input: index 0). Throws outside the items. */
  itemPage(fanOut: FanOut, index: number): Promise<ItemPage>;

  /**
   * A child's end, counted once: applied only while the fan-out's generation is the report's and
   * the report's slot still runs its index. The slot then takes the next index and the start
   * cursor moves on, the end's counter gains 1, the first failure is kept if there is one,
   * whatever the status (a stopped or joined fan-out starts nothing, but its counts stay true).
   * A refused report answers the fan-out as the refusal found it, with no read.
   */
  report(ref: FanOutRef, report: ChildReport, at: string): Promise<ReportAnswer>;

  /**
   * Sets SUCCEEDED or FAILED, as the counts decide, on condition that the fan-out still runs with
   * exactly the counts the decision was taken on: one winner among any number of callers, and a
   * join only ever of counts that decide it. `seen`: the fan-out as the caller last had it (a
   * report's answer), saving a read; a stale one is refused, re-read from the refusal, and tried again.
   */
  join(ref: FanOutRef, at: string, seen?: FanOut): Promise<JoinAnswer>;

  /** RUNNING → ABORTING (a stop or a timeout of the parent): refused once it is joined or stopped. */
  abort(ref: FanOutRef, at: string): Promise<StatusAnswer>;

  /** ABORTING → ABORTED, once the children in the slots are stopped. */
  markAborted(ref: FanOutRef, at: string): Promise<StatusAnswer>;

  /**
   * Resumes a fan-out that ended FAILED or ABORTED (its parent's redrive), on condition that it
   * is still so in the generation the store read just before: generation + 1 (a report from
   * before is refused), RUNNING, failed and aborted back to 0, every child not in `rerun` counted
   * as succeeded, and the slots walking `rerun` (the indexes to run again, rising: see
   * src/engine/fan-out/redrive-indexes.ts), which is written in immutable pages in the same
   * atomic write, with `resumedBy` (the parent's step that resumes it). One winner among
   * concurrent redrives.
   */
  redrive(ref: FanOutRef, rerun: readonly number[], at: string, resumedBy: number): Promise<RedriveAnswer>;

  /**
   * The child index a walk value stands for (a slot's value, a report's `start`): the value
   * itself in generation 0; after a redrive, the rerun index at its position (one page read).
   * A child reports with the value it was started for as its `index`.
   */
  childIndex(fanOut: FanOut, value: number): Promise<number>;
}
