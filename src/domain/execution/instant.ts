/**
 * ISO 8601 instants as query parameters take them, turned into the one form every stored time has
 * (`Date#toISOString`: UTC, three fraction digits), so that they compare as strings with stored times.
 */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|([+-])(\d{2}):?(\d{2})))?$/;
const CANONICAL_YEAR = /^\d{4}-/;

/**
 * The instant as `YYYY-MM-DDThh:mm:ss.sssZ`, or undefined if `text` is not a real one. Accepted:
 * a date (midnight UTC), or a date and time with `Z` or an offset (`+02:00`, `-0530`); a time
 * without a zone is refused (whose local time would it be?). A fraction finer than milliseconds is
 * rounded up to the next millisecond: stored times are whole milliseconds, so for the bounds
 * "at or after x" and "before x" the rounded bound keeps exactly the times the exact one would.
 */
export function canonicalInstant(text: string): string | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [
    ,
    year,
    month,
    day,
    hour = '00',
    minute = '00',
    second = '00',
    fraction = '',
    ,
    sign,
    offsetHours = '00',
    offsetMinutes = '00',
  ] = m;
  const fields = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)] as const;
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
    return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const wholeMs = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const roundUp = /[1-9]/.test(fraction.slice(3)) ? 1 : 0;
  const epochMs = date.getTime() + ((h * 60 + mi) * 60 + s) * 1000 + wholeMs + roundUp - offsetMs;
  const iso = new Date(epochMs).toISOString();
  return CANONICAL_YEAR.test(iso) ? iso : undefined;
}
