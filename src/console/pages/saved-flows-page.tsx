import { useState } from 'preact/hooks';
import { api, queryString } from '../api';
import { ErrorBox, flowHref, Section, Time } from '../components/common';
import { Pager } from '../components/pager';
import { usePolled } from '../hooks';
import type { SavedFlowList } from '../types';

/** The saved flows (PUT /api/v1/flows/{flow_id}), with their latest version. */
export function SavedFlowsPage() {
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const token = tokens[tokens.length - 1];
  const list = usePolled(
    () => api<SavedFlowList>('GET', `/api/v1/flows${queryString({ limit: 20, next_token: token })}`),
    [token],
  );
  const rows = list.data?.flows ?? [];
  return (
    <Section
      title="Saved flows"
      actions={
        <a class="button" href="#/new">
          New flow
        </a>
      }
    >
      <ErrorBox error={list.error} />
      <table class="list" data-testid="saved-flows">
        <thead>
          <tr>
            <th>Flow</th>
            <th>Name</th>
            <th>Latest version</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((flow) => (
            <tr data-flow={flow.flow_id}>
              <td>
                <a href={flowHref(flow.flow_id)}>{flow.flow_id}</a>
              </td>
              <td>{flow.flow_name}</td>
              <td>v{flow.latest_version}</td>
              <td>
                <Time iso={flow.updated_at} />
              </td>
            </tr>
          ))}
          {!list.loading && rows.length === 0 && (
            <tr>
              <td colSpan={4} class="empty">
                No saved flows yet: save one from the flow page.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager tokens={tokens} next={list.data?.next_token} onChange={setTokens} />
    </Section>
  );
}
