import { useState } from 'preact/hooks';
import { api, ApiError, queryString } from '../api';
import { ErrorBox, executionHref, Section, Time } from '../components/common';
import { GraphLegend, GraphView } from '../components/graph-view';
import { prettyJson } from '../format';
import { usePolled } from '../hooks';
import { openInEditor } from '../router';
import type { Graph, SavedFlow, Started } from '../types';

/** A saved flow: its versions, the graph and definition of the one chosen, its executions, a run. */
export function SavedFlowPage({ id }: { id: string }) {
  const [version, setVersion] = useState<number>();
  const [inputText, setInputText] = useState('');
  const [runError, setRunError] = useState<Error>();
  const path = `/api/v1/flows/${encodeURIComponent(id)}`;
  const flow = usePolled(async () => {
    const saved = await api<SavedFlow>('GET', `${path}${queryString({ version })}`);
    const graph = await api<Graph>('POST', '/api/v1/flows/graph', { flow: saved.definition }).catch(
      (error: unknown) => error as Error,
    );
    return { saved, graph };
  }, [id, version]);
  if (!flow.data && flow.error instanceof ApiError && flow.error.status === 404) {
    return (
      <Section title={id}>
        <p class="empty" data-testid="not-saved">
          No saved flow has the id <code>{id}</code>: a flow posted to run is not saved.{' '}
          <a href={`#/executions?flow_id=${encodeURIComponent(id)}`}>Its executions</a>
        </p>
      </Section>
    );
  }
  if (!flow.data) return flow.error ? <ErrorBox error={flow.error} /> : <p class="loading">Loading flow {id}…</p>;
  const { saved, graph } = flow.data;
  const run = async () => {
    setRunError(undefined);
    try {
      const input = inputText.trim() === '' ? undefined : (JSON.parse(inputText) as unknown);
      const started = await api<Started>('POST', `${path}/executions`, {
        version: saved.version,
        ...(input !== undefined && { input }),
      });
      location.hash = executionHref(started.execution_id);
    } catch (err) {
      setRunError(err as Error);
    }
  };
  return (
    <div class="saved-flow-page" data-flow={saved.flow_id}>
      <Section
        title={`${saved.flow_name} (${saved.flow_id})`}
        actions={
          <button
            type="button"
            class="secondary"
            onClick={() =>
              openInEditor(
                prettyJson({
                  flow: saved.definition,
                  ...(Object.keys(saved.default_input).length > 0 && { input: saved.default_input }),
                }),
              )
            }
          >
            Open in the flow page
          </button>
        }
      >
        <dl class="facts">
          <dt>Showing</dt>
          <dd>
            v{saved.version} of {saved.latest_version}
          </dd>
          <dt>Executions</dt>
          <dd>
            {Object.entries(saved.executions.counts)
              .map(([status, n]) => `${n} ${status.toLowerCase()}`)
              .join(', ') || 'none'}
            {!saved.executions.complete && ' (at least)'} ·{' '}
            <a href={`#/executions?flow_id=${encodeURIComponent(saved.flow_id)}`}>list them</a>
          </dd>
        </dl>
        <table class="list" data-testid="versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Name</th>
              <th>Saved</th>
              <th>Definition hash</th>
            </tr>
          </thead>
          <tbody>
            {saved.versions.map((v) => (
              <tr class={v.version === saved.version ? 'selected' : ''} data-version={v.version}>
                <td>
                  <button type="button" class="link" onClick={() => setVersion(v.version)}>
                    v{v.version}
                  </button>
                </td>
                <td>{v.flow_name}</td>
                <td>
                  <Time iso={v.created_at} />
                </td>
                <td>
                  <code>{v.definition_hash.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`Run v${saved.version}`}>
        <label class="stacked">
          Input
          <textarea
            name="input"
            class="short"
            spellcheck={false}
            value={inputText}
            onInput={(e) => setInputText((e.target as HTMLTextAreaElement).value)}
            placeholder={
              Object.keys(saved.default_input).length > 0
                ? `empty: the default input ${JSON.stringify(saved.default_input)}`
                : '{ }'
            }
          />
        </label>
        <div class="button-row">
          <button type="button" class="primary" onClick={run}>
            Run
          </button>
        </div>
        <ErrorBox error={runError} />
      </Section>
      <Section title="Graph" actions={<GraphLegend />}>
        {graph instanceof Error ? <ErrorBox error={graph} /> : <GraphView graph={graph} />}
      </Section>
      <Section title="Definition">
        <pre>{prettyJson(saved.definition)}</pre>
      </Section>
    </div>
  );
}
