import { taskAttempts } from '../execution-facts';
import { formatDuration } from '../format';
import type { TaskResult } from '../types';

/**
 * The recorded steps on one time axis: where each started and how long it ran, failures in red.
 * A click selects the step's task.
 */
export function Timeline({ results, onSelect, selected }: { results: TaskResult[]; onSelect: (task: string) => void; selected?: string }) {
  if (results.length === 0) return <p class="empty">No step has finished yet.</p>;
  const start = Math.min(...results.map((r) => Date.parse(r.started_at)));
  const end = Math.max(...results.map((r) => Date.parse(r.completed_at)));
  const span = Math.max(end - start, 1);
  const attempts = taskAttempts(results);
  return (
    <table class="timeline" data-testid="timeline">
      <thead>
        <tr>
          <th>Step</th>
          <th>Task</th>
          <th>Attempt</th>
          <th>Result</th>
          <th class="bar-cell">
            Time (0 – {formatDuration(span)})
          </th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r, i) => {
          const left = ((Date.parse(r.started_at) - start) / span) * 100;
          const width = Math.max((r.duration_ms / span) * 100, 0.6);
          return (
            <tr class={`${r.status}${selected === r.task_name ? ' selected' : ''}`} data-step={r.step} onClick={() => onSelect(r.task_name)}>
              <td>{r.step}</td>
              <td>
                <button type="button" class="link">
                  {r.task_name}
                </button>
              </td>
              <td title={r.attempt > 1 ? `run ${r.attempt} of this step: its invocation before ended without recording it` : undefined}>{attempts[i]}</td>
              <td>{r.status === 'success' ? 'succeeded' : `failed${r.error_code ? ` (${r.error_code})` : ''}`}</td>
              <td class="bar-cell">
                <span class="bar" style={{ left: `${Math.min(left, 99.4)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.4))}%` }} />
              </td>
              <td>{formatDuration(r.duration_ms)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
