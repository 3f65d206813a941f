import type { FailRoute } from './fail-route';
import type { FailureReason, StepOutcome } from '../statuses';

/** What one task run reported, as the engine needs it to route. */
export interface StepResult {
  task: string;
  outcome: StepOutcome;
  error?: string;
  error_code?: string;
  /** After a success with a choice condition: the rule that held, `default`, or `none`. */
  choice?: number | 'default' | 'none';
  /** Retries this task already had in a row, per retrier (from the execution's cursor). */
  retries?: readonly number[];
  /** In [0, 1): the draw for FULL jitter (the caller's, so the engine stays deterministic). */
  random?: number;
  /**
   * A failure no retrier, catcher or condition takes: it fails the execution, as Step Functions'
   * States.Runtime does in a state machine (set by the caller for a JSONPath state's).
   */
  terminal?: boolean;
}

/** Why the execution goes where it goes; recorded with the step, and shown in its history. */
export type RouteVia =
  'next_task' | 'condition' | 'choice' | 'default' | 'retry' | 'catch' | 'end' | 'fail' | 'max_steps' | 'redrive';

/** What to do after a step: run a task as step `seq` (maybe after a delay), or finish the execution. */
export type Transition =
  | {
      type: 'run';
      task: string;
      seq: number;
      via?: RouteVia;
      /** The choice rule, retrier or catcher (by index) that decided it. */
      rule?: number;
      /** For a retry: the new per-retrier counts, and how long to wait first. */
      retries?: number[];
      delay_seconds?: number;
    }
  | {
      type: 'finish';
      status: 'SUCCEEDED' | 'FAILED';
      /** The task whose failure no handler took; absent when the flow routed to `fail` (see `fail_route`). */
      failed_task?: string;
      /** With `via: 'fail'`: which decision chose `fail`, after which task (the graph counts the edge by it). */
      fail_route?: FailRoute;
      error?: string;
      reason?: FailureReason;
      via?: RouteVia;
    };
