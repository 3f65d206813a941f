import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { formatTime } from '../format';
import type { ExecutionStatus } from '../types';

export function StatusBadge({ status }: { status: ExecutionStatus | string }) {
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

export function Section({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
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
