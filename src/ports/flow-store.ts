import type { FlowDefinition } from '../domain/flow/flow-definition';
import type { Page, PageQuery } from '../domain/paging/page';
import type { FlowVersion, SavedFlow } from '../domain/saved-flow/saved-flow';

export interface NewFlowVersion {
  flow: FlowDefinition;
  definitionHash: string;
  /** Saved with the version when given: the input of a start that gives none. */
  defaultInput?: Record<string, unknown>;
  /** What later saves compare (versionContentHash); the definition's hash when left out. */
  contentHash?: string;
  version: number;
  /** The latest version the saver read (0: the flow did not exist); the write holds only if it still is. */
  expectedLatest: number;
  at: string;
}

/**
 * Storage port of saved flows. Versions are immutable; the flow item moves from one latest version
 * to the next only by a conditional write, so two saves never get the same number.
 */
export interface FlowStore {
  /** The flow, strongly consistent; undefined if no version was ever saved. */
  loadFlow(flowId: string): Promise<SavedFlow | undefined>;
  /**
   * Writes the version and moves the flow to it, in one transaction that holds only if the flow's
   * latest version is still `expectedLatest`; false (nothing written) if another save got there first.
   */
  appendVersion(version: NewFlowVersion): Promise<boolean>;
  /** One version with its definition (the latest when `version` is undefined), strongly consistent; undefined if none. */
  loadVersion(flowId: string, version?: number): Promise<FlowVersion | undefined>;
  /**
   * Versions newest first, with their definitions (a Query reads whole items whatever it returns,
   * so leaving them out would save no read units); at most 1 MB of versions per page.
   */
  versionPage(flowId: string, query: PageQuery): Promise<Page<FlowVersion>>;
  /** Saved flows, newest first by when their first version was saved, from the sparse list index. */
  listFlows(query: PageQuery): Promise<Page<SavedFlow>>;
}
