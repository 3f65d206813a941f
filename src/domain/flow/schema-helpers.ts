/** Pieces every flow schema module uses (flow-schema.ts, fan-out-schema.ts), kept apart so neither imports the other's. */

/** "is required" when absent, "must be <expected>" when present with the wrong type. */
export const typeError =
  (what: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
