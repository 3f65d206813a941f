import { ErrorCode } from '../../domain/error-codes';

/**
 * A JSONPath-mode field that cannot be applied to the data at run time: a path that selects
 * nothing, a ResultPath into something that is not an object, a SecondsPath that is not a whole
 * number… Step Functions fails the state with `States.Runtime` in every such case (the spec's older
 * ParameterPathFailure and ResultPathMatchFailure names are not what it reports), so
 * this error carries that name, and the field and path, for the message and the history.
 */
export class JsonPathRuntimeError extends Error {
  readonly errorName = ErrorCode.Runtime;
  /** The field as written in the state, e.g. `InputPath`, `Parameters.parts.first.$`. */
  readonly field: string;
  /** The path (or intrinsic function) the field holds. */
  readonly path: string;

  constructor(field: string, path: string, reason: string) {
    super(`The JSONPath '${path}' specified for the field '${field}' ${reason}`);
    this.name = 'JsonPathRuntimeError';
    this.field = field;
    this.path = path;
  }
}

/** A value as JSON text, for messages (`undefined` has none: its name then). Values here come from JSON. */
export function jsonText(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** How a value is named in messages: its JSON type, as a reader of the data would say it. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
