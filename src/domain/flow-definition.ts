import type { StepOutcome } from './statuses';

/** The word a condition target uses to finish the execution. */
export const END = 'end';

export interface TaskDefinition {
  name: string;
  description?: string;
  /** Always resolved at validation time (explicit, by name, or by description). */
  task_type: string;
  /** Validated and defaulted by the task type's own schema. */
  parameters: Record<string, unknown>;
  /** How long one run may take before it fails with `timeout`; also sizes the step's lease. */
  timeout_seconds: number;
}

export interface ConditionDefinition {
  name: string;
  description?: string;
  source_task: string;
  outcome: StepOutcome;
  target_task_success: string;
  target_task_failure: string;
}

/** A flow after validation: what is stored with an execution and what the engine routes on. */
export interface FlowDefinition {
  id: string;
  name: string;
  description?: string;
  start_task: string;
  max_steps: number;
  tasks: TaskDefinition[];
  conditions: ConditionDefinition[];
}
