import { useRef, useState } from 'preact/hooks';
import { api, apiText, queryString } from '../api';
import { ErrorBox, executionHref, FlowName, Section, StatusBadge, Time } from '../components/common';
import { ExecutionData } from '../components/execution-data';
import { GraphLegend, GraphView } from '../components/graph-view';
import { TaskDetails } from '../components/task-details';
import { Timeline } from '../components/timeline';
import { childCountsText, childrenHref, parentOf } from '../child-links';
import { canRedrive } from '../execution-facts';
import { elapsed, formatDuration } from '../format';
import { usePolled } from '../hooks';
import { useSavedFlowIds } from '../use-saved-flow-ids';
import { type Execution, type Graph, isTerminal, type TaskResult } from '../types';
import { failRouteText } from '../../domain/execution/fail-route';

const LIVE_MS = 1500;

/** One execution: its graph coloured by state, its steps on a timeline, live until it ends. */
export function ExecutionPage({ id }: { id: string }) {
  const path = `/api/v1/flows/executions/${encodeURIComponent(id)}`;
  const [selected, setSelected] = useState<string>();
  const [actionError, setActionError] = useState<Error>();
  const [mermaid, setMermaid] = useState<string>();
  // Stopping ends the execution at once: the Stop button asks first.
  const [confirmingStop, setConfirmingStop] = useState(false);
  const savedFlows = useSavedFlowIds();
  // Steps past the first page, loaded on demand (a long loop has thousands); `undefined`: none yet.
  const [more, setMore] = useState<{ results: TaskResult[]; nextToken: string | null }>();
  // The graph is read again only when the execution moved on (a poll of an idle wait reads one).
  const lastGraph = useRef<{ progress: string; graph: Graph }>();
  const view = usePolled(
    async () => {
      const execution = await api<Execution>('GET', path);
      const progress = JSON.stringify([
        execution.status,
        execution.steps_executed,
        execution.current_task,
        execution.redrive_count,
        execution.tasks.map((t) => t.status),
      ]);
      if (lastGraph.current?.progress !== progress)
        lastGraph.current = { progress, graph: await api<Graph>('GET', `${path}/graph`) };
      return { execution, graph: lastGraph.current.graph };
    },
    [id],
    LIVE_MS,
    (data) => !data || !isTerminal(data.execution.status),
  );
  const control = async (action: 'stop' | 'redrive') => {
    setActionError(undefined);
    setConfirmingStop(false);
    try {
      await api(
        'POST',
        `${path}/${action}`,
        action === 'stop' ? { error: 'StoppedFromConsole', cause: 'stopped from the web console' } : {},
      );
    } catch (err) {
      setActionError(err as Error);
    }
    view.reload();
  };
  const showMermaid = async () => {
    try {
      setMermaid(mermaid === undefined ? await apiText(`${path}/graph?format=mermaid`) : undefined);
    } catch (err) {
      setActionError(err as Error);
    }
  };
  if (!view.data) {
    return view.error ? <ErrorBox error={view.error} /> : <p class="loading">Loading execution {id}…</p>;
  }
  const { execution: first, graph } = view.data;
  const x = more ? { ...first, task_results: [...first.task_results, ...more.results] } : first;
  const nextToken = more ? more.nextToken : first.task_results_next_token;
  const loadMore = async () => {
    if (!nextToken) return;
    try {
      const page = await api<Execution>('GET', `${path}${queryString({ next_token: nextToken })}`);
      setMore({ results: [...(more?.results ?? []), ...page.task_results], nextToken: page.task_results_next_token });
    } catch (err) {
      setActionError(err as Error);
    }
  };
  const live = !isTerminal(x.status);
  // A child (a map item, a parallel branch) is read here, never stopped or redriven on its own.
  const parent = parentOf(x.execution_id);
  const ranFanOut = (task: string) =>
    graph.tasks.some((t) => t.id === task && t.group === undefined && t.fan_out?.counts)
      ? childrenHref(id, task)
      : undefined;
  return (
    <div class="execution-page" data-execution={x.execution_id} data-status={x.status}>
      <Section
        title={x.name ?? x.execution_id}
        actions={
          <>
            {live && <span class="live">live</span>}
            {!parent &&
              (x.status === 'RUNNING' || x.status === 'PENDING') &&
              (confirmingStop ? (
                <span class="confirm" role="alertdialog" aria-label="confirm stop" data-testid="confirm-stop">
                  Stop this execution? It ends ABORTED; a redrive can resume it.
                  <button type="button" class="danger" onClick={() => control('stop')}>
                    Yes, stop it
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirmingStop(false)}>
                    Keep it running
                  </button>
                </span>
              ) : (
                <button type="button" class="danger" onClick={() => setConfirmingStop(true)}>
                  Stop
                </button>
              ))}
            {!parent && canRedrive(x) && (
              <button type="button" onClick={() => control('redrive')}>
                Redrive
              </button>
            )}
          </>
        }
      >
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={x.status} />
          </dd>
          <dt>Flow</dt>
          <dd>
            <FlowName id={x.flow_id} name={x.flow_name} saved={x.flow_version !== null || savedFlows?.has(x.flow_id)} />{' '}
            <code>{x.flow_id}</code>
            {x.flow_version !== null && ` v${x.flow_version}`}
          </dd>
          <dt>Execution id</dt>
          <dd>
            <code>{x.execution_id}</code>
          </dd>
          {parent && (
            <>
              <dt>Parent</dt>
              <dd data-testid="parent">
                <a href={executionHref(parent.parentId)} data-testid="parent-link">
                  {parent.parentId}
                </a>{' '}
                · index {parent.index} of its map or parallel task at step {parent.step}
              </dd>
            </>
          )}
          {x.started_by && (
            <>
              <dt>Started by</dt>
              <dd data-testid="started-by">
                <a href={executionHref(x.started_by.execution_id)}>{x.started_by.execution_id}</a> · its task{' '}
                {x.started_by.task} at step {x.started_by.seq}
              </dd>
            </>
          )}
          {x.fan_out && Object.keys(x.fan_out).length > 0 && (
            <>
              <dt>Children</dt>
              <dd>
                <ul class="fan-outs">
                  {Object.entries(x.fan_out).map(([task, counts]) => (
                    <li data-fan-out-task={task}>
                      <a href={childrenHref(id, task)}>{task}</a>: {childCountsText(counts)}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          <dt>Started</dt>
          <dd>
            <Time iso={x.started_at ?? x.created_at} />
          </dd>
          <dt>Duration</dt>
          <dd>{elapsed(x.started_at, x.completed_at)}</dd>
          <dt>Steps</dt>
          <dd>
            {x.steps_executed}
            {x.redrive_count > 0 && ` · redriven ${x.redrive_count}×`}
          </dd>
          {x.test_case && (
            <>
              <dt>Mocked by</dt>
              <dd data-testid="test-case" title="the mock configuration's test case (SFN_MOCK_CONFIG)">
                test case {x.test_case.test_case} of {x.test_case.state_machine}
              </dd>
            </>
          )}
          {x.current_task && live && (
            <>
              <dt>Now at</dt>
              <dd data-testid="now-at">
                {x.current_task}
                {x.waiting_until && (
                  <span class="waiting-until">
                    {' '}
                    · waiting until <Time iso={x.waiting_until} /> ({untilNow(x.waiting_until)})
                  </span>
                )}
              </dd>
            </>
          )}
        </dl>
        {x.error && (
          <p class="error-box" data-testid="execution-error">
            {x.fail_route ? (
              <strong>{failRouteText(x.fail_route)}</strong>
            ) : (
              x.failed_task && <strong>{x.failed_task}: </strong>
            )}
            {x.fail_route ? (x.error === failRouteText(x.fail_route) ? '' : `: ${x.error}`) : x.error}
            {x.error_code && ` (${x.error_code})`}
          </p>
        )}
        <ErrorBox error={actionError ?? view.error} />
      </Section>
      <div class={`execution-grid${selected ? ' with-details' : ''}`}>
        <Section
          title="Graph"
          actions={
            <>
              <GraphLegend execution />
              <button type="button" class="secondary" onClick={showMermaid}>
                Mermaid
              </button>
            </>
          }
        >
          <GraphView graph={graph} selected={selected} onSelect={setSelected} childrenHref={ranFanOut} />
          {mermaid && <pre class="mermaid-text">{mermaid}</pre>}
        </Section>
        {selected && <TaskDetails task={selected} graph={graph} execution={x} onClose={() => setSelected(undefined)} />}
      </div>
      <Section title="Timeline">
        <Timeline results={x.task_results} stopped={x.stopped_step} onSelect={setSelected} selected={selected} />
        {nextToken && (
          <p class="note">
            Steps 1–{x.task_results.length} of {x.steps_executed} are shown.{' '}
            <button type="button" class="secondary" onClick={loadMore}>
              Load more steps
            </button>
          </p>
        )}
      </Section>
      <ExecutionData execution={x} />
    </div>
  );
}

/** How far off a due time is, or that it is due (a timer hands the step on within moments). */
function untilNow(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms > 0 ? `in ${formatDuration(ms)}` : 'due now';
}
