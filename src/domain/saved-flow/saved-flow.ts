import { createHash } from 'node:crypto';
import { ConflictError, type ErrorDetail } from '../errors';
import type { Page } from '../paging/page';
import type { FlowDefinition } from '../flow/flow-definition';
import { LIMITS } from '../limits';
import { EXECUTION_STATUSES, type ExecutionStatus } from '../statuses';

/**
 * A saved flow: a flow id under which validated definitions are registered once, each as an
 * immutable numbered version, and started many times (as Step Functions does with state machines
 * and their versions).
 */
export interface SavedFlow {
  flow_id: string;
  /** The latest version's `name`. */
  flow_name: string;
  latest_version: number;
  /** Content hash of the latest version (versionContentHash): saving the same again returns that version. */
  latest_hash: string;
  /** When version 1 was saved. */
  created_at: string;
  /** When the latest version was saved. */
  updated_at: string;
}

/** One version without its definition: what a page of versions lists. */
export interface FlowVersionSummary {
  flow_id: string;
  version: number;
  flow_name: string;
  definition_hash: string;
  created_at: string;
}

/** One immutable version: the definition as validated when it was saved. */
export interface FlowVersion extends FlowVersionSummary {
  flow: FlowDefinition;
  /** The input saved with it (a sample's `input`): what a start that gives none runs with. */
  default_input?: Record<string, unknown>;
}

/**
 * What a save compares with the latest version: the definition's hash alone when there is no
 * default input (as for every version saved before default inputs existed), else a hash of both,
 * so that changing only the default input makes a new version rather than being lost.
 */
export function versionContentHash(definitionHash: string, defaultInput?: Record<string, unknown>): string {
  if (defaultInput === undefined) return definitionHash;
  return createHash('sha256')
    .update(JSON.stringify({ definition_hash: definitionHash, default_input: defaultInput }), 'utf8')
    .digest('hex');
}

/**
 * What saving a definition does, given the flow as last read: return the latest version if it has
 * the same content (a repeated save is idempotent), else append the next number, conditional on
 * the latest version still being `expected`. Only the latest version is compared: saving an older
 * definition again makes it the latest, under a new number, so "latest" is always what was saved last.
 */
export type SaveDecision =
  { kind: 'existing'; version: number } | { kind: 'append'; version: number; expected: number };

export function decideSave(current: SavedFlow | undefined, hash: string): SaveDecision {
  if (!current) return { kind: 'append', version: 1, expected: 0 };
  if (current.latest_hash === hash) return { kind: 'existing', version: current.latest_version };
  if (current.latest_version >= LIMITS.maxFlowVersions) {
    throw new ConflictError(
      `flow ${current.flow_id} has ${current.latest_version} versions, the most one flow may have`,
    );
  }
  return { kind: 'append', version: current.latest_version + 1, expected: current.latest_version };
}

/** Executions per status, every status present (0 when none). */
export type StatusCounts = Record<ExecutionStatus, number>;

export function tallyStatuses(statuses: Iterable<string>): StatusCounts {
  const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const status of statuses) if (Object.hasOwn(counts, status)) counts[status as ExecutionStatus]++;
  return counts;
}

/** How many executions of a flow there are per status, and whether every one was counted. */
export interface ExecutionCounts {
  counts: StatusCounts;
  /** False when the count stopped at its bound (LIMITS.flowCountPerShard per shard): the newest were counted. */
  complete: boolean;
}

/** What saving a flow did. */
export interface SavedVersion {
  version: FlowVersionSummary;
  /** False when the definition was the latest version's already, which is then returned. */
  created: boolean;
  warnings: ErrorDetail[];
}

/** A saved flow as its page shows it. */
export interface SavedFlowDetail {
  flow: SavedFlow;
  /** The version shown in full: the one asked for, else the latest. */
  shown: FlowVersion;
  versions: Page<FlowVersionSummary>;
  executions: ExecutionCounts;
}
