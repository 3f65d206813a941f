import { childFlowOf } from '../child-links';
import { formatDuration, prettyJson } from '../format';
import type { Execution, Graph } from '../types';
import { executionHref, Time } from './common';

/**
 * One task of an execution: its arguments as defined, then every run of it (output, error, attempt);
 * a `start_flow` task's run links to the child execution it started.
 */
export function TaskDetails({
  task,
  graph,
  execution,
  onClose,
}: {
  task: string;
  graph: Graph;
  execution: Execution;
  onClose: () => void;
}) {
  const node = graph.tasks.find((t) => t.group === undefined && t.name === task);
  const summary = execution.tasks.find((t) => t.name === task);
  const runs = execution.task_results.filter((r) => r.task_name === task);
  const childOf = (run: (typeof runs)[number]) =>
    node?.task_type === 'start_flow' ? childFlowOf(execution.execution_id, run) : undefined;
  return (
    <aside class="task-details card" data-testid="task-details" data-task={task}>
      <header class="card-head">
        <h2>
          {task} <small>{node?.task_type}</small>
        </h2>
        <button type="button" class="secondary" onClick={onClose} aria-label="close">
          ×
        </button>
      </header>
      <p>
        State: <strong>{node?.state?.replace('_', ' ') ?? summary?.status ?? 'unknown'}</strong> · attempts:{' '}
        {summary?.attempts ?? runs.length}
      </p>
      <h3>Arguments (as defined)</h3>
      <pre>{prettyJson(node?.arguments)}</pre>
      <h3>Runs</h3>
      {runs.length === 0 && <p class="empty">Not run{execution.task_results_paged ? ' in the steps shown' : ''}.</p>}
      {runs.map((run) => (
        <div class={`run ${run.status}`} data-step={run.step}>
          <p>
            Step {run.step}, attempt {run.attempt}: <strong>{run.status === 'success' ? 'succeeded' : 'failed'}</strong>{' '}
            in {formatDuration(run.duration_ms)}, started <Time iso={run.started_at} />
          </p>
          <ChildExecutionLink id={childOf(run)} />
          {run.error !== null && (
            <div class="task-error" data-testid="task-error">
              <h4>Error{run.error_code ? ` (${run.error_code})` : ''}</h4>
              <pre>{run.error}</pre>
            </div>
          )}
          <h4>Output{run.truncated ? ' (cut to the size limit)' : ''}</h4>
          <pre>{prettyJson(run.data)}</pre>
        </div>
      ))}
    </aside>
  );
}

/** The child execution a `start_flow` run started, as a link to its page. */
function ChildExecutionLink({ id }: { id: string | undefined }) {
  if (id === undefined) return null;
  return (
    <p data-testid="child-execution">
      Child execution: <a href={executionHref(id)}>{id}</a>
    </p>
  );
}
