import { type CapacityPerStep, measureCapacity } from './capacity';
import { type Api, type EngineProbe, engineRun } from './engine-measures';
import { jsonPathRequest, nativeDataTwinRequest, nativeTwinRequest } from './jsonpath-machine';
import { type JsonPathComparison, jsonPathTargets, ratiosOf, type StepCost } from './jsonpath-targets';
import { interleavedSamples, median, mediansOf, pairedRatio, round } from './stats';

/** In-process passes of one execution of each kind, for the handler time's median. */
const METERED_PASSES = 3;

export interface JsonPathSectionOptions {
  api: Api;
  probe: EngineProbe;
  dynamoEndpoint: string;
  /** Steps of each execution timed through serverless offline (the floors' hops). */
  steps: number;
  /** Steps of the execution metered in-process (the native per-step figures' 20). */
  capacitySteps: number;
  /** Rounds of one sample of each kind, their order alternating. */
  rounds: number;
  log: (line: string) => void;
}

/**
 * The `jsonpath` section of results.json: a JSONPath state machine (bench/jsonpath-machine.ts)
 * beside the native noop flow of the same length, in the same run and through the same paths as
 * the engine's per-step figures: invocations, write and read units and the head's size metered
 * in-process (`measureCapacity`), time per step from executions run by serverless offline
 * (`engineRun`), sampled in alternating rounds so that each round's ratio compares two runs taken
 * within a second of each other.
 */
export async function measureJsonPathSection(o: JsonPathSectionOptions) {
  const tableName = o.probe.tableName;
  o.log(`bench: JSONPath and native steps metered in-process (${o.capacitySteps} steps each)`);
  const meter = {
    native: () => measureCapacity(o.dynamoEndpoint, tableName, o.capacitySteps, nativeTwinRequest(o.capacitySteps)),
    native_data: () =>
      measureCapacity(o.dynamoEndpoint, tableName, o.capacitySteps, nativeDataTwinRequest(o.capacitySteps)),
    jsonpath: () =>
      measureCapacity(o.dynamoEndpoint, tableName, o.capacitySteps, jsonPathRequest(o.capacitySteps), { asl: true }),
  };
  // One unmetered pass first: the step code is cold in this process before it (without it the
  // kinds metered first took up to 3.5 × the last one's handler time). Then passes of one of
  // each, their order turning, as the timed rounds below: the units (the same in every pass seen)
  // are the most any pass used, the head the last pass's, the handler time the passes' median.
  for (const run of Object.values(meter)) await run();
  const kinds = Object.keys(meter) as Array<keyof typeof meter>;
  const passes = Object.fromEntries(kinds.map((kind) => [kind, [] as CapacityPerStep[]])) as Record<
    keyof typeof meter,
    CapacityPerStep[]
  >;
  for (let pass = 0; pass < METERED_PASSES; pass++)
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(pass + i) % kinds.length]!;
      passes[kind].push(await meter[kind]());
    }
  const capacity = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      {
        ...passes[kind].at(-1)!,
        invocations_per_step: Math.max(...passes[kind].map((r) => r.invocations_per_step)),
        wcu_per_step: Math.max(...passes[kind].map((r) => r.wcu_per_step)),
        rcu_per_step: Math.max(...passes[kind].map((r) => r.rcu_per_step)),
        handler_ms_per_step: round(median(passes[kind].map((r) => r.handler_ms_per_step))),
      },
    ]),
  ) as Record<keyof typeof meter, CapacityPerStep>;
  o.log(`bench: JSONPath and native steps timed, ${o.rounds} rounds of ${o.steps}-step executions`);
  const samplers = {
    native: () => engineRun(o.api, o.probe, o.steps, nativeTwinRequest(o.steps)),
    native_data: () => engineRun(o.api, o.probe, o.steps, nativeDataTwinRequest(o.steps)),
    jsonpath: () => engineRun(o.api, o.probe, o.steps, jsonPathRequest(o.steps)),
  };
  // One more unmeasured run of each, beside interleavedSamples' own: the JSONPath code is not on
  // the path the warm-up runs.
  for (const sample of Object.values(samplers)) await sample();
  const samples = await interleavedSamples(samplers, o.rounds);
  const medians = mediansOf(samples);
  const costOf = (kind: keyof typeof samplers): StepCost => ({
    invocations_per_step: capacity[kind].invocations_per_step,
    wcu_per_step: capacity[kind].wcu_per_step,
    rcu_per_step: capacity[kind].rcu_per_step,
    head_bytes: capacity[kind].head_bytes,
    handler_ms_per_step: capacity[kind].handler_ms_per_step,
    ms_per_step: round(medians[kind]),
  });
  const native = costOf('native');
  const nativeData = costOf('native_data');
  const jsonpath = costOf('jsonpath');
  const comparison: JsonPathComparison = {
    native,
    native_data: nativeData,
    jsonpath,
    ratios: { ...ratiosOf(native, jsonpath), ms_per_step: round(pairedRatio(samples.jsonpath, samples.native), 3) },
    ratios_to_native_data: {
      ...ratiosOf(nativeData, jsonpath),
      ms_per_step: round(pairedRatio(samples.jsonpath, samples.native_data), 3),
    },
  };
  const section = {
    steps_timed: o.steps,
    steps_metered: o.capacitySteps,
    rounds: o.rounds,
    ...comparison,
    ms_per_step_ratio_of_medians: round(medians.jsonpath / medians.native, 3),
    samples: Object.fromEntries(Object.entries<number[]>(samples).map(([kind, ms]) => [kind, ms.map((v) => round(v))])),
  };
  const row = (label: string, key: keyof StepCost, unit = '') =>
    `| ${label} | ${native[key]}${unit} | ${nativeData[key]}${unit} | ${jsonpath[key]}${unit} | ${comparison.ratios[key]} | ${comparison.ratios_to_native_data[key]} |`;
  const table = [
    '| per step | native noop | native, same document (JSONata) | JSONPath | JSONPath ÷ native noop | JSONPath ÷ native, same document |',
    '| --- | --- | --- | --- | --- | --- |',
    row('invocations', 'invocations_per_step'),
    row('WCU', 'wcu_per_step'),
    row('RCU', 'rcu_per_step'),
    row('head bytes (at the end)', 'head_bytes'),
    row('handler time in-process', 'handler_ms_per_step', ' ms'),
    row(`time per step (${o.steps}-step executions, paired by round)`, 'ms_per_step', ' ms'),
  ];
  return { section, targets: jsonPathTargets(comparison), table };
}
