import { randomUUID } from 'node:crypto';
import type { ChildReport, FailureMode } from '../../src/domain/fan-out/fan-out-progress';
import type { ExecutionStore } from '../../src/ports/execution-store';
import type { FanOutRef, FanOutStore } from '../../src/ports/fan-out-store';
import type { FanOutStoreUnderTest } from './fan-out-store-contract';
import { createIn, now } from './store-fixtures';

/**
 * The redrive of a fan-out (docs/decisions/0025-fan-out-as-child-executions.md, "Stop, timeout,
 * redrive"; src/storage/rerun-walk.ts): the slots walk the indexes to run again, a report from
 * before the redrive is refused, and one redrive wins. Run against both stores with the rest of
 * the fan-out store's contract.
 */
export function fanOutRedriveContract(subject: FanOutStoreUnderTest): void {
  let executions: ExecutionStore;
  let fanOuts: FanOutStore;
  beforeAll(() => {
    ({ executions, fanOuts } = subject.stores());
  });
  const open = async (
    total: number,
    maxConcurrency: number,
    mode: FailureMode = { kind: 'map' },
    parentId: string = randomUUID(),
  ) => {
    const ref: FanOutRef = { parentId, seq: 4 };
    const items = mode.kind === 'map' ? Array.from({ length: total }, (_, i) => i) : [{}];
    await fanOuts.open({ ...ref, stateName: 'each', mode, total, maxConcurrency, items, at: now() });
    return ref;
  };
  const report = (ref: FanOutRef, generation: number, slot: number, index: number, end: ChildReport['end']) =>
    fanOuts.report(ref, { generation, slot, index, end }, now());

  it('resumes a failed map: the slots walk the indexes to rerun, a report from before is refused, and it joins', async () => {
    const ref = await open(5, 2);
    await report(ref, 0, 0, 0, 'SUCCEEDED');
    await report(ref, 0, 1, 1, 'FAILED');
    expect((await fanOuts.join(ref, now())).joined).toBe(true);
    // Children still running when it failed end afterwards: 2 succeeded, 3 was stopped, 4 never started.
    await report(ref, 0, 0, 2, 'SUCCEEDED');
    await report(ref, 0, 1, 3, 'ABORTED');

    const redriven = await fanOuts.redrive(ref, [1, 3, 4], now(), ref.seq + 1);
    expect(redriven).toMatchObject({ applied: true, toStart: [2, 3] });
    const fanOut = redriven.fanOut!;
    expect(fanOut).toMatchObject({
      status: 'RUNNING',
      generation: 1,
      counts: { total: 5, succeeded: 2, failed: 0, aborted: 0 },
      slots: new Map([
        [0, 2],
        [1, 3],
      ]),
      nextIndex: 4,
      reruns: 3,
      resumedBy: ref.seq + 1,
    });
    expect(fanOut.firstFailure).toBeUndefined();
    expect(await fanOuts.load(ref)).toEqual(fanOut);
    expect(await Promise.all([2, 3, 4].map((value) => fanOuts.childIndex(fanOut, value)))).toEqual([1, 3, 4]);
    await expect(fanOuts.childIndex(fanOut, 1)).rejects.toThrow(RangeError);

    expect(await report(ref, 0, 0, 2, 'SUCCEEDED')).toMatchObject({ applied: false });
    const first = await report(ref, 1, 0, 2, 'SUCCEEDED');
    expect(first).toMatchObject({ applied: true, start: 4, decision: { status: 'running' } });
    expect(await fanOuts.childIndex(first.fanOut!, first.start!)).toBe(4);
    await report(ref, 1, 1, 3, 'SUCCEEDED');
    expect(await report(ref, 1, 0, 4, 'SUCCEEDED')).toMatchObject({ applied: true, decision: { status: 'succeeded' } });
    expect(await fanOuts.join(ref, now())).toMatchObject({ joined: true, fanOut: { status: 'SUCCEEDED' } });
  });

  it('redrives only an ended fan-out, with a rising list of its indexes, and one of concurrent redrives wins', async () => {
    const ref = await open(3, 3, { kind: 'parallel' });
    expect(await fanOuts.redrive(ref, [0], now(), ref.seq + 1)).toMatchObject({
      applied: false,
      fanOut: { status: 'RUNNING' },
    });
    await report(ref, 0, 0, 0, 'FAILED');
    await fanOuts.join(ref, now());
    for (const bad of [[], [2, 1], [3], [0.5]])
      await expect(fanOuts.redrive(ref, bad, now(), ref.seq + 1)).rejects.toThrow(RangeError);
    const answers = await Promise.all([
      fanOuts.redrive(ref, [0, 1, 2], now(), ref.seq + 1),
      fanOuts.redrive(ref, [0, 2], now(), ref.seq + 1),
    ]);
    expect(answers.filter((a) => a.applied)).toHaveLength(1);
    const won = answers.find((a) => a.applied)!.fanOut;
    expect(await fanOuts.load(ref)).toEqual(won);
    expect(await fanOuts.childIndex(won, 2)).toBe(2);
    expect(await fanOuts.redrive(ref, [0], now(), ref.seq + 1)).toMatchObject({
      applied: false,
      fanOut: { generation: 1 },
    });
    expect(await fanOuts.redrive({ ...ref, seq: 99 }, [0], now(), 100)).toEqual({ applied: false });
  });

  it('keeps the index of a rerun child that fails, not the walk value it reports with', async () => {
    const ref = await open(3, 1);
    await report(ref, 0, 0, 0, 'FAILED');
    await fanOuts.join(ref, now());
    const { fanOut } = await fanOuts.redrive(ref, [0, 2], now(), ref.seq + 1);
    expect(fanOut!.slots.get(0)).toBe(1);
    const failed = await fanOuts.report(
      ref,
      { generation: 1, slot: 0, index: 1, item: 0, end: 'FAILED', error: 'Boom' },
      now(),
    );
    expect(failed).toMatchObject({ applied: true, fanOut: { firstFailure: { index: 0, error: 'Boom' } }, start: 2 });
    expect((await fanOuts.load(ref))!.firstFailure).toEqual({ index: 0, error: 'Boom' });
  });

  it('redrives a stopped fan-out', async () => {
    const ref = await open(2, 1);
    await fanOuts.abort(ref, now());
    await fanOuts.markAborted(ref, now());
    expect(await fanOuts.redrive(ref, [0, 1], now(), ref.seq + 1)).toMatchObject({ applied: true, toStart: [0] });
  });

  it('pages a long list of indexes to rerun, and deletes the pages with the parent', async () => {
    const parent = await createIn(executions, 'fan-out-rerun', now(), 'RUNNING');
    const ref = await open(2000, 100, { kind: 'map' }, parent.execution_id);
    await report(ref, 0, 0, 0, 'FAILED');
    await fanOuts.join(ref, now());
    const rerun = Array.from({ length: 1000 }, (_, p) => 2 * p);
    const { fanOut } = await fanOuts.redrive(ref, rerun, now(), ref.seq + 1);
    for (const p of [0, 449, 450, 999]) expect(await fanOuts.childIndex(fanOut!, 1000 + p)).toBe(2 * p);
    expect(await subject.stored(ref.parentId, 'RERUN#')).toHaveLength(3);
    expect(await executions.deleteExecution(parent.execution_id)).toBe(true);
    expect(await subject.stored(ref.parentId, 'RERUN#')).toEqual([]);
  });
}
