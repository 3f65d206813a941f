import { FORBIDDEN_KEYS } from '../lib/json-guards';
import type { JsonValue } from './json-value';

/**
 * What jsonata returns is JavaScript, not JSON: arrays carry markers (`sequence`), lambdas are
 * objects, `1/0` is Infinity, and a value may be shared or even contain itself. Results are
 * copied into fresh plain JSON here, so that what the engine stores and hands on is exactly what
 * its JSON text says.
 */

/** Deeper than any document the engine keeps; a value that contains itself reaches it at once. */
export const MAX_RESULT_DEPTH = 1000;

/**
 * A guard on memory, not a size limit (the engine enforces those, 256 KiB for the state): a
 * value built from shared parts (`{'a': $x, 'b': $x}`, again and again) can be small in memory
 * and enormous as JSON. Counted roughly in bytes of JSON text.
 */
export const MAX_RESULT_WEIGHT = 16 * 1024 * 1024;

export type PlainJsonOutcome = { ok: true; value: JsonValue } | { ok: false; problem: string };

interface Pending {
  source: unknown;
  depth: number;
  place: (value: JsonValue) => void;
}

export function toPlainJson(value: unknown): PlainJsonOutcome {
  let result: JsonValue = null;
  let weight = 0;
  const pending: Pending[] = [{ source: value, depth: 0, place: (v) => (result = v) }];
  while (pending.length > 0) {
    const { source, depth, place } = pending.pop()!;
    if (depth > MAX_RESULT_DEPTH)
      return fail(`a value nested deeper than ${MAX_RESULT_DEPTH} levels (or one that contains itself)`);
    weight += weightOf(source);
    if (weight > MAX_RESULT_WEIGHT) return fail(`a value of more than ${MAX_RESULT_WEIGHT} bytes as JSON`);

    // Undefined where JSON has no way to say it: as JSON.stringify does, null in an array.
    if (source === undefined || source === null) place(null);
    else if (typeof source === 'boolean' || typeof source === 'string') place(source);
    else if (typeof source === 'number') {
      if (!Number.isFinite(source)) return fail(`the number ${source}, which JSON cannot hold`);
      place(source);
    } else if (isFunction(source)) return fail('a function');
    else if (Array.isArray(source)) {
      const copy: JsonValue[] = new Array<JsonValue>(source.length).fill(null);
      place(copy);
      for (let i = source.length - 1; i >= 0; i--) {
        pending.push({ source: source[i], depth: depth + 1, place: (v) => (copy[i] = v) });
      }
    } else if (typeof source === 'object' && isPlainObject(source)) {
      const copy: Record<string, JsonValue> = {};
      place(copy);
      const entries = Object.entries(source).filter(([, v]) => v !== undefined);
      for (const [key] of entries) {
        if (FORBIDDEN_KEYS.has(key)) return fail(`an object with the key '${key}', which is not allowed in data`);
      }
      // Pushed last to first, so copied (and keyed) first to last: the keys keep their order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]! as [string, unknown];
        pending.push({ source: child, depth: depth + 1, place: (v) => (copy[key] = v) });
      }
    } else return fail(`a value of type ${typeof source === 'object' ? 'object (not plain JSON)' : typeof source}`);
  }
  return { ok: true, value: result };
}

const fail = (problem: string): PlainJsonOutcome => ({ ok: false, problem });

/** Functions as jsonata represents them too: its lambdas and built-ins are tagged objects. */
function isFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const tagged = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return tagged._jsonata_lambda === true || tagged._jsonata_function === true;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function weightOf(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // Keys count once per object copied: a shared object copied twice counts twice.
    return 2 + Object.keys(value).reduce((sum, key) => sum + key.length + 4, 0);
  }
  return 8;
}
