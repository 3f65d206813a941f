import type { Catcher, Retrier } from './error-handling';
import type { StepOutcome } from '../statuses';

/** The word a condition target uses to finish the execution. */
export const END = 'end';
/** The word a target uses to end the execution FAILED on purpose, like a Step Functions Fail state. */
export const FAIL = 'fail';

export const isTaskTarget = (target: string): boolean => target !== END && target !== FAIL;

export interface TaskDefinition {
  name: string;
  description?: string;
  /** Always resolved at validation time (explicit, by name, or by description). */
  task_type: string;
  /** Validated and defaulted by the task type's own schema. */
  parameters: Record<string, unknown>;
  /** How long one run may take before it fails with `timeout`; also sizes the step's lease. */
  timeout_seconds: number;
  /** Tried in order for a failed run; the first whose `error_equals` matches handles it. */
  retry?: Retrier[];
  /** Tried in order once retries are spent. */
  catch?: Catcher[];
  /** A template (src/expressions) whose value replaces `parameters`, then validated by the task's schema. */
  arguments?: unknown;
  /** A template for what the task hands on (default: its result). */
  output?: unknown;
  /** Variables to set: name → template, evaluated against the task's result. */
  assign?: Record<string, unknown>;
}

interface ConditionBase {
  name: string;
  description?: string;
  source_task: string;
  /** With a `fail` target: the execution's error and cause. */
  error?: string;
  cause?: string;
}

export interface OutcomeCondition extends ConditionBase {
  outcome: StepOutcome;
  target_task_success: string;
  target_task_failure: string;
}

export interface ChoiceRule {
  /** A boolean expression (`{% ... %}`); `$states.input` is the source task's output. */
  condition: string;
  next: string;
}

/** Routes the source task's success on its data: the first rule that holds, else `default`. */
export interface ChoiceCondition extends ConditionBase {
  choices: ChoiceRule[];
  default?: string;
}

export type ConditionDefinition = OutcomeCondition | ChoiceCondition;

export const isChoiceCondition = (condition: ConditionDefinition): condition is ChoiceCondition =>
  'choices' in condition;

/** A flow after validation: what is stored with an execution and what the engine routes on. */
export interface FlowDefinition {
  id: string;
  name: string;
  description?: string;
  start_task: string;
  max_steps: number;
  /** The whole execution's time limit: past it the execution is TIMED_OUT and nothing more runs. */
  timeout_seconds?: number;
  tasks: TaskDefinition[];
  conditions: ConditionDefinition[];
}
