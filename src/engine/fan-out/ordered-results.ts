import { ErrorCode } from '../../domain/error-codes';

/** One child's output as a page of the gather read it: pages come in any order, and so do the children within one. */
export interface ChildOutput {
  index: number;
  output: unknown;
}

export type GatheredResults =
  | { ok: true; output: unknown[]; bytes: number }
  | { ok: false; error_code: typeof ErrorCode.DataLimitExceeded; error: string };

/**
 * The fan-out's result: every child's output at its own index (a map's item order, a parallel's
 * branch order), whatever order the outputs were read in. Its size is counted as it grows, as
 * the JSON array it becomes (`[`, the outputs, the commas, `]`), so a result over `maxBytes`
 * fails with `States.DataLimitExceeded` at the page that crosses it, without reading the rest.
 * Every index from 0 to total − 1 must come exactly once.
 */
export function gatherInOrder(
  total: number,
  pages: Iterable<readonly ChildOutput[]>,
  maxBytes: number,
): GatheredResults {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be a whole number >= 0, got ${total}`);
  const output = new Array<unknown>(total);
  const placed = new Array<boolean>(total).fill(false);
  // `[]`, plus one comma between each two outputs.
  let bytes = 2 + Math.max(0, total - 1);
  for (const page of pages) {
    for (const child of page) {
      if (!Number.isSafeInteger(child.index) || child.index < 0 || child.index >= total)
        throw new RangeError(`child index ${child.index} is outside 0..${total - 1}`);
      if (placed[child.index]) throw new RangeError(`child index ${child.index} came twice`);
      placed[child.index] = true;
      // A child whose output is absent handed on nothing: JSON null, as the history shows it.
      const value = child.output === undefined ? null : child.output;
      output[child.index] = value;
      bytes += Buffer.byteLength(JSON.stringify(value), 'utf8');
    }
    if (bytes > maxBytes) {
      return {
        ok: false,
        error_code: ErrorCode.DataLimitExceeded,
        error: `the children's outputs together are over ${maxBytes} bytes, the limit of a state's result`,
      };
    }
  }
  const missing = placed.indexOf(false);
  if (missing !== -1) throw new RangeError(`child index ${missing} has no output`);
  return { ok: true, output, bytes };
}

/**
 * A tolerated failed item's place in a map's result: its error object, spelled as a caught
 * failure hands it on here (`{ error, cause }`, docs/decisions/0011-handled-failure-input.md).
 */
export const failedItemOutput = (error: string, cause?: string): { error: string; cause?: string } => ({
  error,
  ...(cause !== undefined && { cause }),
});
