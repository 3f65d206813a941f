import {
  type FanOutCapacity,
  FAN_OUT_MAX_CONCURRENCY,
  measureFanOutCapacity,
  measureFanOutSpeed,
  type OfflineTarget,
} from './fan-out-measures';
import { type FanOutBaseline, type FanOutSize, fanOutTargets, type Target } from './fan-out-targets';
import {
  INLINE_MAP_TRANSITIONS_PER_ITEM,
  stepFunctionsDistributedMapUsdPerMillionItems,
  stepFunctionsInlineMapUsdPerMillionItems,
  usdPerMillionSteps,
} from './pricing';
import { round } from './stats';

/** In-process invocations run at once while metering a map bigger than the first size (the first runs one at a time, for its handler time). */
const METERING_WORKERS = 20;

export interface FanOutSectionOptions {
  dynamoEndpoint: string;
  tableName: string;
  offline: OfflineTarget;
  /** Map sizes, smallest first (100 and 1,000 in --quick; 10,000 added in a full run). */
  sizes: number[];
  baseline: FanOutBaseline;
  memoryMb: number;
  log: (line: string) => void;
}

/**
 * The `fan_out` section of results.json: for each map size, its speed run by serverless offline and
 * its cost metered in-process (bench/fan-out-measures.ts), the price per item beside Step
 * Functions', and the targets judged against the same run's throughput.
 */
export async function measureFanOutSection(o: FanOutSectionOptions) {
  const byItems: Array<FanOutSize & { rcu_per_item: number }> = [];
  const capacities: FanOutCapacity[] = [];
  for (const [i, count] of o.sizes.entries()) {
    o.log(`bench: map of ${count} items, run by serverless offline`);
    const speed = await measureFanOutSpeed(o.dynamoEndpoint, o.tableName, o.offline, count);
    o.log(
      `bench:   ${speed.seconds} s, ${speed.items_per_second} items/s, ${speed.errors} errors, head ${speed.parent_head_bytes} bytes, peak RSS ${speed.peak_rss_mb} MB`,
    );
    o.log(`bench: map of ${count} items, metered in-process`);
    const capacity = await measureFanOutCapacity(o.dynamoEndpoint, o.tableName, count, i === 0 ? 1 : METERING_WORKERS);
    o.log(
      `bench:   ${capacity.invocations_per_item} invocations, ${capacity.wcu_per_item} WCU, ${capacity.rcu_per_item} RCU per item`,
    );
    capacities.push(capacity);
    byItems.push({
      ...speed,
      invocations_per_item: capacity.invocations_per_item,
      wcu_per_item: capacity.wcu_per_item,
      rcu_per_item: capacity.rcu_per_item,
    });
  }
  // Priced at the largest map, where the execution's fixed costs weigh least; billed time from the
  // first size, whose invocations ran one at a time as Lambda's do.
  const largest = capacities.at(-1)!;
  const billedMs = capacities[0]!.handler_ms_per_invocation;
  const usd = usdPerMillionSteps({
    invocationsPerStep: largest.invocations_per_item,
    writeUnitsPerStep: largest.wcu_per_item,
    readUnitsPerStep: largest.rcu_per_item,
    billedMsPerStep: billedMs,
    memoryMb: o.memoryMb,
    logBytesPerStep: largest.log_bytes_per_item,
    logLinesPerStep: largest.log_lines_per_item,
  });
  const section = {
    max_concurrency: FAN_OUT_MAX_CONCURRENCY,
    by_items: byItems,
    parent_head_bytes: { items: byItems.at(-1)!.items, bytes: byItems.at(-1)!.parent_head_bytes },
    peak_rss_mb: Math.max(...byItems.map((s) => s.peak_rss_mb)),
    baseline: o.baseline,
    handler_ms_per_invocation: billedMs,
    log_bytes_per_item: largest.log_bytes_per_item,
    usd_per_million_items: round(usd, 3),
    step_functions_inline_map_transitions_per_item: INLINE_MAP_TRANSITIONS_PER_ITEM,
    step_functions_inline_map_usd_per_million_items: stepFunctionsInlineMapUsdPerMillionItems(),
    step_functions_distributed_map_express_usd_per_million_items: round(
      stepFunctionsDistributedMapUsdPerMillionItems(),
      3,
    ),
  };
  const targets: Target[] = fanOutTargets(section);
  const table = [
    '| map items | seconds | items/s | invocations/item | WCU/item | RCU/item | errors | parent head bytes | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...byItems.map(
      (s) =>
        `| ${s.items} | ${s.seconds} | ${s.items_per_second} | ${s.invocations_per_item} | ${s.wcu_per_item} | ${s.rcu_per_item} | ${s.errors} | ${s.parent_head_bytes} | ${s.peak_rss_mb} |`,
    ),
    '',
    `USD per million map items: $${section.usd_per_million_items} (Step Functions Standard inline Map $${section.step_functions_inline_map_usd_per_million_items}, Distributed Map with Express children $${section.step_functions_distributed_map_express_usd_per_million_items})`,
  ];
  return { section, targets, table };
}
