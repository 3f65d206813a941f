import type { FailureReason, StepOutcome } from '../domain/statuses';

/** What one task run reported, as the engine needs it. */
export interface StepResult {
  task: string;
  outcome: StepOutcome;
  error?: string;
  error_code?: string;
}

/** What to do after a step: run the next task as step `seq`, or finish the execution. */
export type Transition =
  | { type: 'run'; task: string; seq: number }
  | {
      type: 'finish';
      status: 'SUCCEEDED' | 'FAILED';
      failed_task?: string;
      error?: string;
      reason?: FailureReason;
    };
