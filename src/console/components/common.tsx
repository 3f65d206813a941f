import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { formatTime } from '../format';

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge status-${status.toLowerCase()}`} data-status={status}>
      {status}
    </span>
  );
}

export function Time({ iso }: { iso: string | null | undefined }) {
  return <time title={iso ?? ''}>{formatTime(iso)}</time>;
}

export function ErrorBox({ error }: { error?: Error }) {
  if (!error) return null;
  const code = error instanceof ApiError ? ` (${error.status} ${error.code})` : '';
  return (
    <div class="error-box" role="alert">
      {error.message}
      {code}
    </div>
  );
}

export function Section({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="card">
      <header class="card-head">
        <h2>{title}</h2>
        {actions && <div class="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export const executionHref = (id: string) => `#/executions/${encodeURIComponent(id)}`;
export const flowHref = (id: string) => `#/flows/${encodeURIComponent(id)}`;

/**
 * A flow's name: a link to its saved-flow page when that flow is saved, plain text otherwise (an
 * execution of a posted flow, whose id has no page). `saved` undefined: not known yet.
 */
export function FlowName({ id, name, saved }: { id: string; name: string; saved: boolean | undefined }) {
  if (saved) {
    return (
      <a href={flowHref(id)} title={id} data-flow-link={id}>
        {name}
      </a>
    );
  }
  return (
    <span class="flow-name" title={saved === false ? `${id}: ran from a posted definition, not a saved flow` : id}>
      {name}
    </span>
  );
}
