import { type Catcher, type Retrier, STATES_ALL, STATES_TASK_FAILED, STATES_TIMEOUT } from '../domain/flow/error-handling';

/** The error name a failed run is known by: its own code, `States.Timeout` for a timeout, else `States.TaskFailed`. */
export function errorName(errorCode: string | undefined): string {
  if (errorCode === undefined) return STATES_TASK_FAILED;
  if (errorCode === 'timeout') return STATES_TIMEOUT;
  return errorCode;
}

/** Whether `error_equals` covers `name`: by name, `States.ALL` for anything, `States.TaskFailed` for anything but a timeout. */
export function matches(errorEquals: readonly string[], name: string): boolean {
  return errorEquals.some(
    (candidate) => candidate === name || candidate === STATES_ALL || (candidate === STATES_TASK_FAILED && name !== STATES_TIMEOUT),
  );
}

/** The index of the first retrier that handles `name`, if any (later ones are never tried for it). */
export const retrierFor = (retriers: readonly Retrier[], name: string): number => retriers.findIndex((r) => matches(r.error_equals, name));

export const catcherFor = (catchers: readonly Catcher[], name: string): Catcher | undefined => catchers.find((c) => matches(c.error_equals, name));
