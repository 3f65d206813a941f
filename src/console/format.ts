/** How the console writes times, durations and JSON. */
import { formatDuration } from '../domain/duration-text';

export { formatDuration };

/** From start to end, or to now while it runs. */
export function elapsed(start: string | null | undefined, end: string | null | undefined, now = Date.now()): string {
  if (!start) return '—';
  return formatDuration((end ? Date.parse(end) : now) - Date.parse(start));
}

/** A local date and time, to the second (the ISO instant is in the element's title). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const prettyJson = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value, null, 2));
