import type { ErrorDetail } from '../domain/errors';
import { failRouteText } from '../domain/execution/fail-route';
import type { HistoryEvent } from '../views/history-view';
import { ApiError, type ExecutionView, type ListPage } from './api-client';
import { CliError } from './exit-codes';
import { formatDuration } from '../domain/duration-text';
import { inline, table } from './text';

/** The last line of a followed execution: how it ended, after how many steps and how long. */
export function outcomeLine(view: ExecutionView): string {
  const began = view.started_at ?? view.created_at;
  const took = view.completed_at ? ` in ${formatDuration(Date.parse(view.completed_at) - Date.parse(began))}` : '';
  // An end in `fail` names the route that chose it: no task failed there.
  const route = view.fail_route ? failRouteText(view.fail_route) : undefined;
  const where = route ? `, ${route}` : view.failed_task ? ` at task '${view.failed_task}'` : '';
  const code = view.error_code ? ` [${view.error_code}]` : '';
  const error = view.error && view.error !== route ? `: ${view.error}` : '';
  return `${view.status}${where}${code}${error} (${view.steps_executed} step(s)${took}, execution ${view.execution_id})`;
}

/** A followed execution's end: its output when it SUCCEEDED, then the outcome line (last, for scripts). */
export const finalLines = (view: ExecutionView): string[] => [
  ...(view.status === 'SUCCEEDED' ? jsonLines('output', view.output) : []),
  outcomeLine(view),
];

/** Widest JSON kept on its label's line; a longer value is printed indented, one member per line. */
const INLINE_JSON_CHARS = 100;

/** A JSON value under its label: on the same line when short, otherwise pretty-printed below it. */
export function jsonLines(label: string, value: unknown): string[] {
  const compact = (JSON.stringify(value) as string | undefined) ?? 'null';
  if (compact.length <= INLINE_JSON_CHARS) return [`${label}: ${compact}`];
  return [
    `${label}:`,
    ...JSON.stringify(value, null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
  ];
}

/** The execution view as labelled lines, one line per task, then its input and (once it SUCCEEDED) its output. */
export function statusLines(view: ExecutionView): string[] {
  const fields: Array<[string, string | null | undefined]> = [
    ['execution', view.execution_id],
    ['name', view.name],
    ['flow', `${view.flow_id} (${view.flow_name})`],
    ['status', view.status],
    ['current task', view.current_task],
    ['waiting until', view.waiting_until],
    ['failed task', view.failed_task],
    ['ended', view.fail_route ? failRouteText(view.fail_route) : null],
    [
      'stopped at',
      view.stopped_step
        ? `${view.stopped_step.task} (step ${view.stopped_step.seq}, ${view.stopped_step.state})`
        : null,
    ],
    ['error', [view.error_code, view.error].filter(Boolean).join(': ') || null],
    ['created', view.created_at],
    ['started', view.started_at],
    ['completed', view.completed_at],
    ['steps', `${view.steps_executed} (at most ${view.max_steps})`],
  ];
  const shown = fields.filter((field): field is [string, string] => typeof field[1] === 'string' && field[1] !== '');
  const tasks = view.tasks.map((task) => [
    `  ${task.name}`,
    task.task_type,
    task.status,
    `${task.attempts} attempt(s)`,
  ]);
  const data = [
    ...jsonLines('input', view.input),
    ...(view.status === 'SUCCEEDED' ? jsonLines('output', view.output) : []),
  ];
  return [
    ...table(shown.map(([label, value]) => [`${label}:`, value])),
    'tasks:',
    ...table(tasks),
    ...fanOutLines(view.fan_out),
    ...data,
  ];
}

/** Each map or parallel task that has started: its latest run's children counted by status. */
function fanOutLines(fanOut: ExecutionView['fan_out']): string[] {
  const runs = Object.entries(fanOut ?? {});
  if (runs.length === 0) return [];
  const rows = runs.map(([task, c]) => [
    `  ${task}`,
    `${c.total} total`,
    `${c.pending} pending`,
    `${c.running} running`,
    `${c.succeeded} succeeded`,
    `${c.failed} failed`,
    `${c.aborted} aborted`,
  ]);
  return ['fan-out children:', ...table(rows)];
}

/** One line per history event: id, time, type, task and step, then its detail as key=value. */
export function historyLines(events: readonly HistoryEvent[]): string[] {
  return table(
    events.map((event) => [
      String(event.id),
      event.time,
      event.type,
      event.task === undefined ? '' : `${event.task}#${String(event.step)}`,
      Object.entries(event.detail ?? {})
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}=${inline(value)}`)
        .join(' '),
    ]),
  );
}

/** One line per execution of a list page, newest first as the API returns them. */
export function listLines(page: ListPage): string[] {
  if (page.executions.length === 0) return ['no executions'];
  const withNames = page.executions.some((e) => e.name);
  const header = ['EXECUTION', 'STATUS', 'FLOW', ...(withNames ? ['NAME'] : []), 'CREATED'];
  const rows = page.executions.map((e) => [
    e.execution_id,
    e.status,
    e.flow_id,
    ...(withNames ? [e.name ?? ''] : []),
    e.created_at,
  ]);
  return table([header, ...rows]);
}

export const problemLines = (kind: 'error' | 'warning', details: readonly ErrorDetail[]): string[] =>
  details.map((detail) => `${kind}: ${detail.path}: ${detail.message}`);

/** An error as a person reads it: what failed, then each detail with its path. */
export function errorLines(error: unknown): string[] {
  if (error instanceof ApiError) {
    const what = error.code ? `${error.code} (HTTP ${error.status})` : `HTTP ${error.status}`;
    const hint = error.status === 401 ? ['hint: check --api-key or FLOW_API_KEY'] : [];
    return [`error: ${what}: ${error.message}`, ...error.details.map((d) => `  ${d.path}: ${d.message}`), ...hint];
  }
  if (error instanceof CliError) {
    return [
      `error: ${error.code ? `${error.code}: ` : ''}${error.message}`,
      ...error.details.map((d) => `  ${d.path}: ${d.message}`),
    ];
  }
  return [`error: ${error instanceof Error ? error.message : String(error)}`];
}

/** The same error for --json: the API's own shape, with the HTTP status when there was one. */
export function errorJson(error: unknown): {
  error: { code: string; message: string; details?: ErrorDetail[]; http_status?: number };
} {
  if (error instanceof CliError) {
    return {
      error: {
        code: error.code ?? (error instanceof ApiError ? `http_${error.status}` : 'cli_error'),
        message: error.message,
        ...(error.details.length > 0 && { details: [...error.details] }),
        ...(error instanceof ApiError && { http_status: error.status }),
      },
    };
  }
  return { error: { code: 'cli_error', message: error instanceof Error ? error.message : String(error) } };
}
