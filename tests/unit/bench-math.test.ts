import { LAMBDA_PLATFORM_LOG, LOG_EVENT_OVERHEAD_BYTES, PRICES, usdPerMillionSteps } from '../../bench/pricing';
import { interleavedMedians, median, pairedRatio, percentile, pool } from '../../bench/stats';
import { awsClientOptions } from '../../src/config/aws-client-options';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const platform = require('../../bench/platform/client-options.js') as { awsClientOptions: typeof awsClientOptions };

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

describe('interleaved sampling', () => {
  it('warms each sampler up once, then takes one sample of each per round, starting one further along each round', async () => {
    const calls: string[] = [];
    const values: Record<string, number[]> = { a: [9, 1, 2, 3], b: [9, 10, 30, 20] };
    const sampler = (name: 'a' | 'b') => async () => {
      calls.push(name);
      return values[name]!.shift()!;
    };
    const medians = await interleavedMedians({ a: sampler('a'), b: sampler('b') }, 3);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b']);
    // The warm-up samples (9) are not counted.
    expect(medians).toEqual({ a: 2, b: 20 });
  });
});

describe('paired ratios', () => {
  it('takes the median of the ratio within each round, so a drift over the run cancels out', () => {
    // The machine slows down over the run: both series rise, their ratio in each round stays near 1.2.
    const floor = [2.0, 2.2, 2.6, 3.0, 3.4];
    const engine = [2.4, 2.7, 3.1, 3.6, 4.1];
    expect(pairedRatio(engine, floor)).toBeCloseTo(1.2, 5);
    // One slow engine sample: the medians' ratio would move to 3.6 / 2.6 = 1.38, the paired one stays.
    expect(pairedRatio([2.4, 2.7, 9.9, 3.6, 4.1], floor)).toBeCloseTo(4.1 / 3.4, 5);
    expect(() => pairedRatio([1, 2], [1])).toThrow('same rounds');
  });
});

describe('the platform floor', () => {
  it('builds its AWS clients with exactly the options the engine uses', () => {
    const describeOptions = (o: ReturnType<typeof awsClientOptions>) => ({
      ...o,
      requestHandler: Object.fromEntries(
        Object.entries(o.requestHandler).map(([k, agent]) => [
          k,
          {
            constructor: agent.constructor.name,
            keepAlive: (agent as { keepAlive?: boolean }).keepAlive,
            maxSockets: agent.maxSockets,
          },
        ]),
      ),
    });
    for (const target of [{ region: 'eu-west-1' }, { region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' }]) {
      expect(describeOptions(platform.awsClientOptions(target))).toEqual(describeOptions(awsClientOptions(target)));
    }
  });
});

describe('price per million steps', () => {
  it('adds Lambda requests, Lambda duration, DynamoDB units and the logs both write at the published prices', () => {
    const cost = {
      invocationsPerStep: 1,
      writeUnitsPerStep: 2,
      readUnitsPerStep: 1,
      billedMsPerStep: 9.2,
      memoryMb: 512,
    };
    const usd = usdPerMillionSteps({ ...cost, logBytesPerStep: 400, logLinesPerStep: 1 });
    const withoutLogs =
      PRICES.lambdaPerMillionRequests +
      1e6 * 0.5 * 0.01 * PRICES.lambdaPerGbSecondArm +
      2 * PRICES.dynamoPerMillionWriteUnits +
      PRICES.dynamoPerMillionReadUnits;
    // Per step: the step's own line and Lambda's START, END and REPORT, each with its event overhead.
    const loggedBytes = 400 + LOG_EVENT_OVERHEAD_BYTES + LAMBDA_PLATFORM_LOG.bytes + 3 * LOG_EVENT_OVERHEAD_BYTES;
    const expected = withoutLogs + ((1e6 * loggedBytes) / 2 ** 30) * PRICES.cloudwatchLogsPerGbIngested;
    expect(loggedBytes).toBe(766);
    expect(usd).toBeCloseTo(expected, 6);
  });
});
