import type { SavedFlow, SavedFlowDetail, SavedVersion } from '../domain/saved-flow/saved-flow';
import { writtenDefinition } from '../domain/flow/written-definition';

/** Where a saved flow is shown: its id is one path segment, percent-encoded. */
export const savedFlowLocation = (flowId: string): string => `/api/v1/flows/${encodeURIComponent(flowId)}`;

/** One saved flow in the list (GET /api/v1/flows). */
export const savedFlowSummaryView = (flow: SavedFlow) => ({
  flow_id: flow.flow_id,
  flow_name: flow.flow_name,
  latest_version: flow.latest_version,
  created_at: flow.created_at,
  updated_at: flow.updated_at,
  location: savedFlowLocation(flow.flow_id),
});

/** What saving answers: the version the definition now is, and whether this save created it. */
export const savedVersionView = (saved: SavedVersion) => ({
  flow_id: saved.version.flow_id,
  flow_name: saved.version.flow_name,
  version: saved.version.version,
  definition_hash: saved.version.definition_hash,
  created_at: saved.version.created_at,
  created: saved.created,
  location: savedFlowLocation(saved.version.flow_id),
  ...(saved.warnings.length > 0 && { warnings: saved.warnings }),
});

/**
 * GET /api/v1/flows/{flow_id}: the flow, one version's validated definition (`version` says which)
 * in the fields a request writes, so it can be sent back as it is, a page of versions newest
 * first, and its executions per status.
 */
export function savedFlowView(detail: SavedFlowDetail) {
  const { flow, shown, versions, executions } = detail;
  const total = Object.values(executions.counts).reduce((sum, n) => sum + n, 0);
  return {
    ...savedFlowSummaryView(flow),
    version: shown.version,
    definition_hash: shown.definition_hash,
    definition: writtenDefinition(shown.flow),
    default_input: shown.default_input ?? {},
    versions: versions.items.map((v) => ({
      version: v.version,
      flow_name: v.flow_name,
      definition_hash: v.definition_hash,
      created_at: v.created_at,
    })),
    versions_next_token: versions.nextToken ?? null,
    executions: { counts: executions.counts, total, complete: executions.complete },
  };
}
