import { isCallbackResource } from './callback-resources';
import type { ErrorDetail } from '../domain/errors';
import { RAISE_ERROR } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { FLOW_RESOURCE_PREFIX } from './asl-definition';
import type { AslObject } from './import-checks';

type At = (...path: Array<string | number>) => string;

/**
 * A JSONPath-mode state as a task that keeps its JSONPath fields (docs/decisions/
 * 0027-jsonpath-mode-as-task-fields.md), for the step to evaluate as Step Functions would:
 * - a Task of `flow:<task_type>`: that task, its Parameters computing its parameters;
 * - a Pass: a `noop` whose result is its Result, or its effective input (InputPath, Parameters);
 * - a Wait: a `wait` for its Seconds or Timestamp, or the ones its SecondsPath or TimestampPath read;
 * - a Choice or Succeed that is a task of its own: a `noop` handing on its effective input;
 * - a Fail: a `raise_error` failing with its Error and Cause, or the ones its paths read.
 * Retry, Catch, TimeoutSeconds and the Comment are the caller's, as in JSONata mode.
 */
export function jsonPathStateFields(state: AslObject, at: At, warnings: ErrorDetail[]): Record<string, unknown> {
  switch (state.Type) {
    case 'Task': {
      const resource = state.Resource as string;
      return {
        task_type: resource.slice(FLOW_RESOURCE_PREFIX.length),
        ...jsonPathTaskTiming(state, at, warnings),
        jsonpath: {
          ...dataFields(state, ['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath']),
          ...dataFields(state, ['TimeoutSecondsPath', 'Assign']),
        },
      };
    }
    case 'Pass':
      return {
        task_type: 'noop',
        jsonpath: dataFields(state, ['InputPath', 'Parameters', 'Result', 'ResultPath', 'OutputPath', 'Assign']),
      };
    case 'Wait': {
      const { Seconds, Timestamp } = state;
      return {
        task_type: 'wait',
        ...(Seconds !== undefined && { parameters: { seconds: Seconds } }),
        ...(Timestamp !== undefined && { parameters: { timestamp: Timestamp } }),
        jsonpath: dataFields(state, ['InputPath', 'SecondsPath', 'TimestampPath', 'OutputPath', 'Assign']),
      };
    }
    case 'Fail':
      return {
        task_type: RAISE_ERROR,
        jsonpath: {
          parameters: {
            ...failText(state, 'error', 'Error', 'ErrorPath'),
            ...failText(state, 'cause', 'Cause', 'CausePath'),
          },
        },
      };
    default:
      // A Choice or Succeed of its own: it hands its input on, through its paths (a Choice's
      // OutputPath and Assign are its condition's: the rules choose on the whole of the input
      // first, and its Assign applies only when the Default is taken).
      return {
        task_type: 'noop',
        jsonpath: dataFields(state, state.Type === 'Choice' ? ['InputPath'] : ['InputPath', 'OutputPath']),
      };
  }
}

/**
 * A Task's timing fields besides TimeoutSeconds (in either query language; a JSONata state has no
 * path forms). Its TimeoutSecondsPath is read when it runs: its lease is sized for the longest a task may run
 * (`timeout_seconds`), the path's value bounds the run. A callback task (`.waitForTaskToken`)
 * honours HeartbeatSeconds and TimeoutSeconds as bounds of its wait (docs/callbacks.md); their
 * path forms are left out with a warning. Other tasks send no heartbeats: HeartbeatSeconds is left
 * out with a warning.
 */
export function jsonPathTaskTiming(state: AslObject, at: At, warnings: ErrorDetail[]): Record<string, unknown> {
  if (isCallbackResource(state.Resource)) return callbackTiming(state, at, warnings);
  for (const field of ['HeartbeatSeconds', 'HeartbeatSecondsPath'])
    if (state[field] !== undefined)
      warnings.push({
        path: at(field),
        message: `a task sends no heartbeats (only a .waitForTaskToken task waits for them): ${field} is left out`,
      });
  return state.TimeoutSecondsPath === undefined ? {} : { timeout_seconds: LIMITS.maxTaskTimeoutSeconds };
}

/** A callback task's HeartbeatSeconds and TimeoutSeconds, as its wait's bounds (at most a year). */
export function callbackTiming(state: AslObject, at: At, warnings: ErrorDetail[]): Record<string, unknown> {
  for (const field of ['HeartbeatSecondsPath', 'TimeoutSecondsPath'])
    if (state[field] !== undefined)
      warnings.push({
        path: at(field),
        message: `a callback task's wait is bounded by a number of seconds here: ${field} is left out`,
      });
  const bounded = (field: string, value: unknown): number | undefined => {
    if (typeof value !== 'number') return undefined;
    if (value <= LIMITS.maxCallbackTimeoutSeconds) return value;
    warnings.push({
      path: at(field),
      message: `${value} seconds is more than the ${LIMITS.maxCallbackTimeoutSeconds} (a year) a callback may be waited for here: it waits that long`,
    });
    return LIMITS.maxCallbackTimeoutSeconds;
  };
  const heartbeat = bounded('HeartbeatSeconds', state.HeartbeatSeconds);
  const timeout = bounded('TimeoutSeconds', state.TimeoutSeconds);
  return {
    ...(heartbeat !== undefined && { heartbeat_seconds: heartbeat }),
    ...(timeout !== undefined && { callback_timeout_seconds: timeout }),
  };
}

/**
 * A JSONPath catcher: the error `{ Error, Cause }` placed in the state's input at its ResultPath
 * (default `$`), and the variables its Assign sets, reading that error output as `$`.
 */
export const jsonPathCatcherFields = (catcher: AslObject): { result_path: unknown; assign?: unknown } => ({
  result_path: catcher.ResultPath === undefined ? '$' : catcher.ResultPath,
  ...(catcher.Assign !== undefined && { assign: catcher.Assign }),
});

/** A state's JSONPath fields over its input and its result, beside the ones its kind builds (a fan-out's, a Lambda call's). */
export const jsonPathResultFields = (state: AslObject): Record<string, unknown> =>
  dataFields(state, ['InputPath', 'ResultSelector', 'ResultPath', 'OutputPath', 'Assign']);

/** Whether a Succeed state changes its data (InputPath, OutputPath), and so runs as a task of its own. */
export const succeedHasPaths = (state: AslObject): boolean =>
  state.InputPath !== undefined || state.OutputPath !== undefined;

const FIELD_NAMES = {
  InputPath: 'input_path',
  Parameters: 'parameters',
  ResultSelector: 'result_selector',
  ResultPath: 'result_path',
  OutputPath: 'output_path',
  Result: 'result',
  SecondsPath: 'seconds_path',
  TimeoutSecondsPath: 'timeout_seconds_path',
  TimestampPath: 'timestamp_path',
  Assign: 'assign',
} as const;

/** Our names for the state's JSONPath fields that it gives (null kept: it means something). */
function dataFields(state: AslObject, fields: Array<keyof typeof FIELD_NAMES>): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => state[field] !== undefined).map((field) => [FIELD_NAMES[field], state[field]]),
  );
}

/** A Fail's Error or Cause as `raise_error`'s parameter: fixed, or read by its path (`error.$`). */
function failText(state: AslObject, key: string, text: string, path: string): Record<string, unknown> {
  if (state[path] !== undefined) return { [`${key}.$`]: state[path] };
  return state[text] !== undefined ? { [key]: state[text] } : {};
}
