/**
 * Where a child execution runs: one branch of a parallel, or one item of a map, of its parent's
 * fan-out (docs/decisions/0025-fan-out-as-child-executions.md). Its id says the same
 * (`<parent id>.<seq>.<index>`); the head keeps the link so that the child's last step knows,
 * without a read, which fan-out item to report its end to, in which slot and generation.
 */
export interface ParentLink {
  execution_id: string;
  /** The parent's step number at the map or parallel task: the fan-out's key. */
  seq: number;
  /** The item's or branch's index. */
  index: number;
  /** The fan-out slot the child runs in. */
  slot: number;
  /** The fan-out's generation (its redrives) when the child started: a report from an older one is refused. */
  generation: number;
  /**
   * After a redrive of its fan-out, the walk value the child was started for, which its report
   * names in place of its index (src/storage/rerun-walk.ts); absent, the index itself.
   */
  walk?: number;
}

/** The step of another execution that started this one as a child flow (`start_flow`, `states:startExecution`). */
export interface StartedBy {
  execution_id: string;
  /** The parent's step number at the task. */
  seq: number;
  task: string;
  /** How many child flows deep it runs: 1 for a child of a top execution (LIMITS.maxChildFlowDepth). */
  depth: number;
}
