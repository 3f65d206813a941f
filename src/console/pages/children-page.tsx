import { useState } from 'preact/hooks';
import { api, queryString } from '../api';
import { CHILD_STATUS_FILTERS, childCountsText, childrenHref, childStatusFilter } from '../child-links';
import { ErrorBox, executionHref, Section, StatusBadge, Time } from '../components/common';
import { elapsed } from '../format';
import { usePolled } from '../hooks';
import { type ChildrenList, type Execution, isTerminal } from '../types';

const PAGE_SIZE = 20;
const LIVE_MS = 3000;

/**
 * A map or parallel task's children, in index order, each linking to its own execution page:
 * filtered by status (kept in the address), paged by the API's next_token with "Load more" (a
 * filtered page may hold few rows, even none, and still go on). The first page follows the
 * children live while any of them has not ended and no further page was loaded.
 */
export function ChildrenPage({ id, task, status: asked }: { id: string; task: string; status: string }) {
  const status = childStatusFilter(asked);
  const path = `/api/v1/flows/executions/${encodeURIComponent(id)}`;
  const params = { task: task || undefined, status: status || undefined, limit: PAGE_SIZE };
  const [more, setMore] = useState<{ rows: ChildrenList['children']; nextToken: string | null }>();
  const [moreError, setMoreError] = useState<Error>();
  const view = usePolled(
    async () => {
      const [parent, first] = await Promise.all([
        api<Execution>('GET', path),
        api<ChildrenList>('GET', `${path}/children${queryString(params)}`),
      ]);
      return { parent, first };
    },
    [id, task, status],
    LIVE_MS,
    (data) => !more && (data?.first.children.some((c) => !isTerminal(c.status)) ?? true),
  );
  if (!view.data) {
    return view.error ? <ErrorBox error={view.error} /> : <p class="loading">Loading the children of {task}…</p>;
  }
  const { parent, first } = view.data;
  const rows = more ? [...first.children, ...more.rows] : first.children;
  const nextToken = more ? more.nextToken : first.next_token;
  const counts = parent.fan_out?.[first.task];
  const loadMore = async () => {
    if (!nextToken) return;
    setMoreError(undefined);
    try {
      const page = await api<ChildrenList>(
        'GET',
        `${path}/children${queryString({ ...params, next_token: nextToken })}`,
      );
      setMore({ rows: [...(more?.rows ?? []), ...page.children], nextToken: page.next_token });
    } catch (err) {
      setMoreError(err as Error);
    }
  };
  return (
    <div class="children-page" data-execution={id} data-task={first.task}>
      <Section title={`Children of ${first.task}`}>
        <dl class="facts">
          <dt>Execution</dt>
          <dd>
            <a href={executionHref(id)} data-testid="parent-link">
              {parent.name ?? parent.execution_id}
            </a>{' '}
            <StatusBadge status={parent.status} />
          </dd>
          <dt>Task</dt>
          <dd>
            <code>{first.task}</code> ({parent.tasks.find((t) => t.name === first.task)?.task_type ?? 'fan-out'}, its
            latest run)
          </dd>
          {counts && (
            <>
              <dt>Children</dt>
              <dd data-testid="child-counts">{childCountsText(counts)}</dd>
            </>
          )}
        </dl>
        <nav class="status-filter" aria-label="status filter">
          {CHILD_STATUS_FILTERS.map((f) => (
            <a
              href={childrenHref(id, first.task, f.value)}
              class={`button${f.value === status ? '' : ' secondary'}`}
              aria-current={f.value === status ? 'page' : undefined}
              data-filter={f.value || 'all'}
            >
              {f.label}
            </a>
          ))}
        </nav>
        <ErrorBox error={view.error ?? moreError} />
        <table class="list children" data-testid="children">
          <thead>
            <tr>
              <th>Index</th>
              <th>Status</th>
              <th>Execution</th>
              <th>Started</th>
              <th>Ended</th>
              <th>Duration</th>
              <th>Error code</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((child) => (
              <tr data-child={child.execution_id} data-index={child.index} data-status={child.status}>
                <td>
                  <a href={executionHref(child.execution_id)}>{child.index}</a>
                </td>
                <td>
                  <StatusBadge status={child.status} />
                </td>
                <td>
                  <a href={executionHref(child.execution_id)}>
                    <code>{child.execution_id}</code>
                  </a>
                </td>
                <td>
                  <Time iso={child.started_at} />
                </td>
                <td>
                  <Time iso={child.ended_at} />
                </td>
                <td>{elapsed(child.started_at, child.ended_at)}</td>
                <td>{child.error_code ?? ''}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} class="empty">
                  {nextToken
                    ? 'None of the children read so far has this status: load more to read on.'
                    : `No children${status ? ' with this status' : ''}.`}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <p class="pager">
          <span>{rows.length} shown</span>
          {nextToken && (
            <button type="button" onClick={loadMore}>
              Load more
            </button>
          )}
        </p>
      </Section>
    </div>
  );
}
