import { randomUUID } from 'node:crypto';
import type { ChildReport, FailureMode } from '../../src/domain/fan-out/fan-out-progress';
import type { ExecutionStore } from '../../src/ports/execution-store';
import type { FanOut, FanOutOpening, FanOutStore } from '../../src/ports/fan-out-store';
import { ITEM_PAGE_BYTES } from '../../src/storage/fan-out-items';
import { dynamoItemBytes } from '../support/dynamo-item-size';
import { createIn, now } from './store-fixtures';

export interface FanOutStoreUnderTest {
  /** Stores on one table: the executions (parents, and their deletion) and their fan-outs. */
  stores: () => { executions: ExecutionStore; fanOuts: FanOutStore };
  /** The items of a partition whose sort key starts with `skPrefix`, as stored, to measure them. */
  stored: (executionId: string, skPrefix: string) => Promise<Array<Record<string, unknown>>>;
  /**
   * Children the largest-item test ends one by one (10,000 by default). Its sizes are measured on
   * the item as stored, the same shape in both stores, so the DynamoDB run may end fewer: 10,000
   * conditional writes take about a minute on DynamoDB Local, milliseconds in memory.
   */
  largestItemChildren?: number;
}

/**
 * The FanOutStore port's contract (docs/decisions/0025-fan-out-as-child-executions.md), run
 * against the DynamoDB store on DynamoDB Local and against the in-memory store: each race of the
 * decision record, answered the same way by both. Concurrent calls go through Promise.all, so
 * each store's writes interleave as concurrent invocations' would.
 */
