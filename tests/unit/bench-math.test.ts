import { PRICES, usdPerMillionSteps } from '../../bench/pricing';
import { median, percentile, pool } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 99)).toBe(10);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  it('pools work without exceeding the limit, keeping result order', async () => {
    let running = 0;
    let most = 0;
    const out = await pool([30, 10, 20, 5], 2, async (ms, i) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });
});

describe('price per million steps', () => {
  it('adds Lambda requests, Lambda duration and DynamoDB units at the published prices', () => {
    const usd = usdPerMillionSteps({ invocationsPerStep: 1, writeUnitsPerStep: 2, readUnitsPerStep: 1, billedMsPerStep: 9.2, memoryMb: 512 });
    const expected =
      PRICES.lambdaPerMillionRequests + 1e6 * 0.5 * 0.01 * PRICES.lambdaPerGbSecondArm + 2 * PRICES.dynamoPerMillionWriteUnits + PRICES.dynamoPerMillionReadUnits;
    expect(usd).toBeCloseTo(expected, 6);
  });
});
