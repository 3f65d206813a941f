import { useState } from 'preact/hooks';
import { api, queryString } from '../api';
import { ErrorBox, executionHref, FlowName, Section, StatusBadge, Time } from '../components/common';
import { elapsed } from '../format';
import { Pager } from '../components/pager';
import { usePolled } from '../hooks';
import { anyFilter, filtersFromQuery, filtersHash, type ListFilters, listParams, TIME_RANGES } from '../list-filters';
import { useSavedFlowIds } from '../use-saved-flow-ids';
import { EXECUTION_STATUSES, type ExecutionList } from '../types';

const PAGE_SIZE = 20;
/** `#/executions?limit=N` asks for another page size (1–100, as the API allows). */
const pageSize = (asked: string | undefined) =>
  asked && /^\d+$/.test(asked) ? Math.min(Math.max(Number(asked), 1), 100) : PAGE_SIZE;
const REFRESH_MS = 5000;

/**
 * The executions, newest first: filters (kept in the URL, so a reload keeps them), paging by the
 * API's next_token, refreshing itself. Applying filters changes the URL, which opens the list anew.
 */
export function ExecutionsPage({ initial }: { initial: Record<string, string> }) {
  const filters = filtersFromQuery(initial);
  const [draft, setDraft] = useState<ListFilters>(filters);
  // The tokens of the pages before this one, so "Newer" can go back.
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const [autoRefresh, setAutoRefresh] = useState(true);
  const savedFlows = useSavedFlowIds();
  const token = tokens[tokens.length - 1];
  const limit = pageSize(filters.limit);
  const list = usePolled(
    () =>
      api<ExecutionList>(
        'GET',
        `/api/v1/flows/executions${queryString({ limit, next_token: token, ...listParams(filters, Date.now()) })}`,
      ),
    [token, autoRefresh],
    autoRefresh ? REFRESH_MS : undefined,
  );
  const apply = (e: Event) => {
    e.preventDefault();
    location.hash = filtersHash({ ...draft, flow_id: draft.flow_id.trim(), name_prefix: draft.name_prefix.trim() });
  };
  const set = (field: keyof ListFilters) => (e: Event) =>
    setDraft({ ...draft, [field]: (e.target as HTMLInputElement).value });
  const rows = list.data?.executions ?? [];
  return (
    <Section
      title="Executions"
      actions={
        <label class="inline">
          <input
            type="checkbox"
            checked={autoRefresh}
            onChange={(e) => setAutoRefresh((e.target as HTMLInputElement).checked)}
          />{' '}
          refresh every {REFRESH_MS / 1000} s
        </label>
      }
    >
      <form class="filters" onSubmit={apply} aria-label="filters">
        <label>
          Status
          <select name="status" value={draft.status} onChange={set('status')}>
            <option value="">any</option>
            {EXECUTION_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Flow id
          <input name="flow_id" value={draft.flow_id} onInput={set('flow_id')} placeholder="any flow" />
        </label>
        <label>
          Name starts with
          <input name="name_prefix" value={draft.name_prefix} onInput={set('name_prefix')} placeholder="any name" />
        </label>
        <label>
          Started
          <select name="range" value={draft.range} onChange={set('range')}>
            <option value="">any time</option>
            {TIME_RANGES.map((r) => (
              <option value={r.value}>{r.label}</option>
            ))}
            <option value="custom">between…</option>
          </select>
        </label>
        {draft.range === 'custom' && (
          <>
            <label>
              From
              <input type="datetime-local" name="from" value={draft.from} onInput={set('from')} />
            </label>
            <label>
              To
              <input type="datetime-local" name="to" value={draft.to} onInput={set('to')} />
            </label>
          </>
        )}
        <button type="submit">Filter</button>
        {anyFilter(filters) && (
          <a class="button secondary" href={filtersHash(filtersFromQuery({ limit: filters.limit }))}>
            Clear
          </a>
        )}
      </form>
      <ErrorBox error={list.error} />
      <table class="list executions" data-testid="executions">
        <thead>
          <tr>
            <th>Status</th>
            <th>Execution</th>
            <th>Flow</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-execution={row.execution_id}>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td class="clip" title={row.name ? `${row.name} (${row.execution_id})` : row.execution_id}>
                <a href={executionHref(row.execution_id)}>{row.name ?? row.execution_id}</a>
              </td>
              <td class="clip">
                <FlowName id={row.flow_id} name={row.flow_name} saved={savedFlows?.has(row.flow_id)} />
              </td>
              <td>
                <Time iso={row.started_at ?? row.created_at} />
              </td>
              <td>{elapsed(row.started_at, row.completed_at)}</td>
              <td class="clip" title={row.error ?? ''}>
                {row.failed_task ? `${row.failed_task}: ` : ''}
                {row.error ?? ''}
              </td>
            </tr>
          ))}
          {!list.loading && rows.length === 0 && (
            <tr>
              <td colSpan={6} class="empty">
                No executions{anyFilter(filters) ? ' match these filters' : ' yet'}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager tokens={tokens} next={list.data?.next_token} onChange={setTokens} labels={['← Newer', 'Older →']} />
    </Section>
  );
}
