/*
 * The export's states for one task (src/asl/export.ts): a Task state invoking the task runner, a
 * plain Wait state, and their retriers and catchers.
 */

import type { Catcher, Retrier } from '../domain/flow/error-handling';
import { ErrorCode } from '../domain/error-codes';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { type AslCatcher, type AslRetrier, type AslState, CAUGHT_ERROR_OUTPUT, LAMBDA_INVOKE } from './asl-definition';
import { aslTemplate, resultAsPayload } from './templates';

/** Where a state goes after a success. */
export type Success = { Next: string } | { End: true };

/** A `wait` that only waits: anything more (a failure rate, templates, retries) needs the task runner. */
export function isPlainWait(task: TaskDefinition): boolean {
  if (
    task.task_type !== 'wait' ||
    task.arguments !== undefined ||
    task.output !== undefined ||
    task.assign !== undefined ||
    task.retry
  )
    return false;
  const { seconds, timestamp, failure_rate = 0, ...rest } = task.parameters;
  return failure_rate === 0 && Object.keys(rest).length === 0 && (seconds !== undefined) !== (timestamp !== undefined);
}

export function waitState(task: TaskDefinition, success: Success): AslState {
  const { seconds, timestamp } = task.parameters;
  return {
    Type: 'Wait',
    ...(seconds !== undefined
      ? { Seconds: aslTemplate(seconds) as number | string }
      : { Timestamp: aslTemplate(timestamp) as string }),
    ...(task.description !== undefined && { Comment: task.description }),
    ...success,
  };
}

const PASS_INPUT = '{% $states.input %}';

export function taskState(
  task: TaskDefinition,
  success: Success,
  catchers: AslCatcher[],
  functionName: string,
): AslState {
  const parameters = task.arguments !== undefined ? task.arguments : task.parameters;
  return {
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Arguments: {
      FunctionName: functionName,
      Payload: { task_type: task.task_type, parameters: aslTemplate(parameters), input: '{% $states.input %}' },
    },
    // Without an `output`, a task hands on its result, but a wait hands on its input (as a Wait state does).
    Output:
      task.output === undefined
        ? task.task_type === 'wait'
          ? PASS_INPUT
          : '{% $states.result.Payload %}'
        : resultAsPayload(aslTemplate(task.output)),
    ...(task.assign !== undefined && { Assign: resultAsPayload(aslTemplate(task.assign)) as Record<string, unknown> }),
    // Step Functions counts whole seconds; a fraction rounds up, never cutting a run short.
    ...(task.timeout_seconds !== undefined && { TimeoutSeconds: Math.ceil(task.timeout_seconds) }),
    ...(task.retry && { Retry: task.retry.map(retrierOf) }),
    ...(catchers.length > 0 && { Catch: catchers }),
    ...(task.description !== undefined && { Comment: task.description }),
    ...success,
  };
}

/** Step Functions knows a task timeout only as `States.Timeout`; our flows may also say `timeout`. */
const aslErrorEquals = (names: readonly string[]): string[] => [
  ...new Set(names.map((name) => (name === ErrorCode.TaskTimeout ? ErrorCode.Timeout : name))),
];

export const retrierOf = (r: Retrier): AslRetrier => ({
  ErrorEquals: aslErrorEquals(r.error_equals),
  IntervalSeconds: r.interval_seconds,
  MaxAttempts: r.max_attempts,
  BackoffRate: r.backoff_rate,
  ...(r.max_delay_seconds !== undefined && { MaxDelaySeconds: r.max_delay_seconds }),
  JitterStrategy: r.jitter,
});

export const catcherOf = (c: Catcher, to: (name: string) => string): AslCatcher => ({
  ErrorEquals: aslErrorEquals(c.error_equals),
  Next: to(c.next),
  Output: c.output === undefined ? CAUGHT_ERROR_OUTPUT : aslTemplate(c.output),
  ...(c.assign !== undefined && { Assign: aslTemplate(c.assign) as Record<string, unknown> }),
});
