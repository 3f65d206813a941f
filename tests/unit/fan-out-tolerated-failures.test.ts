import fc from 'fast-check';
import { exceedsTolerance, toleratedFailures } from '../../src/engine/fan-out/tolerated-failures';

describe('tolerated failures of a map (Step Functions ToleratedFailureCount / ToleratedFailurePercentage)', () => {
  it('tolerates no failure, unnamed, when neither threshold is set: the first failed item fails the map with its own error', () => {
    expect(toleratedFailures(10)).toEqual({ max: 0, named: false });
    expect(toleratedFailures(10, {})).toEqual({ max: 0, named: false });
    expect(exceedsTolerance(0, 10)).toBe(false);
    expect(exceedsTolerance(1, 10)).toBe(true);
  });

  it('fails only when a count is exceeded: reaching it is tolerated', () => {
    expect(toleratedFailures(10, { count: 3 })).toEqual({ max: 3, named: true });
    expect(exceedsTolerance(3, 10, { count: 3 })).toBe(false);
    expect(exceedsTolerance(4, 10, { count: 3 })).toBe(true);
  });

  it('treats a count of 0 as set: any failure exceeds it, and the map fails with the threshold error', () => {
    expect(toleratedFailures(5, { count: 0 })).toEqual({ max: 0, named: true });
    expect(exceedsTolerance(1, 5, { count: 0 })).toBe(true);
  });

  it('takes the percentage of the total item count, failing only above it', () => {
    expect(toleratedFailures(10, { percentage: 20 })).toEqual({ max: 2, named: true });
    expect(exceedsTolerance(2, 10, { percentage: 20 })).toBe(false);
    expect(exceedsTolerance(3, 10, { percentage: 20 })).toBe(true);
  });

  it('rounds a fractional share of the items down: 1 failure of 3 is 33.3…%, above 33 and below 34', () => {
    expect(toleratedFailures(3, { percentage: 33 }).max).toBe(0);
    expect(exceedsTolerance(1, 3, { percentage: 33 })).toBe(true);
    expect(toleratedFailures(3, { percentage: 34 }).max).toBe(1);
    expect(exceedsTolerance(1, 3, { percentage: 34 })).toBe(false);
    expect(toleratedFailures(7, { percentage: 50 }).max).toBe(3);
  });

  it('applies a fractional percentage exactly, in decimal, not through binary rounding', () => {
    // 2.3 % of 3,000 is exactly 69, and 4.1 % of 3,000 exactly 123; floor(p × total / 100) in
    // binary floating point gives 68 and 122, one failure too few.
    expect(toleratedFailures(3000, { percentage: 2.3 }).max).toBe(69);
    expect(toleratedFailures(3000, { percentage: 4.1 }).max).toBe(123);
    expect(exceedsTolerance(69, 3000, { percentage: 2.3 })).toBe(false);
    expect(exceedsTolerance(70, 3000, { percentage: 2.3 })).toBe(true);
    expect(toleratedFailures(1000, { percentage: 33.3 }).max).toBe(333);
    expect(toleratedFailures(3000, { percentage: 0.1 }).max).toBe(3);
    expect(toleratedFailures(1000, { percentage: 14.3 }).max).toBe(143);
    expect(toleratedFailures(100, { percentage: 0.5 }).max).toBe(0);
    expect(toleratedFailures(200, { percentage: 0.5 }).max).toBe(1);
    expect(toleratedFailures(10_000_000, { percentage: 1e-5 }).max).toBe(1);
  });

  it('fails on any failure at 0 %, and never at 100 % (even when every item fails)', () => {
    expect(exceedsTolerance(1, 1000, { percentage: 0 })).toBe(true);
    expect(exceedsTolerance(0, 1000, { percentage: 0 })).toBe(false);
    expect(toleratedFailures(1000, { percentage: 100 })).toEqual({ max: 1000, named: true });
    expect(exceedsTolerance(1000, 1000, { percentage: 100 })).toBe(false);
  });

  it('fails when either threshold is exceeded, with both set', () => {
    // 100 items: 10 % tolerates 10, the count 3; the lower one decides.
    expect(toleratedFailures(100, { count: 3, percentage: 10 }).max).toBe(3);
    expect(exceedsTolerance(4, 100, { count: 3, percentage: 10 })).toBe(true);
    expect(toleratedFailures(100, { count: 30, percentage: 10 }).max).toBe(10);
    expect(exceedsTolerance(11, 100, { count: 30, percentage: 10 })).toBe(true);
    expect(exceedsTolerance(10, 100, { count: 30, percentage: 10 })).toBe(false);
  });

  it('never tolerates more failures than there are items, and handles 0 and 1 items', () => {
    expect(toleratedFailures(4, { count: 100 }).max).toBe(4);
    expect(toleratedFailures(0, { count: 3, percentage: 50 })).toEqual({ max: 0, named: true });
    expect(exceedsTolerance(0, 0, { percentage: 0 })).toBe(false);
    expect(toleratedFailures(1, { percentage: 99.9 }).max).toBe(0);
    expect(exceedsTolerance(1, 1, { percentage: 99.9 })).toBe(true);
    expect(exceedsTolerance(1, 1, { count: 1 })).toBe(false);
  });

  it('refuses thresholds Step Functions refuses, and item counts that cannot be', () => {
    expect(() => toleratedFailures(10, { percentage: -1 })).toThrow(RangeError);
    expect(() => toleratedFailures(10, { percentage: 100.5 })).toThrow(/between 0 and 100/);
    expect(() => toleratedFailures(10, { percentage: Number.NaN })).toThrow(RangeError);
    expect(() => toleratedFailures(10, { count: -1 })).toThrow(/whole number >= 0/);
    expect(() => toleratedFailures(10, { count: 1.5 })).toThrow(RangeError);
    expect(() => toleratedFailures(-1)).toThrow(RangeError);
    expect(() => toleratedFailures(2.5)).toThrow(RangeError);
  });

  it('agrees with the definition failed / total > p / 100 for whole and two-decimal percentages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.nat(),
        (total, hundredths, failedSeed) => {
          const failed = failedSeed % (total + 1);
          const percentage = hundredths / 100;
          // In exact integers: failed × 100 × 100 > hundredths × total.
          const expected = failed * 10_000 > hundredths * total;
          expect(exceedsTolerance(failed, total, { percentage })).toBe(expected);
        },
      ),
    );
  });

  it('fails exactly when either set threshold is exceeded by its own rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.nat(),
        (total, count, percentage, failedSeed) => {
          const failed = failedSeed % (total + 1);
          const byCount = count !== undefined && failed > count;
          const byPercentage = percentage !== undefined && failed * 100 > percentage * total;
          const expected = count === undefined && percentage === undefined ? failed > 0 : byCount || byPercentage;
          expect(
            exceedsTolerance(failed, total, {
              ...(count !== undefined && { count }),
              ...(percentage !== undefined && { percentage }),
            }),
          ).toBe(expected);
        },
      ),
    );
  });
});
