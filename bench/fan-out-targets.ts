/** The fan-out section's targets (issue 24), judged from its figures and the same run's throughput. */

export interface FanOutSize {
  items: number;
  seconds: number;
  items_per_second: number;
  errors: number;
  invocations_per_item: number;
  wcu_per_item: number;
  parent_head_bytes: number;
  peak_rss_mb: number;
}

export interface FanOutBaseline {
  /** Concurrent executions of the throughput row compared with (100 in a full run). */
  concurrency: number;
  steps_per_second: number;
}

export interface FanOutTargetInput {
  by_items: FanOutSize[];
  baseline: FanOutBaseline;
  usd_per_million_items: number;
  step_functions_inline_map_usd_per_million_items: number;
}

export interface Target {
  target: string;
  pass: boolean;
  value: string;
}

export const FAN_OUT_LIMITS = {
  invocationsPerItem: 2,
  wcuPerItem: 8,
  parentHeadBytes: 4096,
  peakRssMb: 1536,
  /** Items per second at the largest map, as a share of steps per second at the baseline's concurrency. */
  shareOfSteps: 0.5,
  /** Of Step Functions Standard's inline Map price per item. */
  shareOfStandard: 0.1,
} as const;

const thousands = (n: number) => n.toLocaleString('en-US');

export function fanOutTargets(input: FanOutTargetInput): Target[] {
  const sizes = input.by_items;
  if (sizes.length === 0) throw new Error('no fan-out sizes measured');
  const largest = sizes.reduce((a, b) => (b.items > a.items ? b : a));
  const range = sizes.map((s) => thousands(s.items)).join(', ');
  const each = (value: (s: FanOutSize) => number | string) =>
    sizes.map((s) => `${thousands(s.items)}: ${value(s)}`).join(', ');
  const peakRss = Math.max(...sizes.map((s) => s.peak_rss_mb));
  const halfOfSteps = input.baseline.steps_per_second * FAN_OUT_LIMITS.shareOfSteps;
  const standardTenth = input.step_functions_inline_map_usd_per_million_items * FAN_OUT_LIMITS.shareOfStandard;
  return [
    {
      target: `map: 0 errors at ${range} items`,
      pass: sizes.every((s) => s.errors === 0),
      value: each((s) => s.errors),
    },
    {
      target: `map: ≤ ${FAN_OUT_LIMITS.invocationsPerItem} invocations per item at ${range} items`,
      pass: sizes.every((s) => s.invocations_per_item <= FAN_OUT_LIMITS.invocationsPerItem),
      value: each((s) => s.invocations_per_item),
    },
    {
      target: `map: ≤ ${FAN_OUT_LIMITS.wcuPerItem} WCU per item at ${range} items`,
      pass: sizes.every((s) => s.wcu_per_item <= FAN_OUT_LIMITS.wcuPerItem),
      value: each((s) => s.wcu_per_item),
    },
    {
      target: `map: parent head < 4 KB at ${thousands(largest.items)} items`,
      pass: largest.parent_head_bytes < FAN_OUT_LIMITS.parentHeadBytes,
      value: `${largest.parent_head_bytes} bytes`,
    },
    {
      target: 'map: peak RSS of serverless offline < 1.5 GB',
      pass: peakRss < FAN_OUT_LIMITS.peakRssMb,
      value: `${peakRss} MB`,
    },
    {
      target: `map: items/s at ${thousands(largest.items)} items ≥ ½ steps/s at ${input.baseline.concurrency} concurrent executions`,
      pass: largest.items_per_second >= halfOfSteps,
      value: `${largest.items_per_second} items/s against ${input.baseline.steps_per_second} steps/s`,
    },
    {
      target: "map: ≤ 1/10 of Step Functions Standard's inline Map per item",
      pass: input.usd_per_million_items <= standardTenth,
      value: `$${input.usd_per_million_items} per million items against $${input.step_functions_inline_map_usd_per_million_items}`,
    },
  ];
}
