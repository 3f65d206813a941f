import type { ChildReport } from '../../domain/fan-out/fan-out-progress';
import { applyJoin, reportEnd, type ReportOutcome } from '../../engine/fan-out/fan-out-report';
import type {
  FanOut,
  FanOutOpening,
  FanOutRef,
  FanOutStore,
  ItemPage,
  JoinAnswer,
  OpenOutcome,
  RedriveAnswer,
  ReportAnswer,
  StatusAnswer,
} from '../../ports/fan-out-store';
import type { StoreOptions } from '../dynamo/dynamo-execution-store';
import { appliedReport, refusedRedrive, refusedReport, runningIndexes } from '../fan-out-answers';
import {
  checkItemIndex,
  cutReport,
  type FanOutItem,
  type ItemPageItem,
  itemToFanOut,
  openingItems,
  pageOf,
  progressFields,
} from '../fan-out-items';
import { indexInPage, redriveWrites, type RerunPageItem, rerunPosition } from '../rerun-walk';
import { keys } from '../table-schema';
import { type InMemoryTable, request } from './in-memory-table';

const DAY_SECONDS = 86_400;
/** Fan-out items and pages outlive the parent that runs on them, as its definition does. */
const LONGEST_RUN_DAYS = 366;

/**
 * The FanOutStore port in memory, on the table an InMemoryExecutionStore keeps (so deleting the
 * parent deletes its fan-outs). Each write applies the pure rules (src/engine/fan-out/
 * fan-out-report.ts) to the stored item atomically, as the DynamoDB store's one conditional
 * update does; tests/contract/fan-out-store-contract.ts holds both to the same answers.
 */
export class InMemoryFanOutStore implements FanOutStore {
  constructor(
    private readonly table: InMemoryTable,
    private readonly options: StoreOptions = { retentionDays: 90 },
  ) {}

  async open(opening: FanOutOpening): Promise<OpenOutcome> {
    const { fanOut, pages, toStart } = openingItems(opening, this.expiresAt(opening.at));
    // Pages first: a fan-out item that exists always has its pages. A page there already is the same page.
    for (const page of pages) {
      await request();
      this.table.putNewItem(opening.parentId, page);
    }
    await request();
    const written = this.table.putNewItem(opening.parentId, fanOut);
    if (written.ok) return { opened: true, fanOut: itemToFanOut(written.item), toStart };
    const stored = itemToFanOut(written.old!);
    return { opened: false, fanOut: stored, toStart: runningIndexes(stored) };
  }

  async load(ref: FanOutRef): Promise<FanOut | undefined> {
    await request();
    const { sk } = keys.fanOut(ref.parentId, ref.seq);
    const item = this.table.itemsUnder<FanOutItem>(ref.parentId, sk).find((i) => i.sk === sk);
    return item && itemToFanOut(item);
  }

  async recentFanOuts(parentId: string, limit: number): Promise<FanOut[]> {
    await request();
    return this.table.itemsUnder<FanOutItem>(parentId, keys.fanOutsPrefix).reverse().slice(0, limit).map(itemToFanOut);
  }

  async itemPage(fanOut: FanOut, index: number): Promise<ItemPage> {
    checkItemIndex(fanOut, index);
    await request();
    const prefix = keys.itemPagesPrefix(fanOut.seq, fanOut.itemsMark);
    const upTo = keys.itemPageSk(fanOut.seq, fanOut.itemsMark, index);
    const page = this.table
      .itemsUnder<ItemPageItem>(fanOut.parentId, prefix)
      .filter((p) => p.sk <= upTo)
      .at(-1);
    if (!page) throw new Error(`fan-out ${fanOut.parentId}/${fanOut.seq} has no page for item ${index}`);
    return pageOf(page);
  }

