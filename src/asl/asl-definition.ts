/**
 * The parts of an Amazon States Language state machine (JSONata mode) that this translation
 * writes and reads. Reading treats a definition as untrusted JSON; these types describe what the
 * export produces.
 */
export const QUERY_LANGUAGE = 'JSONata';

/** The Step Functions integration the export's Task states call: a synchronous Lambda invoke. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/**
 * The task-runner function the export names in `Arguments.FunctionName`: a placeholder for
 * CloudFormation's `DefinitionSubstitutions` (or any templating), since the function's name
 * depends on where it is deployed.
 */
export const TASK_RUNNER_PLACEHOLDER = '${TaskRunnerFunctionName}';

/** A Task's `Resource` naming one of our task types directly: `flow:<task_type>`. */
export const FLOW_RESOURCE_PREFIX = 'flow:';

/** Step Functions' own limit on state names. */
export const MAX_STATE_NAME_LENGTH = 80;

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

interface Transition {
  Next?: string;
  End?: true;
}

export type AslState =
  | ({
      Type: 'Task';
      Resource: string;
      Arguments?: unknown;
      Output?: unknown;
      Assign?: Record<string, unknown>;
      TimeoutSeconds?: number;
      /** A `.waitForTaskToken` state's most seconds between heartbeats. */
      HeartbeatSeconds?: number;
      Retry?: AslRetrier[];
      Catch?: AslCatcher[];
      Comment?: string;
    } & Transition)
  | ({ Type: 'Wait'; Seconds?: number | string; Timestamp?: string; Comment?: string } & Transition)
  | ({ Type: 'Pass'; Output?: unknown; Assign?: Record<string, unknown>; Comment?: string } & Transition)
  | {
      Type: 'Choice';
      Choices: Array<{ Condition: string; Assign?: Record<string, unknown>; Next: string }>;
      Default?: string;
      /** Applied when the Default is taken. */
      Output?: unknown;
      Assign?: Record<string, unknown>;
      Comment?: string;
    }
  | ({ Type: 'Parallel'; Branches: AslMachine[]; Arguments?: unknown } & FanOutStateFields & Transition)
  | ({
      Type: 'Map';
      ItemProcessor: AslMachine & { ProcessorConfig: { Mode: 'INLINE' } };
      Items?: unknown;
      ItemSelector?: unknown;
      MaxConcurrency?: number;
      /** A whole number, or (Step Functions' schema takes no fraction) an expression of the number. */
      ToleratedFailurePercentage?: number | string;
      ToleratedFailureCount?: number;
    } & FanOutStateFields &
      Transition)
  | { Type: 'Succeed'; Comment?: string }
  | { Type: 'Fail'; Error?: string; Cause?: string; Comment?: string };

/** What a Parallel and a Map state have as a Task does (neither has a TimeoutSeconds). */
interface FanOutStateFields {
  Output?: unknown;
  Assign?: Record<string, unknown>;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Comment?: string;
}

/** A Parallel state's branch, a Map state's item processor: states of their own, in a scope of their own. */
export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface AslStateMachine {
  Comment?: string;
  QueryLanguage: typeof QUERY_LANGUAGE;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, AslState>;
}

/**
 * The caught error as a Catch hands it on. Our engine gives the next task `{ error, cause }`
 * (src/engine/settle-step.ts); Step Functions would give `{ Error, Cause }` unless told otherwise.
 */
export const CAUGHT_ERROR_OUTPUT = {
  error: '{% $states.errorOutput.Error %}',
  cause: '{% $states.errorOutput.Cause %}',
} as const;

/** A Fail state that ends the execution with the error it was handed, as our catch to `fail` does. */
export const PASS_THROUGH_FAIL = { Error: '{% $states.input.error %}', Cause: '{% $states.input.cause %}' } as const;
