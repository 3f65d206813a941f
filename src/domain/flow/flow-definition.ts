import type { JsonPathFields } from './jsonpath-fields';
import type { Catcher, Retrier } from './error-handling';
import type { StepOutcome } from '../statuses';

/** The word a condition target uses to finish the execution. */
export const END = 'end';
/** The word a target uses to end the execution FAILED on purpose, like a Step Functions Fail state. */
export const FAIL = 'fail';

export const isTaskTarget = (target: string): boolean => target !== END && target !== FAIL;

/** The task type that only ever fails, with the error it is given: what a state machine's Fail state becomes. */
export const RAISE_ERROR = 'raise_error';

export interface TaskDefinition {
  name: string;
  description?: string;
  /**
   * Always resolved at validation time (explicit, by name, or by description); `parallel` and
   * `map` (reserved: no task type may be named so) are fan-outs, described by `fan_out`.
   */
  task_type: string;
  /** Validated and defaulted by the task type's own schema; `{}` for a fan-out. */
  parameters: Record<string, unknown>;
  /**
   * How long one run may take before it fails with `timeout`; also sizes the step's lease. A task
   * always has one (default 30); a fan-out only when given (it bounds the whole fan-out).
   */
  timeout_seconds?: number;
  /**
   * The task waits for a callback with its task token once its body ran (the body's result only
   * starts the wait); a `callback` task always does. See docs/callbacks.md.
   */
  wait_for_callback?: boolean;
  /** A callback task: the most seconds between heartbeats (`States.HeartbeatTimeout` after). */
  heartbeat_seconds?: number;
  /** A callback task: the most seconds its wait may last (`timeout`, known as States.Timeout, after). */
  callback_timeout_seconds?: number;
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
  /** JSONPath mode: the task's data through paths and payload templates, in place of `arguments` and `output`. */
  jsonpath?: JsonPathFields;
  /** Only on a `parallel` or `map` task: what it runs as child executions. */
  fan_out?: FanOutDefinition;
}

/**
 * A whole flow of its own run by a fan-out (a parallel's branch, a map's item processor): its task
 * and condition names are its own scope, `end` ends it with its output and `fail` fails it.
 */
export interface SubFlowDefinition {
  start_task: string;
  tasks: TaskDefinition[];
  conditions: ConditionDefinition[];
}

/** Runs every branch on the task's input; the result is the branches' outputs, in branch order. */
export interface ParallelFanOut {
  kind: 'parallel';
  branches: SubFlowDefinition[];
}

/** Runs `item_processor` once per item; the result is the iterations' outputs, in item order. */
export interface MapFanOut {
  kind: 'map';
  /** A template that must yield an array (absent: the task's input, `{% $states.input %}`). */
  items?: unknown;
  /**
   * JSONPath mode (the task has `jsonpath`), in place of `items`: a reference path to the array in
   * the task's input after `input_path` (absent: `$`, all of it), as Step Functions' ItemsPath.
   */
  items_path?: string;
  /**
   * A template building each iteration's input, seeing `$states.context.Map.Item.Index` and
   * `.Value`; with `jsonpath`, a payload template (ItemSelector) reading the input after
   * `input_path` as `$` and the item as `$$.Map.Item.Index` and `.Value`.
   */
  item_selector?: unknown;
  /** 0 (the default) runs as many at once as LIMITS.maxFanOutConcurrency; more than that runs at it. */
  max_concurrency: number;
  /**
   * `tolerated_failure_count` and `tolerated_failure_percentage`, as FailureTolerance
   * (src/engine/fan-out/tolerated-failures.ts) reads them; absent, the first failed iteration fails the map.
   */
  tolerance?: { count?: number; percentage?: number };
  item_processor: SubFlowDefinition;
  /**
   * `write_results: true`: the outputs stay on the children (the children route reads them) and
   * the map's result is a summary of the run (src/engine/fan-out/written-results.ts); absent, false.
   */
  write_results?: true;
}

export type FanOutDefinition = ParallelFanOut | MapFanOut;

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

/** A JSONata rule: holds when its expression yields true. */
export interface ExpressionChoiceRule {
  /** A boolean expression (`{% ... %}`); `$states.input` is the source task's output. */
  condition: string;
  next: string;
  /** Variables to set when this rule is the one that holds (a JSONata Choice rule's Assign): name → template over the choice's input. */
  assign?: Record<string, unknown>;
}

/**
 * A JSONPath-mode rule: one Amazon States Language Choice rule as written, without its `Next`
 * (`{ Variable: '$.kind', StringEquals: 'a' }`, or `And`/`Or`/`Not` over such rules), read on the
 * source task's output and `$$` (src/asl/choice-rules).
 */
export interface AslChoiceRule {
  rule: Record<string, unknown>;
  next: string;
  /**
   * Variables to set when this rule is the one that holds (a JSONPath Choice rule's Assign): a
   * payload template whose top-level fields are variable names, `$` being the choice's input.
   */
  assign?: Record<string, unknown>;
}

/** Exactly one of `condition` and `rule`; a condition's choices may mix both kinds. */
export type ChoiceRule = ExpressionChoiceRule | AslChoiceRule;

export const isAslChoiceRule = (choice: ChoiceRule): choice is AslChoiceRule => 'rule' in choice;

/** Routes the source task's success on its data: the first rule that holds, else `default`. */
export interface ChoiceCondition extends ConditionBase {
  choices: ChoiceRule[];
  default?: string;
  /**
   * JSONPath mode (a Choice state's OutputPath): the part of the choice's input the chosen task
   * reads, taken once the rules have chosen on the whole of it (null: `{}`).
   */
  output_path?: string | null;
  /**
   * Variables to set when no rule holds and `default` is taken (a Choice state's top-level
   * Assign), in the language of the rules: name → template for `condition` rules (JSONata), a
   * payload template of variable names for `rule` rules (JSONPath); over the choice's input.
   */
  default_assign?: Record<string, unknown>;
  /** With `condition` rules (JSONata): a template of what `default` reads (a Choice state's top-level Output). */
  default_output?: unknown;
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
