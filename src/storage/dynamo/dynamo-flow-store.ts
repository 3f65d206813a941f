import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FlowVersion, SavedFlow } from '../../domain/saved-flow/saved-flow';
import {
  decodeVersionToken,
  encodeVersionToken,
  flowVersionToItem,
  itemToFlowVersion,
  itemToSavedFlow,
  savedFlowUpdate,
} from '../flow-item-mapping';
import type { Page, PageQuery } from '../../domain/paging/page';
import type { FlowStore, NewFlowVersion } from '../../ports/flow-store';
import { decodeListToken, encodeListToken, FLOW_CREATED_KEY } from '../list-token';
import { readShardedPage } from './sharded-list';
import {
  FLOW_LIST_PARTITION,
  FLOW_VERSION_PREFIX,
  type FlowVersionItem,
  keys,
  SAVED_FLOW_SK,
  type SavedFlowItem,
  TABLE,
} from '../table-schema';

/** Why a transaction may be cancelled when a concurrent save won: anything else is an error. */
const LOST_RACE = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

function lostRace(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TransactionConflictException') return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.every((r) => LOST_RACE.has(r.Code ?? 'None'));
}

export class DynamoFlowStore implements FlowStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadFlow(flowId: string): Promise<SavedFlow | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.savedFlow(flowId), ConsistentRead: true }),
    );
    return out.Item && itemToSavedFlow(out.Item as SavedFlowItem);
  }

  async appendVersion(v: NewFlowVersion): Promise<boolean> {
    const flowId = v.flow.id;
    const { sets, setOnce } = savedFlowUpdate(flowId, v.flow, v.version, v.contentHash ?? v.definitionHash, v.at);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [field, value] of Object.entries(sets)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      parts.push(`#${field} = :${field}`);
    }
    for (const [field, value] of Object.entries(setOnce)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      parts.push(`#${field} = if_not_exists(#${field}, :${field})`);
    }
    const first = v.expectedLatest === 0;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: flowVersionToItem(flowId, v.version, v.flow, v.definitionHash, v.at, v.defaultInput),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.savedFlow(flowId),
                UpdateExpression: `SET ${parts.join(', ')}`,
                ConditionExpression: first ? 'attribute_not_exists(#pk)' : '#latest_version = :expected',
                ExpressionAttributeNames: { ...names, ...(first && { '#pk': 'pk' }) },
                ExpressionAttributeValues: { ...values, ...(!first && { ':expected': v.expectedLatest }) },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lostRace(error)) return false;
      throw error;
    }
  }

  async loadVersion(flowId: string, version?: number): Promise<FlowVersion | undefined> {
    if (version !== undefined) {
      const out = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.flowVersion(flowId, version), ConsistentRead: true }),
      );
      return out.Item && itemToFlowVersion(out.Item as FlowVersionItem);
    }
    // The latest version is the last sort key of the partition: one read, no need for the flow item.
    const page = await this.queryVersions(flowId, 1);
    return page.items[0];
  }

  async versionPage(flowId: string, query: PageQuery): Promise<Page<FlowVersion>> {
    const below = query.nextToken === undefined ? undefined : decodeVersionToken(query.nextToken, flowId);
    return this.queryVersions(flowId, query.limit, below);
  }

  async listFlows(query: PageQuery): Promise<Page<SavedFlow>> {
    const index = TABLE.indexes.byCreated;
    const scope = { index: index.name, value: FLOW_LIST_PARTITION };
    const before =
      query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, scope, FLOW_CREATED_KEY);
    const page = await readShardedPage(this.client, this.tableName, {
      index,
      value: FLOW_LIST_PARTITION,
      range: before === undefined ? {} : { below: before },
      limit: query.limit,
    });
    // The index holds the order; the flow items hold the latest version (not projected into the index).
    const flows = await this.loadFlowItems(page.items.map((item) => String(item.pk)));
    return {
      items: page.items.map((item) => flows.get(String(item.pk))).filter((f): f is SavedFlow => f !== undefined),
      ...(page.boundary !== undefined && { nextToken: encodeListToken(scope, page.boundary) }),
    };
  }

  private async queryVersions(flowId: string, limit: number, below?: number): Promise<Page<FlowVersion>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression:
          below === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :below',
        ExpressionAttributeValues: {
          ':pk': keys.flowPartition(flowId),
          ':prefix': FLOW_VERSION_PREFIX,
          ...(below !== undefined && { ':below': keys.versionSk(below - 1) }),
        },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const items = ((out.Items ?? []) as FlowVersionItem[]).map(itemToFlowVersion);
    const last = items.at(-1);
    const more = out.LastEvaluatedKey !== undefined && last !== undefined && last.version > 1;
    return { items, ...(more && { nextToken: encodeVersionToken(flowId, last.version) }) };
  }

  /** The flow items of these partitions (at most 100: one page), by partition key. */
  private async loadFlowItems(partitions: string[]): Promise<Map<string, SavedFlow>> {
    const found = new Map<string, SavedFlow>();
    let requested = partitions.map((pk) => ({ pk, sk: SAVED_FLOW_SK }));
    for (let attempt = 0; requested.length > 0; attempt++) {
      if (attempt > 8) throw new Error('could not read every listed flow');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: requested } } }),
      );
      for (const item of (out.Responses?.[this.tableName] ?? []) as SavedFlowItem[])
        found.set(item.pk, itemToSavedFlow(item));
      requested = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof requested;
    }
    return found;
  }
}
