/**
 * The executions list's filters, kept in the page's URL (`#/executions?status=FAILED&range=1h`) so
 * that a reload, a bookmark or a shared link shows the same list. Pure, so unit-tested.
 */
export interface ListFilters {
  status: string;
  flow_id: string;
  name_prefix: string;
  /** A time range back from now (`1h`), `custom` for `from`/`to`, or '' for any time. */
  range: string;
  /** `custom` only: local date and time as a datetime-local input writes it (2026-12-06T14:30). */
  from: string;
  to: string;
  /** The page size, when the URL asks for another one. */
  limit: string;
}

/** The ranges offered, back from now: kept relative in the URL, so a reload means "the last hour" again. */
export const TIME_RANGES: ReadonlyArray<{ value: string; label: string; ms: number }> = [
  { value: '15m', label: 'last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'last hour', ms: 3_600_000 },
  { value: '24h', label: 'last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'last 7 days', ms: 7 * 86_400_000 },
];

const FIELDS = ['status', 'flow_id', 'name_prefix', 'range', 'from', 'to', 'limit'] as const;

export function filtersFromQuery(query: Readonly<Record<string, string>>): ListFilters {
  const filters = Object.fromEntries(
    FIELDS.map((field) => [field, query[field]?.trim() ?? '']),
  ) as unknown as ListFilters;
  if (filters.range !== 'custom') {
    filters.from = '';
    filters.to = '';
  }
  return filters;
}

/** The list's address with these filters: only the ones set, in a fixed order. */
export function filtersHash(filters: ListFilters): string {
  const custom = filters.range === 'custom';
  const set = FIELDS.filter((field) => filters[field] !== '' && (custom || (field !== 'from' && field !== 'to')));
  const query = new URLSearchParams(set.map((field): [string, string] => [field, filters[field]])).toString();
  return `#/executions${query ? `?${query}` : ''}`;
}

/** A datetime-local value (the browser's time zone) as an instant; undefined when it is not one. */
const instantOf = (local: string): string | undefined => {
  const ms = local ? Date.parse(local) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/** The API's query parameters for these filters, a relative range measured back from `now`. */
export function listParams(filters: ListFilters, now: number): Record<string, string | undefined> {
  const range = TIME_RANGES.find((r) => r.value === filters.range);
  const custom = filters.range === 'custom';
  return {
    status: filters.status || undefined,
    flow_id: filters.flow_id || undefined,
    name_prefix: filters.name_prefix || undefined,
    started_after: range ? new Date(now - range.ms).toISOString() : custom ? instantOf(filters.from) : undefined,
    started_before: custom ? instantOf(filters.to) : undefined,
  };
}

export const anyFilter = (filters: ListFilters): boolean =>
  Boolean(filters.status || filters.flow_id || filters.name_prefix || filters.range);
