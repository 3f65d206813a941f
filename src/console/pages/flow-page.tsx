import { useState } from 'preact/hooks';
import { api, ApiError, type ProblemDetail } from '../api';
import { ErrorBox, executionHref, flowHref, Section } from '../components/common';
import { GraphLegend, GraphView } from '../components/graph-view';
import { ProblemListing } from '../components/problem-listing';
import { readFlowDocument } from '../flow-document';
import { prettyJson } from '../format';
import type { Graph, Started } from '../types';

type Verdict =
  | { kind: 'none' }
  | { kind: 'valid'; graph: Graph; warnings: ProblemDetail[] }
  | { kind: 'problems'; details: ProblemDetail[]; message: string };

/**
 * Paste or upload a flow or a state machine, check it (every problem shown beside its line), see
 * its graph, run it with an input or save it as a new version (with the input as its default
 * input). Checking and running both go through the API, so the page validates exactly as the
 * engine does.
 */
export function FlowPage({ initial = '', initialInput = '' }: { initial?: string; initialInput?: string }) {
  const [text, setText] = useState(initial);
  const [inputText, setInputText] = useState(initialInput);
  const [flowId, setFlowId] = useState('');
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [notice, setNotice] = useState<{ text: string; href?: string }>();

  const doc = readFlowDocument(text);
  const edit = (value: string) => {
    setText(value);
    setVerdict({ kind: 'none' });
    const read = readFlowDocument(value);
    if (read.ok && read.input !== undefined && inputText.trim() === '') setInputText(prettyJson(read.input));
  };
  const upload = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) edit(await file.text());
  };
  const input = (): unknown => {
    try {
      return inputText.trim() === '' ? undefined : JSON.parse(inputText);
    } catch (err) {
      throw new Error(`The input is not valid JSON: ${(err as Error).message}`);
    }
  };

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await what();
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0)
        setVerdict({ kind: 'problems', details: err.details, message: err.message });
      else setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const check = () =>
    act(async () => {
      if (!doc.ok) return;
      const graph = await api<Graph & { warnings?: ProblemDetail[] }>('POST', '/api/v1/flows/graph', {
        [doc.field]: doc.flow,
      });
      setVerdict({ kind: 'valid', graph, warnings: graph.warnings ?? [] });
    });
  const run = () =>
    act(async () => {
      if (!doc.ok) return;
      const value = input();
      const started = await api<Started>('POST', '/api/v1/flows/execute', {
        [doc.field]: doc.flow,
        ...(value !== undefined && { input: value }),
      });
      location.hash = executionHref(started.execution_id);
    });
  const save = () =>
    act(async () => {
      if (!doc.ok) return;
      // A state machine has no id of its own: it is saved under the one typed beside it.
      const id = doc.field === 'asl' ? flowId.trim() : typeof doc.flow.id === 'string' ? doc.flow.id : '';
      if (!id)
        throw new Error(
          doc.field === 'asl'
            ? 'Give a flow id to save the state machine under.'
            : 'Give the flow an "id" to save it under.',
        );
      const value = input();
      const saved = await api<{ version: number; created: boolean }>('PUT', `/api/v1/flows/${encodeURIComponent(id)}`, {
        [doc.field]: doc.flow,
        ...(value !== undefined && { input: value }),
      });
      setNotice({
        text: saved.created
          ? `Saved as ${id} v${saved.version}.`
          : `${id} v${saved.version} already has this definition.`,
        href: flowHref(id),
      });
    });

  const problems = verdict.kind === 'problems' ? verdict.details : [];
  return (
    <div class="flow-page">
      <Section
        title="Flow"
        actions={
          <label class="button secondary">
            Upload JSON
            <input type="file" accept=".json,application/json" onChange={upload} hidden />
          </label>
        }
      >
        <div class="editor-grid">
          <label class="stacked">
            Definition
            <textarea
              name="flow"
              spellcheck={false}
              value={text}
              onInput={(e) => edit((e.target as HTMLTextAreaElement).value)}
              placeholder='{ "flow": { "id": "…", "name": "…", "start_task": "…", "tasks": [ … ] }, "input": { … } }  or a state machine: { "asl": { "StartAt": "…", "States": { … } } }'
            />
          </label>
          <label class="stacked">
            Input
            <textarea
              name="input"
              class="short"
              spellcheck={false}
              value={inputText}
              onInput={(e) => setInputText((e.target as HTMLTextAreaElement).value)}
              placeholder="{ }"
            />
          </label>
        </div>
        <div class="button-row">
          <button type="button" onClick={check} disabled={busy || !doc.ok}>
            Check and draw
          </button>
          <button type="button" onClick={run} disabled={busy || !doc.ok} class="primary">
            Run
          </button>
          {doc.ok && doc.field === 'asl' && (
            <label class="inline">
              Flow id{' '}
              <input
                name="flow-id"
                value={flowId}
                onInput={(e) => setFlowId((e.target as HTMLInputElement).value)}
                placeholder="to save it under"
              />
            </label>
          )}
          <button type="button" onClick={save} disabled={busy || !doc.ok} class="secondary">
            Save as a version
          </button>
          <button
            type="button"
            onClick={() => doc.ok && edit(JSON.stringify(JSON.parse(text), null, 2))}
            disabled={!doc.ok}
            class="secondary"
          >
            Format
          </button>
          {!doc.ok && text.trim() !== '' && (
            <span class="problem-inline" role="alert">
              {doc.problem}
              {doc.line !== undefined ? ` (line ${doc.line})` : ''}
            </span>
          )}
        </div>
        <ErrorBox error={error} />
        {notice && (
          <p class="notice">
            {notice.text} {notice.href && <a href={notice.href}>Open it</a>}
          </p>
        )}
      </Section>
      {verdict.kind === 'problems' && doc.ok && (
        <Section title={`${problems.length} problem${problems.length === 1 ? '' : 's'}`}>
          <p class="error-box">{verdict.message}</p>
          <ProblemListing text={text} lines={doc.lines} problems={problems} />
        </Section>
      )}
      {verdict.kind === 'valid' && (
        <Section title="Graph" actions={<GraphLegend />}>
          {verdict.warnings.length > 0 && (
            <ul class="warnings">
              {verdict.warnings.map((w) => (
                <li>
                  <code>{w.path}</code> {w.message}
                </li>
              ))}
            </ul>
          )}
          <GraphView graph={verdict.graph} />
        </Section>
      )}
    </div>
  );
}
