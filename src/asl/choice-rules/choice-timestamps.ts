/**
 * Timestamps as Choice rules read them: the States Language's profile of RFC 3339
 * (`2016-03-14T01:59:00Z`, an uppercase `T` between date and time, an uppercase `Z` or a numeric
 * offset), compared as the instants they name, so `2016-03-14T03:59:00+02:00` equals
 * `2016-03-14T01:59:00Z` and `…00.5Z` comes after `…00.499999Z`. Not Date.parse: it takes many other
 * forms (and lowercase), and keeps only milliseconds.
 */

/** An instant exactly: whole seconds since the epoch, and the fraction's digits (no trailing zeros). */
export interface ChoiceInstant {
  seconds: number;
  fraction: string;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The instant `text` names, or undefined when it is not a timestamp of the profile (or no real date). */
export function parseChoiceTimestamp(text: string): ChoiceInstant | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = m;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Seconds stop at 59: RFC 3339 allows 60 only at a leap second, which needs a table to tell.
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60;
  return {
    seconds: date.getTime() / 1000 + (h * 60 + mi) * 60 + s - offsetSeconds,
    fraction: fraction.replace(/0+$/, ''),
  };
}

export const isChoiceTimestamp = (value: unknown): value is string =>
  typeof value === 'string' && parseChoiceTimestamp(value) !== undefined;

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareInstants(a: ChoiceInstant, b: ChoiceInstant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  // Fractions without trailing zeros, padded to one length, order as their digit strings do.
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, '0');
  const fb = b.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}
