import { checkChildFlowIds } from './child-flow-checks';
import { definitionHash } from '../domain/flow/definition-hash';
import { ConflictError, NotFoundError } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import {
  decideSave,
  type FlowVersion,
  type SavedFlow,
  type SavedFlowDetail,
  type SavedVersion,
  versionContentHash,
} from '../domain/saved-flow/saved-flow';
import { parseSavedFlowBody } from '../flow-requests/saved-flow-request';
import type { Page, PageQuery } from '../domain/paging/page';
import type { SavedFlowDeps } from './saved-flow-deps';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Validates the flow (as POST /api/v1/flows/execute does) and saves it, with its input as the
 * default input, as the flow's next version, unless it is the latest version already. Each attempt reads the flow and writes conditionally on
 * the latest version it read, so concurrent saves of different definitions get consecutive
 * numbers, and concurrent saves of one definition end with one version (the losers find it on
 * their next read). Nothing is written when validation fails.
 */
export async function saveFlow(
  flowId: string,
  body: unknown,
  deps: Pick<SavedFlowDeps, 'flows' | 'registry' | 'clock' | 'logger'>,
): Promise<SavedVersion> {
  const { flow, defaultInput, warnings } = parseSavedFlowBody(flowId, body, deps.registry);
  await checkChildFlowIds(flow, body, deps.flows, flowId);
  const hash = definitionHash(flow);
  const contentHash = versionContentHash(hash, defaultInput);
  for (let attempt = 1; attempt <= LIMITS.saveFlowAttempts; attempt++) {
    const current = await deps.flows.loadFlow(flowId);
    const decision = decideSave(current, contentHash);
    if (decision.kind === 'existing') {
      const latest = current!;
      const version = {
        flow_id: flowId,
        version: latest.latest_version,
        flow_name: latest.flow_name,
        definition_hash: hash,
        created_at: latest.updated_at,
      };
      return { version, created: false, warnings };
    }
    const at = deps.clock.now().toISOString();
    if (
      await deps.flows.appendVersion({
        flow,
        definitionHash: hash,
        defaultInput,
        contentHash,
        version: decision.version,
        expectedLatest: decision.expected,
        at,
      })
    ) {
      deps.logger.info('flow version saved', { flow_id: flowId, flow_version: decision.version });
      return {
        version: {
          flow_id: flowId,
          version: decision.version,
          flow_name: flow.name,
          definition_hash: hash,
          created_at: at,
        },
        created: true,
        warnings,
      };
    }
    // Another save took the number: read again, after a short random pause so racers spread out.
    deps.logger.info('flow version taken by a concurrent save', {
      flow_id: flowId,
      flow_version: decision.version,
      attempt,
    });
    await sleep(Math.random() * 20 * attempt);
  }
  throw new ConflictError(
    `flow ${flowId} kept being saved by other requests meanwhile (${LIMITS.saveFlowAttempts} attempts); save it again`,
  );
}

/** The flow, one version in full, a page of its versions (newest first) and its executions per status. */
export async function describeSavedFlow(
  flowId: string,
  query: PageQuery & { version?: number },
  deps: Pick<SavedFlowDeps, 'flows' | 'store'>,
): Promise<SavedFlowDetail> {
  const [flow, page, executions] = await Promise.all([
    deps.flows.loadFlow(flowId),
    deps.flows.versionPage(flowId, query),
    deps.store.countByStatus(flowId, LIMITS.flowCountPerShard),
  ]);
  if (!flow) throw new NotFoundError(`flow ${flowId} not found`);
  const wanted = query.version ?? flow.latest_version;
  const shown = page.items.find((v) => v.version === wanted) ?? (await deps.flows.loadVersion(flowId, wanted));
  if (!shown) throw new NotFoundError(`flow ${flowId} has no version ${wanted} (its latest is ${flow.latest_version})`);
  const versions = page.items.map(({ flow: _definition, ...summary }) => summary);
  return {
    flow,
    shown,
    versions: { items: versions, ...(page.nextToken !== undefined && { nextToken: page.nextToken }) },
    executions,
  };
}

export const listSavedFlows = (query: PageQuery, deps: Pick<SavedFlowDeps, 'flows'>): Promise<Page<SavedFlow>> =>
  deps.flows.listFlows(query);

/** The version to run: the one asked for, else the latest; 404 naming what is missing. */
export async function requireFlowVersion(
  flowId: string,
  version: number | undefined,
  deps: Pick<SavedFlowDeps, 'flows'>,
): Promise<FlowVersion> {
  const found = await deps.flows.loadVersion(flowId, version);
  if (found) return found;
  const flow = version === undefined ? undefined : await deps.flows.loadFlow(flowId);
  if (!flow) throw new NotFoundError(`flow ${flowId} not found`);
  throw new NotFoundError(`flow ${flowId} has no version ${version} (its latest is ${flow.latest_version})`);
}
