import { z } from 'zod';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import type { FlowVersion, SavedFlow } from '../domain/saved-flow/saved-flow';
import { decodeToken, encodeToken } from '../domain/paging/opaque-token';
import { packJson, parsePackedJson } from './packed-json';
import { type FlowVersionItem, keys, type SavedFlowItem } from './table-schema';

/** Pure conversions between saved-flow items and domain records, and the version pages' token. */
export const flowVersionToItem = (
  flowId: string,
  version: number,
  flow: FlowDefinition,
  hash: string,
  at: string,
  defaultInput?: Record<string, unknown>,
): FlowVersionItem => ({
  ...keys.flowVersion(flowId, version),
  flow_id: flowId,
  version,
  flow_name: flow.name,
  definition_hash: hash,
  definition_json: packJson(JSON.stringify(flow)),
  ...(defaultInput !== undefined && { default_input_json: packJson(JSON.stringify(defaultInput)) }),
  created_at: at,
});

export const itemToFlowVersion = (item: FlowVersionItem): FlowVersion => ({
  flow_id: item.flow_id,
  version: item.version,
  flow_name: item.flow_name,
  definition_hash: item.definition_hash,
  created_at: item.created_at,
  flow: parsePackedJson<FlowDefinition>(item.definition_json),
  ...(item.default_input_json !== undefined && {
    default_input: parsePackedJson<Record<string, unknown>>(item.default_input_json),
  }),
});

export const itemToSavedFlow = (item: SavedFlowItem): SavedFlow => ({
  flow_id: item.flow_id,
  flow_name: item.flow_name,
  latest_version: item.latest_version,
  latest_hash: item.latest_hash,
  created_at: item.created_at,
  updated_at: item.updated_at,
});

/**
 * The flow item's fields a new latest version sets. `created_at` and the list index keys are set
 * by the first version only (`if_not_exists`), so a flow keeps its place in the list.
 */
export function savedFlowUpdate(flowId: string, flow: FlowDefinition, version: number, hash: string, at: string) {
  return {
    sets: { flow_id: flowId, flow_name: flow.name, latest_version: version, latest_hash: hash, updated_at: at },
    setOnce: { created_at: at, list_pk: keys.flowListPk(flowId), created_key: keys.createdKey(at, flowId) },
  };
}

const VersionTokenSchema = z.strictObject({
  f: z.string().max(LIMITS.maxNameLength),
  v: z.int().min(1).max(LIMITS.maxFlowVersions),
});

/** A page of versions goes on below the last version it returned; the token is only valid for the same flow. */
export const encodeVersionToken = (flowId: string, lastVersion: number): string =>
  encodeToken({ f: flowId, v: lastVersion });

export const decodeVersionToken = (token: string, flowId: string): number =>
  decodeToken(token, VersionTokenSchema, {
    expected: "a previous page of this flow's versions",
    belongs: (t) => t.f === flowId,
  }).v;
