import fc from 'fast-check';
import { ErrorCode } from '../../src/domain/error-codes';
import type { ChildEnd } from '../../src/engine/fan-out/fan-out-counts';
import { applyJoin, type FanOutProgress, openFanOut, reportEnd } from '../../src/engine/fan-out/fan-out-report';
import type { FailureMode } from '../../src/engine/fan-out/join-decision';

const map: FailureMode = { kind: 'map' };

describe('a child’s end reported on the fan-out item', () => {
  it('opens with the first indexes in their slots', () => {
    const { progress, toStart } = openFanOut(5, 2, map);
    expect(toStart).toEqual([0, 1]);
    expect([...progress.slots]).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(progress).toMatchObject({
      status: 'RUNNING',
      nextIndex: 2,
      counts: { total: 5, succeeded: 0, failed: 0, aborted: 0 },
    });
  });

  it('counts an end once: a duplicate report finds its slot moved on and is refused', () => {
    const { progress } = openFanOut(5, 2, map);
    const first = reportEnd(progress, { generation: 0, slot: 1, index: 1, end: 'SUCCEEDED' });
    expect(first).toMatchObject({ applied: true, start: 2, decision: { status: 'running' } });
    const after = (first as { progress: FanOutProgress }).progress;
    expect(after.counts.succeeded).toBe(1);
    expect(after.slots.get(1)).toBe(2);
    expect(reportEnd(after, { generation: 0, slot: 1, index: 1, end: 'SUCCEEDED' })).toEqual({ applied: false });
  });

  it('refuses a late report from before a redrive, though its slot runs the same index again', () => {
    const { progress } = openFanOut(3, 1, map);
    const redriven: FanOutProgress = { ...progress, generation: 1 };
    expect(reportEnd(redriven, { generation: 0, slot: 0, index: 0, end: 'FAILED' })).toEqual({ applied: false });
    expect(reportEnd(redriven, { generation: 1, slot: 0, index: 0, end: 'SUCCEEDED' })).toMatchObject({
      applied: true,
      start: 1,
    });
  });

  it('starts nothing past the last index, and tells the last child that the join is decided', () => {
    const { progress } = openFanOut(1, 5, map);
    const last = reportEnd(progress, { generation: 0, slot: 0, index: 0, end: 'SUCCEEDED' });
    expect(last).toMatchObject({ applied: true, decision: { status: 'succeeded' } });
    expect(last).not.toHaveProperty('start');
  });

  it('keeps the first failure, and gives a child that ended without an error the code its end means', () => {
    const { progress } = openFanOut(3, 3, map);
    const aborted = reportEnd(progress, { generation: 0, slot: 2, index: 2, end: 'ABORTED' });
    expect(aborted).toMatchObject({ decision: { status: 'failed', index: 2, error: ErrorCode.Aborted } });
    const later = reportEnd((aborted as { progress: FanOutProgress }).progress, {
      generation: 0,
      slot: 0,
      index: 0,
      end: 'FAILED',
      error: 'Boom',
    });
    expect(later).toMatchObject({ decision: { status: 'failed', index: 2, error: ErrorCode.Aborted } });
    expect(
      reportEnd(openFanOut(1, 1, map).progress, { generation: 0, slot: 0, index: 0, end: 'TIMED_OUT' }),
    ).toMatchObject({ decision: { error: ErrorCode.Timeout } });
    expect(
      reportEnd(openFanOut(1, 1, map).progress, { generation: 0, slot: 0, index: 0, end: 'FAILED' }),
    ).toMatchObject({ decision: { error: ErrorCode.FailedWithoutCode } });
  });

  it('joins once, only while running and decided; a stopped fan-out starts nothing more', () => {
    const { progress } = openFanOut(2, 1, map);
    expect(applyJoin(progress)).toEqual({ applied: false });
    const stopped = reportEnd(
      { ...progress, status: 'ABORTING' },
      { generation: 0, slot: 0, index: 0, end: 'SUCCEEDED' },
    );
    expect(stopped).toMatchObject({ applied: true });
    expect(stopped).not.toHaveProperty('start');
    const ended = reportEnd(
      (reportEnd(progress, { generation: 0, slot: 0, index: 0, end: 'SUCCEEDED' }) as { progress: FanOutProgress })
        .progress,
      { generation: 0, slot: 0, index: 1, end: 'SUCCEEDED' },
    );
    const joined = applyJoin((ended as { progress: FanOutProgress }).progress);
    expect(joined).toMatchObject({
      applied: true,
      progress: { status: 'SUCCEEDED' },
      decision: { status: 'succeeded' },
    });
    expect(applyJoin((joined as { progress: FanOutProgress }).progress)).toEqual({ applied: false });
  });

  it('under any order of ends, duplicated reports and joins: each index starts once, ends count once, at most max_concurrency run, one join', () => {
    const end = fc.constantFrom<ChildEnd>('SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED');
    const mode = fc.oneof(
      fc.constant<FailureMode>({ kind: 'parallel' }),
      fc.constant<FailureMode>({ kind: 'map' }),
      fc
        .record({ count: fc.integer({ min: 0, max: 10 }) })
        .map((tolerance): FailureMode => ({ kind: 'map', tolerance })),
      fc
        .record({ percentage: fc.integer({ min: 0, max: 100 }) })
        .map((tolerance): FailureMode => ({ kind: 'map', tolerance })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        mode,
        fc.array(fc.tuple(fc.nat(), end, fc.boolean()), { maxLength: 200 }),
        (total, maxConcurrency, failureMode, script) => {
          const opened = openFanOut(total, maxConcurrency, failureMode);
          let item = opened.progress;
          const started: number[] = [...opened.toStart];
          // What each running child will report (slot, index); ended children may report again.
          const running = opened.toStart.map((index, slot) => ({ slot, index }));
          const reported: Array<{ slot: number; index: number; end: ChildEnd }> = [];
          const endsOf = new Map<number, ChildEnd>();
          let joins = 0;
          const deliver = (report: { slot: number; index: number; end: ChildEnd }) => {
            const outcome = reportEnd(item, { ...report, generation: 0, error: `E${report.index}` });
            if (!outcome.applied) return;
            item = outcome.progress;
            expect(endsOf.has(report.index)).toBe(false);
            endsOf.set(report.index, report.end);
            if (outcome.start !== undefined) {
              started.push(outcome.start);
              running.push({ slot: report.slot, index: outcome.start });
            }
            if (outcome.decision.status !== 'running') {
              const joined = applyJoin(item);
              if (joined.applied) {
                joins++;
                item = joined.progress;
              }
            }
            expect(running.length).toBeLessThanOrEqual(Math.min(maxConcurrency, total));
          };
          for (const [pick, how, duplicate] of script) {
            if (duplicate && reported.length > 0) {
              deliver(reported[pick % reported.length]!);
            } else if (running.length > 0) {
              const [child] = running.splice(pick % running.length, 1);
              const report = { ...child!, end: how };
              reported.push(report);
              deliver(report);
            }
          }
          // Whatever is still running ends, in order: nothing is left running.
          while (running.length > 0) {
            const report = { ...running.shift()!, end: 'SUCCEEDED' as const };
            reported.push(report);
            deliver(report);
          }
          expect(new Set(started).size).toBe(started.length);
          expect(item.counts.succeeded + item.counts.failed + item.counts.aborted).toBe(endsOf.size);
          expect(joins).toBe(total === 0 ? 0 : 1);
          if (item.status === 'RUNNING') {
            // Only a fan-out of no children is never joined by a report: its entry decides it.
            expect(total).toBe(0);
          } else if (item.status === 'SUCCEEDED') {
            expect(endsOf.size).toBe(total);
            expect(started).toEqual(Array.from({ length: total }, (_, i) => i));
          }
        },
      ),
    );
  });
});
