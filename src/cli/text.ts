/** A delay in seconds as a person reads it: `2`, `1.2`, `0.35` (a jittered delay has 16 digits). */
export function formatSeconds(seconds: number): string {
  const digits = seconds >= 10 ? 0 : seconds >= 1 ? 1 : 2;
  return String(Number(seconds.toFixed(digits)));
}

/** Rows as columns padded to their widest cell; the last column is not padded. */
export function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** A detail value on one line: strings as they are, the rest as compact JSON. */
export const inline = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
