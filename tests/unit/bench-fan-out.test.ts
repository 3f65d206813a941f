import { drainConcurrently } from '../../bench/fan-out-measures';
import { type FanOutSize, fanOutTargets } from '../../bench/fan-out-targets';
import { dynamoItemBytes } from '../../bench/item-size';
import {
  PRICES,
  stepFunctionsDistributedMapUsdPerMillionItems,
  stepFunctionsInlineMapUsdPerMillionItems,
} from '../../bench/pricing';
import type { StepMessage } from '../../src/domain/execution/step-message';

describe("an item's size as DynamoDB counts it", () => {
  it('counts names and values: strings by UTF-8 bytes, numbers by significant digits, binary by length', () => {
    expect(dynamoItemBytes({ pk: 'EXEC#abc' })).toBe(2 + 8);
    expect(dynamoItemBytes({ name: 'é' })).toBe(4 + 2);
    // 12345 has five significant digits: three bytes, plus one.
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 4);
    expect(dynamoItemBytes({ n: 1000 })).toBe(1 + 2);
    expect(dynamoItemBytes({ n: -0.0025 })).toBe(1 + 2);
    expect(dynamoItemBytes({ b: new Uint8Array(100) })).toBe(1 + 100);
    expect(dynamoItemBytes({ t: true, z: null })).toBe(2 + 2);
  });

  it('adds 3 bytes per list or map and 1 per element, a map its keys as names; a set the sum of its elements', () => {
    expect(dynamoItemBytes({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoItemBytes({ m: { k: 'v', kk: 7 } })).toBe(1 + 3 + (1 + 1 + 1) + (1 + 2 + 2));
    expect(dynamoItemBytes({ s: new Set(['a', 'bc']) })).toBe(1 + 3);
  });
});

describe('Step Functions per map item', () => {
  it('prices an inline Map item at two Standard transitions: the iteration and its one task', () => {
    expect(PRICES.stepFunctionsStandardPerMillionTransitions).toBe(25);
    expect(stepFunctionsInlineMapUsdPerMillionItems()).toBe(50);
    expect(stepFunctionsInlineMapUsdPerMillionItems(3)).toBe(75);
  });

  it('prices a Distributed Map item as one Express child (request and 100 ms at 64 MB) plus the transition the map run bills for it', () => {
    // $1 per million requests + 1e6 × 0.0625 GB × 0.1 s × $0.00001667 + $25 per million transitions.
    expect(stepFunctionsDistributedMapUsdPerMillionItems()).toBeCloseTo(1 + 0.1041875 + 25, 9);
  });
});

const size = (items: number, over: Partial<FanOutSize> = {}): FanOutSize => ({
  items,
  seconds: items / 200,
  items_per_second: 200,
  errors: 0,
  invocations_per_item: 1.01,
  wcu_per_item: 5,
  parent_head_bytes: 800,
  peak_rss_mb: 500,
  ...over,
});

const judged = (by_items: FanOutSize[], usd = 4, stepsPerSecond = 300) =>
  Object.fromEntries(
    fanOutTargets({
      by_items,
      baseline: { concurrency: 100, steps_per_second: stepsPerSecond },
      usd_per_million_items: usd,
      step_functions_inline_map_usd_per_million_items: 50,
    }).map((t) => [t.target.replace(/ at .*| <.*| ≥.*/, ''), t]),
  );

describe('the fan-out targets', () => {
  it('pass when every size is within the limits', () => {
    const targets = judged([size(100), size(1000), size(10_000)]);
    expect(Object.values(targets).every((t) => t.pass)).toBe(true);
    expect(targets['map: ≤ 8 WCU per item']!.target).toBe('map: ≤ 8 WCU per item at 100, 1,000, 10,000 items');
  });

  it('fail on one size over a limit, naming each size’s figure', () => {
    const targets = judged([
      size(100, { wcu_per_item: 8.5 }),
      size(1000, { errors: 1 }),
      size(10_000, { invocations_per_item: 2.1 }),
    ]);
    expect(targets['map: ≤ 8 WCU per item']).toMatchObject({ pass: false, value: '100: 8.5, 1,000: 5, 10,000: 5' });
    expect(targets['map: 0 errors']).toMatchObject({ pass: false, value: '100: 0, 1,000: 1, 10,000: 0' });
    expect(targets['map: ≤ 2 invocations per item']!.pass).toBe(false);
  });

  it('judge the head and the speed at the largest map, the RSS at its peak, the price against a tenth of Standard', () => {
    const small = judged([
      size(100, { parent_head_bytes: 5000 }),
      size(10_000, { parent_head_bytes: 4095, items_per_second: 150 }),
    ]);
    expect(small['map: parent head']).toMatchObject({ pass: true, value: '4095 bytes' });
    expect(small['map: items/s']).toMatchObject({
      pass: true,
      target: expect.stringContaining('10,000 items') as string,
    });
    const big = judged(
      [size(100), size(10_000, { parent_head_bytes: 4096, items_per_second: 149.9, peak_rss_mb: 1536 })],
      5.01,
    );
    expect(big['map: parent head']!.pass).toBe(false);
    expect(big['map: items/s']!.pass).toBe(false);
    expect(big['map: peak RSS of serverless offline']).toMatchObject({ pass: false, value: '1536 MB' });
    expect(big["map: ≤ 1/10 of Step Functions Standard's inline Map per item"]!.pass).toBe(false);
    expect(judged([size(100)], 5)["map: ≤ 1/10 of Step Functions Standard's inline Map per item"]!.pass).toBe(true);
  });
});

describe('draining the in-process queue', () => {
  const message = (seq: number) => ({ execution_id: 'e', seq, task: 't' }) as unknown as StepMessage;

  it('runs at most `workers` at once and also what the runs queue, until nothing is queued or running', async () => {
    const queue = [message(1), message(2), message(3)];
    const ran: number[] = [];
    let running = 0;
    let most = 0;
    await drainConcurrently(
      queue,
      async (m) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        // Each of the first three starts one more, as a child's end starts the next item.
        if (m.seq <= 3) queue.push(message(m.seq + 10));
        ran.push(m.seq);
        running--;
      },
      2,
    );
    expect(ran.sort((a, b) => a - b)).toEqual([1, 2, 3, 11, 12, 13]);
    expect(most).toBe(2);
  });

  it('rejects with the first run that throws', async () => {
    await expect(drainConcurrently([message(1)], () => Promise.reject(new Error('step broke')), 4)).rejects.toThrow(
      'step broke',
    );
  });
});
