import type { CallbackOutcome, CallbackWait } from '../domain/execution/callback-wait';
import { type PackedJson, packJson, parsePackedJson } from './packed-json';

/**
 * The head's attributes of a step waiting for a callback (src/domain/execution/callback-wait.ts).
 * What the callback writes conditions on is kept as attributes of its own: the token, the time
 * the wait ends without a callback (a heartbeat moves it), whether the step was put off already,
 * and the outcome (never written by the step, so putting the step off cannot overwrite it).
 */
export interface CallbackItemFields {
  callback_token?: string;
  callback_due?: string;
  /** What does not change while the wait lasts: `{ attempt, started_at, timeout_at, heartbeat_seconds? }`. */
  callback_json?: string;
  callback_waiting?: boolean;
  callback_outcome?: PackedJson;
}

/** Every callback attribute: a cursor that moves on drops them all (item-mapping.ts CURSOR_EXTRAS). */
export const CALLBACK_FIELDS = [
  'callback_token',
  'callback_due',
  'callback_json',
  'callback_waiting',
  'callback_outcome',
] as const;

/** The attributes a step writes for its wait (never the outcome, which only a callback writes). */
export function callbackFields(callback: CallbackWait): Omit<CallbackItemFields, 'callback_outcome'> {
  return {
    callback_token: callback.token,
    callback_due: callback.due_at,
    callback_json: JSON.stringify({
      attempt: callback.attempt,
      started_at: callback.started_at,
      timeout_at: callback.timeout_at,
      ...(callback.heartbeat_seconds !== undefined && { heartbeat_seconds: callback.heartbeat_seconds }),
    }),
    ...(callback.waiting && { callback_waiting: true }),
  };
}

export const packedOutcome = (outcome: CallbackOutcome): PackedJson => packJson(JSON.stringify(outcome));

export function itemToCallback(item: CallbackItemFields): CallbackWait | undefined {
  if (item.callback_token === undefined || item.callback_due === undefined || item.callback_json === undefined)
    return undefined;
  const fixed = JSON.parse(item.callback_json) as Pick<
    CallbackWait,
    'attempt' | 'started_at' | 'timeout_at' | 'heartbeat_seconds'
  >;
  return {
    token: item.callback_token,
    due_at: item.callback_due,
    ...fixed,
    ...(item.callback_waiting && { waiting: true }),
    ...(item.callback_outcome !== undefined && { outcome: parsePackedJson<CallbackOutcome>(item.callback_outcome) }),
  };
}
