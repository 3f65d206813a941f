import fc from 'fast-check';
import { LIMITS } from '../../src/domain/limits';
import { effectiveConcurrency, nextToStart } from '../../src/engine/fan-out/concurrency-window';

describe('the concurrency window of a fan-out', () => {
  it('starts the first max_concurrency indexes at the entry', () => {
    expect(nextToStart({ total: 200, maxConcurrency: 5, started: 0, ended: 0 })).toEqual({
      slots: 5,
      running: 0,
      toStart: [0, 1, 2, 3, 4],
    });
  });

  it('starts the next index as each child ends, never more than the slots at once', () => {
    expect(nextToStart({ total: 200, maxConcurrency: 5, started: 5, ended: 1 })).toEqual({
      slots: 5,
      running: 4,
      toStart: [5],
    });
    expect(nextToStart({ total: 200, maxConcurrency: 5, started: 6, ended: 3 })).toEqual({
      slots: 5,
      running: 3,
      toStart: [6, 7],
    });
    expect(nextToStart({ total: 200, maxConcurrency: 5, started: 5, ended: 0 }).toStart).toEqual([]);
  });

  it('starts nothing past the last index, and nothing for 0 items', () => {
    expect(nextToStart({ total: 7, maxConcurrency: 5, started: 7, ended: 4 })).toEqual({
      slots: 5,
      running: 3,
      toStart: [],
    });
    expect(nextToStart({ total: 7, maxConcurrency: 5, started: 5, ended: 4 }).toStart).toEqual([5, 6]);
    expect(nextToStart({ total: 0, maxConcurrency: 5, started: 0, ended: 0 })).toEqual({
      slots: 0,
      running: 0,
      toStart: [],
    });
  });

  it('starts every child at once when max_concurrency is larger than the item count', () => {
    expect(nextToStart({ total: 3, maxConcurrency: 50, started: 0, ended: 0 })).toEqual({
      slots: 3,
      running: 0,
      toStart: [0, 1, 2],
    });
    expect(nextToStart({ total: 1, maxConcurrency: 1, started: 0, ended: 0 }).toStart).toEqual([0]);
  });

  it('reads max_concurrency 0 as the engine bound, and caps anything above it there', () => {
    expect(effectiveConcurrency(0)).toBe(LIMITS.maxFanOutConcurrency);
    expect(effectiveConcurrency(LIMITS.maxFanOutConcurrency + 1)).toBe(LIMITS.maxFanOutConcurrency);
    expect(effectiveConcurrency(1)).toBe(1);
    expect(nextToStart({ total: 10_000, maxConcurrency: 0, started: 0, ended: 0 }).toStart).toHaveLength(
      LIMITS.maxFanOutConcurrency,
    );
  });

  it('refuses positions no fan-out can be in', () => {
    expect(() => effectiveConcurrency(-1)).toThrow(/max_concurrency/);
    expect(() => effectiveConcurrency(1.5)).toThrow(RangeError);
    expect(() => nextToStart({ total: 5, maxConcurrency: 2, started: 6, ended: 0 })).toThrow(RangeError);
    expect(() => nextToStart({ total: 5, maxConcurrency: 2, started: 2, ended: 3 })).toThrow(RangeError);
    expect(() => nextToStart({ total: 5, maxConcurrency: 2, started: 4, ended: 1 })).toThrow(/more than the 2 slots/);
    expect(() => nextToStart({ total: -1, maxConcurrency: 2, started: 0, ended: 0 })).toThrow(RangeError);
  });

  it('runs any fan-out to its end starting each index once, in order, never above max_concurrency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.nat(), { maxLength: 400 }),
        (total, maxConcurrency, picks) => {
          const limit = Math.min(effectiveConcurrency(maxConcurrency), total);
          const running: number[] = [];
          const startedOrder: number[] = [];
          let ended = 0;
          const start = () => {
            const window = nextToStart({ total, maxConcurrency, started: startedOrder.length, ended });
            startedOrder.push(...window.toStart);
            running.push(...window.toStart);
            expect(running.length).toBeLessThanOrEqual(limit);
          };
          start();
          // The children end in an order the arbitrary picks; each end frees a slot.
          for (let i = 0; running.length > 0; i++) {
            running.splice((picks[i] ?? 0) % running.length, 1);
            ended++;
            start();
          }
          expect(startedOrder).toEqual(Array.from({ length: total }, (_, i) => i));
          expect(ended).toBe(total);
        },
      ),
    );
  });
});
