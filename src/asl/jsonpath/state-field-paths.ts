import { z } from 'zod';
import type { IntrinsicEvaluator } from './payload-template';
import { JsonPathRuntimeError, jsonText, jsonTypeName } from './jsonpath-runtime-error';
import { type PathData, readPath, readReferencePath } from './path-reading';

/**
 * The fields whose value a state reads from its data through a Reference Path: a Wait's
 * `SecondsPath` / `TimestampPath`, a Fail's `ErrorPath` / `CausePath`, a Task's
 * `TimeoutSecondsPath` / `HeartbeatSecondsPath`, a Map's `ItemsPath`. Each checks the value it
 * finds is of the kind the field needs, and fails with States.Runtime naming the field if not.
 * `data`: the state's effective input (after InputPath) and its context object.
 */

/** A Wait's `SecondsPath`: a whole number of seconds, 0 or more. */
export function waitSecondsFromPath(data: PathData, path: string): number {
  const value = readReferencePath(path, data, 'SecondsPath');
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw wrongKind('SecondsPath', path, value, 'a whole number of seconds, 0 or more');
}

/** The timestamps a Wait's `Timestamp` takes: ISO 8601 with `Z` or an offset, as the wait task does. */
const timestamp = z.iso.datetime({ offset: true });

/** A Wait's `TimestampPath`: an ISO 8601 timestamp (`2016-03-14T01:59:00Z`). */
export function waitTimestampFromPath(data: PathData, path: string): string {
  const value = readReferencePath(path, data, 'TimestampPath');
  if (typeof value === 'string' && timestamp.safeParse(value).success) return value;
  throw wrongKind('TimestampPath', path, value, "an ISO 8601 timestamp such as '2016-03-14T01:59:00Z'");
}

/**
 * A Fail's `ErrorPath` / `CausePath`: a string, read by a reference path or computed by an
 * intrinsic function (Step Functions allows `States.Format(…)` and a few others there).
 */
export function failTextFromPath(
  data: PathData,
  path: string,
  field: 'ErrorPath' | 'CausePath',
  intrinsic: IntrinsicEvaluator,
): string {
  const value = path.startsWith('$')
    ? readReferencePath(path, data, field)
    : intrinsic(path, (argument) => readPath(argument, data, field));
  if (typeof value === 'string') return value;
  throw wrongKind(field, path, value, 'a string');
}

/** A Task's `TimeoutSecondsPath` / `HeartbeatSecondsPath`: a whole number of seconds, 1 or more. */
export function taskSecondsFromPath(
  data: PathData,
  path: string,
  field: 'TimeoutSecondsPath' | 'HeartbeatSecondsPath',
): number {
  const value = readReferencePath(path, data, field);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw wrongKind(field, path, value, 'a whole number of seconds, 1 or more');
}

/** A Map's `ItemsPath` (default `$`, the whole effective input): the array of items. */
export function itemsFromPath(data: PathData, path: string | undefined): unknown[] {
  const value = readReferencePath(path ?? '$', data, 'ItemsPath');
  if (Array.isArray(value)) return value;
  throw wrongKind('ItemsPath', path ?? '$', value, 'an array');
}

const wrongKind = (field: string, path: string, value: unknown, wanted: string) =>
  new JsonPathRuntimeError(field, path, `must select ${wanted}, but it selects ${jsonTypeName(value)}${shown(value)}`);

/** A short value in the message (`: -3`), nothing for a long one or null (its type says it). */
function shown(value: unknown): string {
  if (value === null) return '';
  const text = jsonText(value);
  return text.length <= 40 ? `: ${text}` : '';
}
