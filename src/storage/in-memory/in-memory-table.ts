import type { DefinitionItem, ExecutionItem, NameReservationItem, StepItem } from '../table-schema';

/** The outcome of a conditional write: the item as written, or as it was when the condition refused it. */
export type Written<T> = { ok: true; item: T } | { ok: false; old?: T };

/** What a conditional update sets (undefined values are skipped, as updateExpression does) and removes. */
export interface ItemUpdate {
  set: Record<string, unknown>;
  remove?: readonly string[];
}

/**
 * The items of the single table (src/storage/table-schema.ts), kept in memory in the same shapes
 * DynamoDB stores: heads, definitions, step records, fan-out items and their item pages, name
 * reservations, the sweep position. Every item goes in and comes out as a deep copy, so no caller
 * can change stored state by mutating an object it passed or got back. Each write runs to completion synchronously, between two awaits,
 * so a condition and its update are atomic, as one DynamoDB request is.
 */
export class InMemoryTable {
  private readonly heads = new Map<string, ExecutionItem>();
  private readonly definitions = new Map<string, DefinitionItem>();
  private readonly steps = new Map<string, Map<number, StepItem>>();
  /** Other items of an execution's partition (fan-out items, item pages), by sort key. */
  private readonly others = new Map<string, Map<string, PartitionItem>>();
  private readonly names = new Map<string, NameReservationItem>();
  /** Sub-flows by their parent's partition, then content hash. */
  private readonly subFlows = new Map<string, Map<string, DefinitionItem>>();
  private sweep?: { shard: number; after_json?: string };

  head(executionId: string): ExecutionItem | undefined {
    return copy(this.heads.get(executionId));
  }

  /** Every head, for the index reads (list, due, active, counts): copies, in no particular order. */
  allHeads(): ExecutionItem[] {
    return [...this.heads.values()].map((item) => copy(item));
  }

  putHead(item: ExecutionItem): void {
    this.heads.set(item.execution_id, copy(item));
  }

  /**
   * One conditional update of a head (DynamoDB UpdateItem with a ConditionExpression): refused,
   * with no old item, when there is no head, since every condition of the store names an attribute.
   */
  updateHead(
    executionId: string,
    condition: (head: ExecutionItem) => boolean,
    update: ItemUpdate | ((head: ExecutionItem) => ItemUpdate),
  ): Written<ExecutionItem> {
    const current = this.heads.get(executionId);
    if (!current) return { ok: false };
    if (!condition(copy(current))) return { ok: false, old: copy(current) };
    const { set, remove = [] } = typeof update === 'function' ? update(copy(current)) : update;
    const next: Record<string, unknown> = { ...copy(current) };
    for (const [field, value] of Object.entries(set)) if (value !== undefined) next[field] = copy(value);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- DynamoDB's REMOVE, by attribute name
    for (const field of remove) delete next[field];
    this.heads.set(executionId, next as unknown as ExecutionItem);
    return { ok: true, item: copy(next as unknown as ExecutionItem) };
  }

  definition(executionId: string): DefinitionItem | undefined {
    return copy(this.definitions.get(executionId));
  }

  putDefinition(executionId: string, item: DefinitionItem): void {
    this.definitions.set(executionId, copy(item));
  }

  subFlow(parentId: string, hash: string): DefinitionItem | undefined {
    return copy(this.subFlows.get(parentId)?.get(hash));
  }

  putSubFlow(parentId: string, item: DefinitionItem): void {
    const flows = this.subFlows.get(parentId) ?? new Map<string, DefinitionItem>();
    flows.set(item.definition_hash, copy(item));
    this.subFlows.set(parentId, flows);
  }

  step(executionId: string, seq: number): StepItem | undefined {
    return copy(this.steps.get(executionId)?.get(seq));
  }

  /** Records `from..to` of one execution, in order of seq (its partition's sort key). */
  stepRange(executionId: string, from: number, to: number): StepItem[] {
    const records = [...(this.steps.get(executionId)?.values() ?? [])].filter((s) => s.seq >= from && s.seq <= to);
    return records.sort((a, b) => a.seq - b.seq).map((s) => copy(s));
  }

  /** A conditional put of a step record: `condition` sees the record it would replace, if any. */
  putStep(executionId: string, item: StepItem, condition: (existing: StepItem | undefined) => boolean): boolean {
    const records = this.steps.get(executionId) ?? new Map<number, StepItem>();
    if (!condition(copy(records.get(item.seq)))) return false;
    records.set(item.seq, copy(item));
    this.steps.set(executionId, records);
    return true;
  }

  /** A conditional delete of a step record; false if it is absent or the condition refuses it. */
  deleteStep(executionId: string, seq: number, condition: (existing: StepItem) => boolean): boolean {
    const existing = this.steps.get(executionId)?.get(seq);
    if (!existing || !condition(copy(existing))) return false;
    this.steps.get(executionId)!.delete(seq);
    return true;
  }

  /** Removes every item of an execution's partition: head, definition, sub-flows, step records. */
  deletePartition(executionId: string): void {
    this.heads.delete(executionId);
    this.definitions.delete(executionId);
    this.subFlows.delete(executionId);
    this.steps.delete(executionId);
    this.others.delete(executionId);
  }

  /** The partition's other items whose sort key starts with `prefix`, in sort key order. */
  itemsUnder<T extends PartitionItem>(executionId: string, prefix: string): T[] {
    const items = [...(this.others.get(executionId)?.values() ?? [])].filter((i) => i.sk.startsWith(prefix));
    return items.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0)).map((i) => copy(i as T));
  }

  /** A put on condition that no item has its key (attribute_not_exists); refused with the item there. */
  putNewItem<T extends PartitionItem>(executionId: string, item: T): Written<T> {
    const items = this.others.get(executionId) ?? new Map<string, PartitionItem>();
    const existing = items.get(item.sk);
    if (existing) return { ok: false, old: copy(existing as T) };
    items.set(item.sk, copy(item));
    this.others.set(executionId, items);
    return { ok: true, item: copy(item) };
  }

  /** One conditional update of another item, as updateHead does for heads. */
  updateItem<T extends PartitionItem>(
    executionId: string,
    sk: string,
    condition: (item: T) => boolean,
    update: (item: T) => ItemUpdate,
  ): Written<T> {
    const current = this.others.get(executionId)?.get(sk) as T | undefined;
    if (!current) return { ok: false };
    if (!condition(copy(current))) return { ok: false, old: copy(current) };
    const { set, remove = [] } = update(copy(current));
    const next = { ...copy(current) } as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(set)) if (value !== undefined) next[field] = copy(value);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- DynamoDB's REMOVE, by attribute name
    for (const field of remove) delete next[field];
    this.others.get(executionId)!.set(sk, next as unknown as PartitionItem);
    return { ok: true, item: copy(next as unknown as T) };
  }

  nameReservation(name: string): NameReservationItem | undefined {
    return copy(this.names.get(name));
  }

  putNameReservation(item: NameReservationItem): void {
    this.names.set(item.name, copy(item));
  }

  sweepPosition(): { shard: number; after_json?: string } | undefined {
    return copy(this.sweep);
  }

  putSweepPosition(item: { shard: number; after_json?: string }): void {
    this.sweep = copy(item);
  }
}

/** Any item of an execution's partition, by its sort key. */
interface PartitionItem {
  pk: string;
  sk: string;
}

/** A deep copy (binary attributes included); undefined stays undefined. */
export const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

/**
 * Where one DynamoDB request would go over the network: other work waiting in the event loop runs
 * first, so the writes of concurrent callers interleave between requests as they would against
 * the table, never within one.
 */
export const request = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