export function fanOutStoreContract(subject: FanOutStoreUnderTest): void {
  let executions: ExecutionStore;
  let fanOuts: FanOutStore;
  beforeAll(() => {
    ({ executions, fanOuts } = subject.stores());
  });

  const opening = (over: Partial<FanOutOpening> & { total: number }): FanOutOpening => {
    const mode: FailureMode = over.mode ?? { kind: 'map' };
    return {
      parentId: randomUUID(),
      seq: 3,
      stateName: 'each order',
      mode,
      maxConcurrency: 2,
      items: mode.kind === 'map' ? Array.from({ length: over.total }, (_, i) => ({ order: i })) : [{ input: 1 }],
      at: now(),
      ...over,
    };
  };
  const open = async (over: Partial<FanOutOpening> & { total: number }) => {
    const o = opening(over);
    const outcome = await fanOuts.open(o);
    return { ref: { parentId: o.parentId, seq: o.seq }, opening: o, ...outcome };
  };
  const ended = (
    slot: number,
    index: number,
    end: ChildReport['end'] = 'SUCCEEDED',
    extra: Partial<ChildReport> = {},
  ): ChildReport => ({ generation: 0, slot, index, end, ...extra });
  const counts = (f: FanOut | undefined) => f && { ...f.counts, nextIndex: f.nextIndex, status: f.status };

  it('opens a fan-out with its first indexes in their slots, and reads it back', async () => {
    const { ref, opened, fanOut, toStart } = await open({ total: 5, maxConcurrency: 3 });
    expect(opened).toBe(true);
    expect(toStart).toEqual([0, 1, 2]);
    expect(fanOut).toMatchObject({
      ...ref,
      kind: 'map',
      stateName: 'each order',
      maxConcurrency: 3,
      status: 'RUNNING',
      mode: { kind: 'map' },
      slots: new Map([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
      nextIndex: 3,
      counts: { total: 5, succeeded: 0, failed: 0, aborted: 0 },
      generation: 0,
    });
    expect(await fanOuts.load(ref)).toEqual(fanOut);
    expect(await fanOuts.load({ ...ref, seq: 4 })).toBeUndefined();
  });

  it('answers a second open of the same fan-out with the stored one and its pages, even if its items differ', async () => {
    const first = await open({ total: 4, maxConcurrency: 2 });
    await fanOuts.report(first.ref, ended(0, 0), now());
    const again = await fanOuts.open({ ...first.opening, items: [9, 9, 9, 9], at: now() });
    expect(again.opened).toBe(false);
    expect(again.fanOut).toEqual(await fanOuts.load(first.ref));
    expect(again.toStart).toEqual([1, 2]);
    expect((await fanOuts.itemPage(again.fanOut, 3)).items).toContainEqual({ order: 3 });
  });

  it('refuses an opening whose items do not fit its children, or a step number under 1, writing nothing', async () => {
    for (const bad of [
      opening({ total: 3, items: [1, 2] }),
      opening({ total: 2, mode: { kind: 'parallel' }, items: [1, 2] }),
      opening({ total: 1, seq: 0 }),
    ]) {
      await expect(fanOuts.open(bad)).rejects.toThrow(RangeError);
      expect(await subject.stored(bad.parentId, 'ITEMS#')).toEqual([]);
      expect(await subject.stored(bad.parentId, 'FANOUT#')).toEqual([]);
    }
  });

  it('opens a fan-out of no items: nothing to start, and it joins as succeeded at once', async () => {
    const { ref, fanOut, toStart } = await open({ total: 0 });
    expect(toStart).toEqual([]);
    expect(fanOut.slots.size).toBe(0);
    await expect(fanOuts.itemPage(fanOut, 0)).rejects.toThrow(/no item 0/);
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: true, decision: { status: 'succeeded' } });
    expect((await fanOuts.load(ref))?.status).toBe('SUCCEEDED');
  });

  it('counts an end once: a duplicate report is refused and answers what the first may have left undone', async () => {
    const { ref } = await open({ total: 5, maxConcurrency: 2 });
    const first = await fanOuts.report(ref, ended(0, 0), now());
    expect(first).toMatchObject({ applied: true, start: 2, decision: { status: 'running' } });
    const duplicate = await fanOuts.report(ref, ended(0, 0), now());
    expect(duplicate).toMatchObject({ applied: false, start: 2, decision: { status: 'running' } });
    expect(counts(duplicate.fanOut)).toEqual({
      total: 5,
      succeeded: 1,
      failed: 0,
      aborted: 0,
      nextIndex: 3,
      status: 'RUNNING',
    });
    expect(await fanOuts.report({ ...ref, seq: 99 }, ended(0, 0), now())).toEqual({ applied: false });
    await expect(fanOuts.report(ref, ended(-1, 0), now())).rejects.toThrow(RangeError);
    await expect(fanOuts.report(ref, ended(0, 2, 'LOST' as ChildReport['end']), now())).rejects.toThrow(RangeError);
  });

  it('counts two children that end at once in different slots, each starting its own next index', async () => {
    const { ref } = await open({ total: 6, maxConcurrency: 3 });
    const [a, b] = await Promise.all([
      fanOuts.report(ref, ended(0, 0), now()),
      fanOuts.report(ref, ended(2, 2), now()),
    ]);
    expect(a?.applied && b?.applied).toBe(true);
    expect([a?.start, b?.start].sort()).toEqual([3, 4]);
    expect(counts(await fanOuts.load(ref))).toMatchObject({ succeeded: 2, nextIndex: 5 });
  });

  it('joins once when the last two children report at once and both try the join', async () => {
    const { ref } = await open({ total: 2, maxConcurrency: 2 });
    const finish = async (slot: number) => {
      const answer = await fanOuts.report(ref, ended(slot, slot), now());
      expect(answer.applied).toBe(true);
      expect(answer.start).toBeUndefined();
      return fanOuts.join(ref, now(), answer.fanOut);
    };
    const joins = await Promise.all([finish(0), finish(1)]);
    expect(joins.filter((j) => j.joined)).toHaveLength(1);
    expect(joins.find((j) => j.joined)).toMatchObject({
      decision: { status: 'succeeded' },
      fanOut: { status: 'SUCCEEDED' },
    });
    expect(counts(await fanOuts.load(ref))).toMatchObject({ succeeded: 2, status: 'SUCCEEDED' });
  });

  it('joins once among concurrent joins, and never on counts that do not decide it', async () => {
    const { ref, fanOut } = await open({ total: 2, maxConcurrency: 1 });
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: false, fanOut: { status: 'RUNNING' } });
    // A caller's view that would decide it, stale: the stored counts do not.
    const stale: FanOut = { ...fanOut, counts: { ...fanOut.counts, succeeded: 2 } };
    expect(await fanOuts.join(ref, now(), stale)).toMatchObject({ joined: false, fanOut: { status: 'RUNNING' } });
    await fanOuts.report(ref, ended(0, 0), now());
    await fanOuts.report(ref, ended(0, 1, 'FAILED'), now());
    const joins = await Promise.all([1, 2, 3].map(() => fanOuts.join(ref, now())));
    expect(joins.filter((j) => j.joined)).toHaveLength(1);
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: false, fanOut: { status: 'FAILED' } });
  });

  it('fails a parallel on its first failure, keeping that failure, its error cut and its cause left out to fit the item', async () => {
    const { ref } = await open({ total: 3, maxConcurrency: 3, mode: { kind: 'parallel' } });
    const long = 'é'.repeat(2000);
    const failed = await fanOuts.report(ref, ended(1, 1, 'FAILED', { error: `Bad.${long}`, cause: long }), now());
    expect(failed).toMatchObject({ applied: true, decision: { status: 'failed', index: 1 } });
    const decision = failed.decision as { error: string; cause?: string };
    expect(decision.error.startsWith('Bad.é')).toBe(true);
    expect(Buffer.byteLength(decision.error)).toBeLessThanOrEqual(64);
    expect(decision.cause).toBeUndefined();
    const timedOut = await fanOuts.report(ref, ended(0, 0, 'TIMED_OUT'), now());
    expect(timedOut.fanOut?.firstFailure).toEqual(failed.fanOut?.firstFailure);
    expect(counts(timedOut.fanOut)).toMatchObject({ failed: 2 });
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: true, decision: { status: 'failed', index: 1 } });
  });

  it("keeps a map's tolerated failures and fails it only past them, with the threshold's error", async () => {
    const mode: FailureMode = { kind: 'map', tolerance: { count: 1, percentage: 50 } };
    const { ref, fanOut } = await open({ total: 4, maxConcurrency: 4, mode });
    expect(fanOut.mode).toEqual(mode);
    expect((await fanOuts.report(ref, ended(0, 0, 'FAILED'), now())).decision).toEqual({ status: 'running' });
    const second = await fanOuts.report(ref, ended(1, 1, 'ABORTED'), now());
    expect(second.decision).toMatchObject({ status: 'failed', error: 'States.ExceedToleratedFailureThreshold' });
    expect(counts(second.fanOut)).toMatchObject({ failed: 1, aborted: 1 });
  });

  it('refuses a report naming another generation (one from before a redrive), counting nothing', async () => {
    const { ref, fanOut } = await open({ total: 3, maxConcurrency: 2 });
    const late = await fanOuts.report(ref, { ...ended(0, 0), generation: 1 }, now());
    expect(late).toMatchObject({ applied: false, decision: { status: 'running' } });
    expect(late.start).toBeUndefined();
    expect(await fanOuts.load(ref)).toEqual(fanOut);
  });

  it('counts a report while aborting but starts nothing, and moves ABORTING to ABORTED once', async () => {
    const { ref } = await open({ total: 5, maxConcurrency: 2 });
    expect(await fanOuts.abort(ref, now())).toMatchObject({ applied: true, fanOut: { status: 'ABORTING' } });
    expect(await fanOuts.abort(ref, now())).toMatchObject({ applied: false, fanOut: { status: 'ABORTING' } });
    const late = await fanOuts.report(ref, ended(1, 1), now());
    expect(late).toMatchObject({ applied: true, fanOut: { counts: { succeeded: 1 }, status: 'ABORTING' } });
    expect(late.start).toBeUndefined();
    expect((await fanOuts.report(ref, ended(1, 1), now())).start).toBeUndefined();
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: false, fanOut: { status: 'ABORTING' } });
    expect(await fanOuts.markAborted(ref, now())).toMatchObject({ applied: true, fanOut: { status: 'ABORTED' } });
    expect(await fanOuts.markAborted(ref, now())).toMatchObject({ applied: false });
    expect(await fanOuts.abort({ ...ref, seq: 99 }, now())).toEqual({ applied: false });
  });

  it('refuses to stop a fan-out that is joined', async () => {
    const { ref } = await open({ total: 1, maxConcurrency: 1 });
    await fanOuts.report(ref, ended(0, 0), now());
    expect((await fanOuts.join(ref, now())).joined).toBe(true);
    expect(await fanOuts.abort(ref, now())).toMatchObject({ applied: false, fanOut: { status: 'SUCCEEDED' } });
  });

  it("round-trips 10,000 small items through pages of at most 4 KB, and a parallel's one input", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `item-${i}`, n: i }));
    const { fanOut, opening: o } = await open({ total: items.length, maxConcurrency: 100, items });
    const read: unknown[] = [];
    while (read.length < items.length) read.push(...(await fanOuts.itemPage(fanOut, read.length)).items);
    expect(read).toEqual(items);
    expect((await fanOuts.itemPage(fanOut, 4321)).items).toContainEqual({ id: 'item-4321', n: 4321 });
    const pages = await subject.stored(o.parentId, 'ITEMS#');
    expect(pages.length).toBeGreaterThan(items.length / 200);
    expect(pages.length).toBeLessThan(items.length / 100);
    for (const page of pages) expect(dynamoItemBytes(page)).toBeLessThanOrEqual(ITEM_PAGE_BYTES);
    const parallel = await open({ total: 3, mode: { kind: 'parallel' }, items: [{ order: 'o-1' }] });
    expect(await fanOuts.itemPage(parallel.fanOut, 0)).toEqual({ first: 0, items: [{ order: 'o-1' }] });
    await expect(fanOuts.itemPage(parallel.fanOut, 1)).rejects.toThrow(/no item 1/);
  });

  it('pages large items near the 4 KB bound, one item over it as a page of its own', async () => {
    const items = [1900, 1900, 1900, 3900, 5000, 10, 2000].map((bytes, i) => ({ i, pad: 'x'.repeat(bytes) }));
    const { fanOut, opening: o } = await open({ total: items.length, items });
    for (const [index, item] of items.entries())
      expect((await fanOuts.itemPage(fanOut, index)).items).toContainEqual(item);
    const pages = await subject.stored(o.parentId, 'ITEMS#');
    expect(pages.map((p) => p.first_index)).toEqual([0, 2, 3, 4, 5]);
    for (const page of pages.filter((p) => p.first_index !== 4))
      expect(dynamoItemBytes(page)).toBeLessThanOrEqual(ITEM_PAGE_BYTES);
  });

  it('keeps the fan-out item under 1 KB with 100 slots over 10,000 items, every child ended', async () => {
    // The longest id a caller can give, and the longest state name.
    const parentId = 'p'.repeat(64);
    const { ref } = await open({
      parentId,
      total: 10_000,
      maxConcurrency: 100,
      stateName: 'n'.repeat(128),
      mode: { kind: 'map', tolerance: { percentage: 100 } },
    });
    const sizes: number[] = [];
    const measure = async () => sizes.push(dynamoItemBytes((await subject.stored(parentId, 'FANOUT#'))[0]!));
    await measure();
    const failure = { error: 'E'.repeat(200), cause: 'c'.repeat(500) };
    // Each round ends the child in every slot at once; a slot's next index is the one its report took.
    const rounds = (subject.largestItemChildren ?? 10_000) / 100;
    const inSlot = Array.from({ length: 100 }, (_, slot) => slot);
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        inSlot.map(async (index, slot) => {
          const answer = await fanOuts.report(
            ref,
            ended(slot, index, slot === 7 ? 'FAILED' : 'SUCCEEDED', failure),
            now(),
          );
          expect(answer.applied).toBe(true);
          inSlot[slot] = answer.fanOut!.slots.get(slot)!;
        }),
      );
      if (round % 25 === 0) await measure();
    }
    await measure();
    const last = await fanOuts.load(ref);
    expect(counts(last)).toEqual({
      total: 10_000,
      succeeded: rounds * 99,
      failed: rounds,
      aborted: 0,
      nextIndex: rounds * 100 + 100,
      status: 'RUNNING',
    });
    // A redrive adds one attribute, `reruns` (src/storage/rerun-walk.ts); the slots' values stay as large.
    expect(Math.max(...sizes) + dynamoItemBytes({ reruns: 9999 })).toBeLessThan(1024);
    // Every child ended only in the full run: only then do the counts decide the join.
    expect((await fanOuts.join(ref, now())).joined).toBe(rounds === 100);
  }, 180_000);

  it("reads an execution's fan-out items newest first, at most the limit, none of another's and no item page", async () => {
    const parentId = randomUUID();
    await open({ parentId, seq: 2, total: 3, stateName: 'first' });
    const middle = await open({ parentId, seq: 10, total: 300, stateName: 'second', mode: { kind: 'parallel' } });
    await fanOuts.report(middle.ref, ended(0, 0, 'FAILED', { error: 'Boom' }), now());
    await open({ parentId, seq: 11, total: 1, stateName: 'first' });
    await open({ parentId: randomUUID(), seq: 12, total: 1 });
    const all = await fanOuts.recentFanOuts(parentId, 100);
    expect(all.map((f) => [f.seq, f.stateName])).toEqual([
      [11, 'first'],
      [10, 'second'],
      [2, 'first'],
    ]);
    expect(all[1]).toEqual(await fanOuts.load(middle.ref));
    expect(all[1]).toMatchObject({ counts: { total: 300, failed: 1 }, nextIndex: 3 });
    expect((await fanOuts.recentFanOuts(parentId, 2)).map((f) => f.seq)).toEqual([11, 10]);
    expect(await fanOuts.recentFanOuts(randomUUID(), 100)).toEqual([]);
  });

  it("deletes a parent's fan-out items and item pages with the parent", async () => {
    const parent = await createIn(executions, 'fan-out-delete', now(), 'RUNNING');
    const { ref, fanOut } = await open({ parentId: parent.execution_id, total: 300, maxConcurrency: 10 });
    await open({ parentId: parent.execution_id, seq: 5, total: 2 });
    expect((await subject.stored(ref.parentId, 'ITEMS#')).length).toBeGreaterThan(1);
    expect(await executions.deleteExecution(parent.execution_id)).toBe(true);
    expect(await fanOuts.load(ref)).toBeUndefined();
    expect(await fanOuts.load({ ...ref, seq: 5 })).toBeUndefined();
    expect(await subject.stored(ref.parentId, 'FANOUT#')).toEqual([]);
    expect(await subject.stored(ref.parentId, 'ITEMS#')).toEqual([]);
    await expect(fanOuts.itemPage(fanOut, 0)).rejects.toThrow(/no page/);
  });
}
