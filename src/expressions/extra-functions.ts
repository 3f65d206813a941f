import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';

/**
 * The functions Step Functions adds to JSONata, which flows written for it rely on, and the
 * refusal of `$eval`, which it removes. Registered on every compiled expression.
 */

/** As States.ArrayRange allows: a range is meant for building small lists, not for bulk data. */
export const MAX_RANGE_ITEMS = 1000;

export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
export const DEFAULT_HASH_ALGORITHM = 'SHA-256';

/** A function's own failure; the evaluator reports it with the field and the expression. */
export class FunctionCallError extends Error {}

function uuid(): string {
  return randomUUID();
}

function hash(value: string | undefined, algorithm: string = DEFAULT_HASH_ALGORITHM): string | undefined {
  if (value === undefined) return undefined;
  const nodeName = Object.hasOwn(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
  if (nodeName === undefined) {
    throw new FunctionCallError(
      `$hash: unknown algorithm '${algorithm}'; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`,
    );
  }
  return createHash(nodeName).update(value, 'utf8').digest('hex');
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FunctionCallError(`$parse: the text is not valid JSON (${(error as Error).message})`);
  }
}

function partition(items: unknown[] | undefined, size: number): unknown[][] | undefined {
  if (items === undefined) return undefined;
  if (!Number.isInteger(size) || size < 1)
    throw new FunctionCallError(`$partition: the size must be a positive integer, not ${size}`);
  const chunks: unknown[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** From `start` to `end` inclusive, `step` apart: `$range(0, 10, 2)` is `[0, 2, 4, 6, 8, 10]`. */
function range(start: number, end: number, step: number): number[] {
  for (const [name, value] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (!Number.isInteger(value)) throw new FunctionCallError(`$range: ${name} must be an integer, not ${value}`);
  }
  if (step === 0) throw new FunctionCallError('$range: step must not be 0');
  const count = Math.floor((end - start) / step) + 1;
  if (count <= 0) return [];
  if (count > MAX_RANGE_ITEMS) {
    throw new FunctionCallError(`$range: the range has ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/**
 * A number in [0, 1). With a seed, always the same number for the same seed, as Step Functions
 * promises: derived from a SHA-256 of the seed, so nearby seeds give unrelated numbers. (The
 * number for a given seed is this engine's own; Step Functions' differs.)
 */
function random(seed?: number): number {
  return seed === undefined ? Math.random() : seededRandom(seed);
}

/** The number `$random(seed)` gives: also States.MathRandom's with a seed (src/asl/intrinsics). */
export function seededRandom(seed: number): number {
  const digest = createHash('sha256').update(`random:${seed}`, 'utf8').digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

function refuseEval(): never {
  throw new FunctionCallError('$eval is not allowed: use $parse to read JSON text');
}

/** jsonata signatures (`<s-s?:s>`…): jsonata checks the arguments against them before the call. */
const EXTRA_FUNCTIONS = {
  uuid: { implementation: uuid, signature: '<:s>' },
  hash: { implementation: hash, signature: '<ss?:s>' },
  parse: { implementation: parse, signature: '<s:x>' },
  partition: { implementation: partition, signature: '<an:a>' },
  range: { implementation: range, signature: '<nnn:a<n>>' },
  random: { implementation: random, signature: '<n?:n>' },
} as const;

export const EXTRA_FUNCTION_NAMES: readonly string[] = Object.keys(EXTRA_FUNCTIONS);

export function registerExtraFunctions(expression: jsonata.Expression): void {
  for (const [name, { implementation, signature }] of Object.entries(EXTRA_FUNCTIONS)) {
    expression.registerFunction(name, implementation as (...args: unknown[]) => unknown, signature);
  }
  // Compiling already refuses any mention of $eval; this covers whatever the check might miss.
  expression.registerFunction('eval', refuseEval);
}