  async report(ref: FanOutRef, report: ChildReport, at: string): Promise<ReportAnswer> {
    const cut = cutReport(report);
    await request();
    const tried: { outcome: ReportOutcome } = { outcome: { applied: false } };
    const written = this.update(
      ref,
      (item) => (tried.outcome = reportEnd(itemToFanOut(item), cut)).applied,
      () => ({ ...(tried.outcome.applied && progressFields(tried.outcome.progress)), updated_at: at }),
    );
    return written.ok
      ? appliedReport(itemToFanOut(written.item), cut)
      : refusedReport(written.old && itemToFanOut(written.old), cut);
  }

  async join(ref: FanOutRef, at: string): Promise<JoinAnswer> {
    await request();
    const tried: { join: ReturnType<typeof applyJoin> } = { join: { applied: false } };
    const written = this.update(
      ref,
      (item) => (tried.join = applyJoin(itemToFanOut(item))).applied,
      () => ({ ...(tried.join.applied && { status: tried.join.progress.status }), updated_at: at }),
    );
    if (!written.ok) return { joined: false, ...(written.old && { fanOut: itemToFanOut(written.old) }) };
    if (!tried.join.applied) throw new Error('a join was written without deciding it');
    return { joined: true, fanOut: itemToFanOut(written.item), decision: tried.join.decision };
  }

  abort(ref: FanOutRef, at: string): Promise<StatusAnswer> {
    return this.move(ref, 'RUNNING', 'ABORTING', at);
  }

  markAborted(ref: FanOutRef, at: string): Promise<StatusAnswer> {
    return this.move(ref, 'ABORTING', 'ABORTED', at);
  }

  private async move(
    ref: FanOutRef,
    from: FanOutItem['status'],
    to: FanOutItem['status'],
    at: string,
  ): Promise<StatusAnswer> {
    await request();
    const written = this.update(
      ref,
      (item) => item.status === from,
      () => ({ status: to, updated_at: at }),
    );
    if (written.ok) return { applied: true, fanOut: itemToFanOut(written.item) };
    return { applied: false, ...(written.old && { fanOut: itemToFanOut(written.old) }) };
  }

  async redrive(ref: FanOutRef, rerun: readonly number[], at: string, resumedBy: number): Promise<RedriveAnswer> {
    const current = await this.load(ref);
    if (current?.status !== 'FAILED' && current?.status !== 'ABORTED') return refusedRedrive(current);
    const writes = redriveWrites(current, rerun, this.expiresAt(at), resumedBy);
    await request();
    // One atomic write, as the DynamoDB store's transaction: every page new, the item as it was read.
    const { sk } = keys.fanOut(ref.parentId, ref.seq);
    const pagesFree = writes.pages.every((page) => this.table.itemsUnder(ref.parentId, page.sk).length === 0);
    const written = this.table.updateItem<FanOutItem>(
      ref.parentId,
      sk,
      (item) => pagesFree && item.generation === current.generation && item.status === current.status,
      () => ({ set: { ...writes.set, updated_at: at }, remove: ['first_failure'] }),
    );
    if (!written.ok) return refusedRedrive(written.old && itemToFanOut(written.old));
    for (const page of writes.pages) this.table.putNewItem(ref.parentId, page);
    return { applied: true, fanOut: itemToFanOut(written.item), toStart: writes.toStart };
  }

  async childIndex(fanOut: FanOut, value: number): Promise<number> {
    const at = rerunPosition(fanOut, value);
    if (!at) return value;
    await request();
    const { sk } = keys.rerunPage(fanOut.parentId, fanOut.seq, fanOut.generation, at.page);
    const page = this.table.itemsUnder<RerunPageItem>(fanOut.parentId, sk).find((p) => p.sk === sk);
    return indexInPage(page, at.offset, fanOut);
  }

  private expiresAt(at: string): number {
    return Math.floor(Date.parse(at) / 1000) + (this.options.retentionDays + LONGEST_RUN_DAYS) * DAY_SECONDS;
  }

  private update(ref: FanOutRef, condition: (item: FanOutItem) => boolean, set: () => Record<string, unknown>) {
    return this.table.updateItem<FanOutItem>(ref.parentId, keys.fanOut(ref.parentId, ref.seq).sk, condition, () => ({
      set: set(),
    }));
  }
}
