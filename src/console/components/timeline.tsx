import { taskAttempts } from '../execution-facts';
import { formatDuration } from '../format';
import type { StoppedStep, TaskResult } from '../types';

/** A row of the time axis: a recorded step, or the step a stop or timeout caught before it recorded a result. */
interface Row {
  step: number;
  task_name: string;
  attempt: string;
  /** Why the attempt shown is not the record's own: the step's invocation before ended without recording it. */
  attemptNote?: string;
  result: string;
  css: string;
  from: number;
  to: number;
  ms: number;
}

/** `taskAttempt`: the task's attempt (a retry after a failure is its next); the record's own counts takeovers of the step. */
const recordedRow = (r: TaskResult, taskAttempt: number): Row => ({
  step: r.step,
  task_name: r.task_name,
  attempt: String(taskAttempt),
  ...(r.attempt > 1 && {
    attemptNote: `run ${r.attempt} of this step: its invocation before ended without recording it`,
  }),
  result: r.status === 'success' ? 'succeeded' : `failed${r.error_code ? ` (${r.error_code})` : ''}`,
  css: r.status,
  from: Date.parse(r.started_at),
  to: Date.parse(r.completed_at),
  ms: r.duration_ms,
});

/** The stopped step has a row once its attempt or wait had begun: from then until the stop. */
function stoppedRow(s: StoppedStep): Row | undefined {
  if (s.started_at === undefined) return undefined;
  const from = Date.parse(s.started_at);
  const to = s.stopped_at ? Date.parse(s.stopped_at) : from;
  return {
    step: s.seq,
    task_name: s.task,
    attempt: '',
    result: `stopped while ${s.state}`,
    css: 'stopped',
    from,
    to,
    ms: Math.max(0, to - from),
  };
}

/**
 * The recorded steps on one time axis: where each started and how long it ran, failures in red;
 * last, the step a stop or timeout caught running or waiting. A click selects the step's task.
 */
export function Timeline({
  results,
  stopped,
  onSelect,
  selected,
}: {
  results: TaskResult[];
  stopped?: StoppedStep | null;
  onSelect: (task: string) => void;
  selected?: string;
}) {
  const last = stopped ? stoppedRow(stopped) : undefined;
  const attempts = taskAttempts(results);
  const rows = [...results.map((r, i) => recordedRow(r, attempts[i] ?? r.attempt)), ...(last ? [last] : [])];
  if (rows.length === 0) return <p class="empty">No step has finished yet.</p>;
  const start = Math.min(...rows.map((r) => r.from));
  const end = Math.max(...rows.map((r) => r.to));
  const span = Math.max(end - start, 1);
  return (
    <table class="timeline" data-testid="timeline">
      <thead>
        <tr>
          <th>Step</th>
          <th>Task</th>
          <th>Attempt</th>
          <th>Result</th>
          <th class="bar-cell">Time (0 – {formatDuration(span)})</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const left = ((r.from - start) / span) * 100;
          const width = Math.max((r.ms / span) * 100, 0.6);
          return (
            <tr
              class={`${r.css}${selected === r.task_name ? ' selected' : ''}`}
              data-step={r.step}
              onClick={() => onSelect(r.task_name)}
            >
              <td>{r.step}</td>
              <td>
                <button type="button" class="link">
                  {r.task_name}
                </button>
              </td>
              <td title={r.attemptNote}>{r.attempt}</td>
              <td>{r.result}</td>
              <td class="bar-cell">
                <span
                  class="bar"
                  style={{ left: `${Math.min(left, 99.4)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.4))}%` }}
                />
              </td>
              <td>{formatDuration(r.ms)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
