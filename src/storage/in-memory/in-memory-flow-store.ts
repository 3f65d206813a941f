import type { Page, PageQuery } from '../../domain/paging/page';
import type { FlowVersion, SavedFlow } from '../../domain/saved-flow/saved-flow';
import type { FlowStore, NewFlowVersion } from '../../ports/flow-store';

/**
 * The saved flows' store in memory, for the in-memory engine's tests (a `start_flow` step reads a
 * version). Same contract as the DynamoDB store: versions are immutable, and the flow moves to a
 * new latest version only from the one the saver read. Page tokens are plain offsets.
 */
export class InMemoryFlowStore implements FlowStore {
  private readonly flows = new Map<string, SavedFlow>();
  private readonly versions = new Map<string, FlowVersion[]>();

  async loadFlow(flowId: string): Promise<SavedFlow | undefined> {
    const flow = this.flows.get(flowId);
    return flow && structuredClone(flow);
  }

  async appendVersion(v: NewFlowVersion): Promise<boolean> {
    const flowId = v.flow.id;
    const current = this.flows.get(flowId);
    if ((current?.latest_version ?? 0) !== v.expectedLatest) return false;
    const versions = this.versions.get(flowId) ?? [];
    versions.push({
      flow_id: flowId,
      version: v.version,
      flow_name: v.flow.name,
      definition_hash: v.definitionHash,
      created_at: v.at,
      flow: structuredClone(v.flow),
      ...(v.defaultInput !== undefined && { default_input: structuredClone(v.defaultInput) }),
    });
    this.versions.set(flowId, versions);
    this.flows.set(flowId, {
      flow_id: flowId,
      flow_name: v.flow.name,
      latest_version: v.version,
      latest_hash: v.contentHash ?? v.definitionHash,
      created_at: current?.created_at ?? v.at,
      updated_at: v.at,
    });
    return true;
  }

  async loadVersion(flowId: string, version?: number): Promise<FlowVersion | undefined> {
    const versions = this.versions.get(flowId) ?? [];
    const found = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
    return found && structuredClone(found);
  }

  async versionPage(flowId: string, query: PageQuery): Promise<Page<FlowVersion>> {
    return page([...(this.versions.get(flowId) ?? [])].reverse(), query);
  }

  async listFlows(query: PageQuery): Promise<Page<SavedFlow>> {
    const newestFirst = [...this.flows.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
    return page(newestFirst, query);
  }
}

function page<T>(all: T[], query: PageQuery): Page<T> {
  const from = query.nextToken === undefined ? 0 : Number(query.nextToken);
  const items = structuredClone(all.slice(from, from + query.limit));
  const next = from + query.limit;
  return { items, ...(next < all.length && { nextToken: String(next) }) };
}
