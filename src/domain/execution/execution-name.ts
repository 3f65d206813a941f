import { createHash } from 'node:crypto';
import { BadRequestError } from '../errors';
import type { FlowDefinition } from '../flow/flow-definition';
import { visibleName } from '../flow/flow-schema';

/**
 * An execution's optional name: the key of an idempotent start. It follows the rule of every other
 * name (visible text, trimmed, 1 to LIMITS.maxNameLength characters), so `what` is the field or
 * header the caller sent it in.
 */
export const executionNameSchema = visibleName;

/** The one name of a start given it in the body and/or a header; both given and different is a 400. */
export function agreedExecutionName(inBody: string | undefined, inHeader: string | undefined): string | undefined {
  if (inBody !== undefined && inHeader !== undefined && inBody !== inHeader) {
    throw new BadRequestError(
      'name_mismatch',
      `the body's name '${inBody}' and the Idempotency-Key header '${inHeader}' differ; send one, or the same in both`,
      [
        { path: 'name', message: 'must equal the Idempotency-Key header when both are given' },
        { path: 'headers.idempotency-key', message: "must equal the body's name when both are given" },
      ],
    );
  }
  return inBody ?? inHeader;
}

/**
 * JSON with object keys sorted at every level: equal documents give equal text whatever order
 * their keys were sent in. Written out directly (never rebuilt as objects), so a key such as
 * `__proto__` stays a plain key.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify returns undefined for undefined, a function or a symbol
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two named starts "the same request": the validated flow and the input. Stored with
 * the name, so a repeat is recognised without reading the earlier execution's definition.
 */
export const startFingerprint = (flow: FlowDefinition, input: unknown): string =>
  createHash('sha256').update(canonicalJson({ flow, input }), 'utf8').digest('hex');
