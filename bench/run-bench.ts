/**
 * `npm run bench [-- --quick]`: starts DynamoDB Local and serverless offline (with the bench-only
 * hop function), measures the floors and the engine in the same run, prints a markdown table with
 * pass/fail against the targets, writes bench/results.json, and stops everything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { generateApiKey, hashApiKey } from '../src/auth/api-keys';
import { awsClientOptions } from '../src/config/aws-client-options';
import { createDocumentClient } from '../src/storage/dynamo/dynamo-client';
import { createTable } from '../scripts/local-stack/create-table';
import { startDynamo } from '../scripts/local-stack/dynamodb';
import { localEnvironment, SERVICE_NAME, startOffline } from '../scripts/local-stack/offline';
import { freePort } from '../scripts/local-stack/ports';
import { measureCapacity, measureCapacityCurve } from './capacity';
import { engineRun, measureApi, measureThroughput, type ThroughputRow } from './engine-measures';
import { measureFlowLanguageCosts } from './flow-language-costs';
import { measureFanOutSection } from './fan-out-section';
import { measureJsonPathSection } from './jsonpath-section';
import { type ChainTarget, chainSampler } from './floors';
import { loggedBytesPerStep, PRICES, stepFunctionsExpressUsdPerMillion, usdPerMillionSteps } from './pricing';
import { interleavedSamples, mediansOf, pairedRatio, round } from './stats';
import { jitCpuMs, warmUp } from './warm-up';

const quick = process.argv.includes('--quick');
/** Only the four floors (ours and the platform's): for trying one setting at a time. */
const floorsOnly = process.argv.includes('--floors');
/** The floors and the engine per step only: for trying one change to the step path at a time. */
const ratiosOnly = process.argv.includes('--ratios');
/** The throughput at the largest concurrency and the fan-out section only: for trying one change to fan-outs. */
const fanOutOnly = process.argv.includes('--fan-out');
/** The JSONPath section only (a state machine's steps beside native ones): for trying one change to JSONPath steps. */
const jsonPathOnly = process.argv.includes('--jsonpath');
const PLAN = quick
  ? {
      hops: 50,
      repetitions: 7,
      capacitySteps: 20,
      concurrency: [1, 10],
      throughputSteps: 10,
      apiRequests: 200,
      fanOutItems: [100, 1000],
      jsonPathRounds: 9,
      warmUp: { minRounds: 3, maxRounds: 10, settledShare: 0.05 },
    }
  : {
      hops: 100,
      repetitions: 11,
      capacitySteps: 20,
      concurrency: [1, 10, 50, 100],
      throughputSteps: 10,
      apiRequests: 1000,
      fanOutItems: [100, 1000, 10_000],
      jsonPathRounds: 15,
      warmUp: { minRounds: 6, maxRounds: 30, settledShare: 0.05 },
    };
const STAGE = 'bench';
const PLATFORM_SERVICE = path.join(__dirname, 'platform');
const STEP_MEMORY_MB = 512;

async function main() {
  const log = (line: string) => console.log(line);
  const apiKey = generateApiKey();
  const dynamo = await startDynamo({ port: await freePort() });
  const tableName = localEnvironment({ stage: STAGE, dynamoEndpoint: dynamo.endpoint, lambdaEndpoint: '' }).TABLE_NAME!;
  await createTable(dynamo.endpoint, tableName);
  const offline = await startOffline({
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoEndpoint: dynamo.endpoint,
    stage: STAGE,
    output: 'ignore',
    extraEnv: {
      FLOW_BENCH: 'on',
      FLOW_API_KEY_HASHES: hashApiKey(apiKey),
      ...(process.env.LOG_LEVEL && { LOG_LEVEL: process.env.LOG_LEVEL }),
    },
  });
  // The platform floor: a second, minimal service (bench/platform) with the same offline settings.
  const platform = await startOffline({
    serviceRoot: PLATFORM_SERVICE,
    readyWhen: 'lambda',
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoEndpoint: dynamo.endpoint,
    stage: STAGE,
    output: 'ignore',
  }).catch(async (error: unknown) => {
    await offline.stop();
    await dynamo.stop();
    throw error;
  });
  const lambda = new LambdaClient(awsClientOptions({ region: 'us-east-1', endpoint: offline.lambdaEndpoint }));
  const platformLambda = new LambdaClient(awsClientOptions({ region: 'us-east-1', endpoint: platform.lambdaEndpoint }));
  const documents = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  const api = { url: offline.apiUrl, key: apiKey };
  try {
    const fanOutOf = (baseline: ThroughputRow) =>
      measureFanOutSection({
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        offline: { lambda, stepFunctionName: `${SERVICE_NAME}-${STAGE}-step`, offlinePid: offline.process.pid! },
        sizes: PLAN.fanOutItems,
        baseline: { concurrency: baseline.concurrency, steps_per_second: baseline.steps_per_second },
        memoryMb: STEP_MEMORY_MB,
        log,
      });
    if (fanOutOnly) {
      const concurrency = PLAN.concurrency.at(-1)!;
      log(`bench: throughput at concurrency ${concurrency}, then the fan-out section`);
      const baseline = await measureThroughput(api, concurrency, PLAN.throughputSteps, offline.process.pid!);
      const fanOut = await fanOutOf(baseline);
      console.log(JSON.stringify({ throughput: baseline, fan_out: fanOut.section, targets: fanOut.targets }, null, 2));
      console.log(['', ...fanOut.table, ''].join('\n'));
      return;
    }
    const probe = { dynamo: documents, tableName };
    const jsonPathOf = () =>
      measureJsonPathSection({
        api,
        probe,
        dynamoEndpoint: dynamo.endpoint,
        steps: PLAN.hops,
        capacitySteps: PLAN.capacitySteps,
        rounds: PLAN.jsonPathRounds,
        log,
      });
    const jitCpu = dynamo.pid !== undefined ? { jitCpu: () => jitCpuMs(dynamo.pid!) } : {};
    if (jsonPathOnly) {
      log(`bench${quick ? ' (quick)' : ''}: stacks up (${dynamo.engine}); warming up, then the JSONPath section`);
      const warm = await warmUp(
        async () => {
          for (let i = 0; i < 10; i++) await engineRun(api, probe, PLAN.capacitySteps);
        },
        { ...jitCpu, ...PLAN.warmUp, log },
      );
      const jsonPath = await jsonPathOf();
      console.log(JSON.stringify({ warm_up: warm, jsonpath: jsonPath.section, targets: jsonPath.targets }, null, 2));
      const rows = jsonPath.targets.map((t) => `| ${t.target} | ${t.pass ? 'PASS' : 'FAIL'} | ${t.value} |`);
      console.log(
        ['', ...jsonPath.table, '', '| target | result | value |', '| --- | --- | --- |', ...rows, ''].join('\n'),
      );
      return;
    }
    const chains: Record<'ours' | 'platform', ChainTarget> = {
      ours: { lambda, dynamo: documents, tableName, hopFunctionName: `${SERVICE_NAME}-${STAGE}-benchHop` },
      platform: {
        lambda: platformLambda,
        dynamo: documents,
        tableName,
        hopFunctionName: `flow-bench-platform-${STAGE}-hop`,
      },
    };
    const samplers = {
      hop: chainSampler(chains.ours, 'bare', PLAN.hops),
      platformHop: chainSampler(chains.platform, 'bare', PLAN.hops),
      exactlyOnce: chainSampler(chains.ours, 'exactly_once', PLAN.hops),
      platformExactlyOnce: chainSampler(chains.platform, 'exactly_once', PLAN.hops),
      // An execution of as many steps as a floor's chain has hops: its start and its finish are
      // spread over as many steps as the chain's first invoke and last marker are.
      engine: floorsOnly ? async () => Number.NaN : () => engineRun(api, probe, PLAN.hops),
    };
    // Both stacks' JITs (DynamoDB Local's above all) keep speeding up over their first several
    // thousand requests: warm them up on the measured workloads until they have settled.
    log(`bench${quick ? ' (quick)' : ''}: stacks up (${dynamo.engine}); warming up`);
    const warm = await warmUp(
      async () => {
        for (let i = 0; i < 10; i++) await engineRun(api, probe, PLAN.capacitySteps);
        for (const sample of Object.values(samplers)) await sample();
      },
      { ...jitCpu, ...PLAN.warmUp, log },
    );
    log(floorsOnly ? 'bench: floors' : 'bench: floors and engine per step, interleaved');
    const samples = await interleavedSamples(samplers, PLAN.repetitions);
    const m = mediansOf(samples);
    const engineRatios = {
      overhead_ratio: round(pairedRatio(samples.engine, samples.exactlyOnce)),
      // The same from the two medians, as runs before the rounds were paired reported it.
      overhead_ratio_of_medians: round(m.engine / m.exactlyOnce),
    };
    const sampled = Object.fromEntries(
      Object.entries<number[]>(samples).map(([name, values]) => [name, values.map((v) => round(v))]),
    );
    const floors = {
      floor_ms_per_hop: round(m.hop),
      floor_exactly_once_ms_per_step: round(m.exactlyOnce),
      floor_platform_ms_per_hop: round(m.platformHop),
      floor_platform_exactly_once_ms_per_step: round(m.platformExactlyOnce),
      platform_ratio: round(pairedRatio(samples.exactlyOnce, samples.platformExactlyOnce)),
      platform_hop_ratio: round(pairedRatio(samples.hop, samples.platformHop)),
    };
    if (floorsOnly || ratiosOnly) {
      const engine = ratiosOnly ? { engine_ms_per_step: round(m.engine), ...engineRatios } : {};
      console.log(JSON.stringify({ ...floors, ...engine, warm_up: warm, samples: sampled }, null, 2));
      return;
    }
    log('bench: capacity per step');
    const capacity = await measureCapacity(dynamo.endpoint, tableName, PLAN.capacitySteps);
    log('bench: capacity at steps 1, 100 and 1,000 of a long loop');
    const capacityByStep = await measureCapacityCurve(dynamo.endpoint, tableName, [1, 100, 1000]);
    log('bench: what a retried attempt and a durable wait cost');
    const flowLanguage = await measureFlowLanguageCosts(dynamo.endpoint, tableName, {
      billedMs: capacity.handler_ms_per_step,
      logBytes: capacity.log_bytes_per_step,
      logLines: capacity.log_lines_per_step,
    });
    // After the engine's own in-process figures, which it would otherwise find warm.
    const jsonPath = await jsonPathOf();
    const throughput: ThroughputRow[] = [];
    for (const concurrency of PLAN.concurrency) {
      log(`bench: throughput at concurrency ${concurrency}`);
      const row = await measureThroughput(api, concurrency, PLAN.throughputSteps, offline.process.pid!);
      log(
        `bench:   ${row.steps_per_second} steps/s, p50 ${row.p50_ms} ms, ${row.errors} errors, ${row.wrong_paths} wrong paths, peak RSS ${row.peak_rss_mb} MB`,
      );
      throughput.push(row);
    }
    const fanOut = await fanOutOf(throughput.at(-1)!);
    log(`bench: API latency over ${PLAN.apiRequests} requests`);
    const apiLatency = await measureApi(api, PLAN.apiRequests, 10);

    const usd = usdPerMillionSteps({
      invocationsPerStep: capacity.invocations_per_step,
      writeUnitsPerStep: capacity.wcu_per_step,
      readUnitsPerStep: capacity.rcu_per_step,
      billedMsPerStep: capacity.handler_ms_per_step,
      memoryMb: STEP_MEMORY_MB,
      logBytesPerStep: capacity.log_bytes_per_step,
      logLinesPerStep: capacity.log_lines_per_step,
    });
    const results = {
      measured_at: new Date().toISOString(),
      quick,
      plan: PLAN,
      dynamodb: dynamo.engine,
      warm_up: warm,
      samples: sampled,
      ...floors,
      engine_ms_per_step: round(m.engine),
      ...engineRatios,
      hop_ratio: round(pairedRatio(samples.engine, samples.hop)),
      invocations_per_step: capacity.invocations_per_step,
      wcu_per_step: capacity.wcu_per_step,
      rcu_per_step: capacity.rcu_per_step,
      bytes_written_per_step: capacity.bytes_written_per_step,
      log_bytes_per_step: capacity.log_bytes_per_step,
      log_lines_per_step: capacity.log_lines_per_step,
      logged_bytes_per_step: loggedBytesPerStep({
        invocationsPerStep: capacity.invocations_per_step,
        logBytesPerStep: capacity.log_bytes_per_step,
        logLinesPerStep: capacity.log_lines_per_step,
      }),
      capacity_by_step: capacityByStep,
      retried_attempt: flowLanguage.retried_attempt,
      wait: flowLanguage.wait,
      step_handing_on_16kb: flowLanguage.step_handing_on_16kb,
      handler_ms_per_step: capacity.handler_ms_per_step,
      usd_per_million_steps: round(usd, 3),
      step_functions_standard_usd_per_million: PRICES.stepFunctionsStandardPerMillionTransitions,
      step_functions_express_usd_per_million: round(stepFunctionsExpressUsdPerMillion(), 3),
      prices: PRICES,
      throughput,
      api: apiLatency,
      peak_rss_mb: Math.max(...throughput.map((t) => t.peak_rss_mb)),
      fan_out: fanOut.section,
      jsonpath: jsonPath.section,
    };
    const targets = [
      ['per-step time ≤ 1.25 × exactly-once floor', results.overhead_ratio <= 1.25, `${results.overhead_ratio} ×`],
      ["exactly-once floor ≤ 1.5 × the platform's", results.platform_ratio <= 1.5, `${results.platform_ratio} ×`],
      [
        'exactly 1 Lambda invocation per step',
        results.invocations_per_step === 1,
        String(results.invocations_per_step),
      ],
      [
        '≤ 3 write units per step (20-step flow, its create and finish spread over its steps)',
        results.wcu_per_step <= 3,
        String(results.wcu_per_step),
      ],
      ['≤ 2 read units per step', results.rcu_per_step <= 2, String(results.rcu_per_step)],
      [
        'flat: ≤ 1 RCU and ≤ 3 WCU at steps 1, 100 and 1,000',
        capacityByStep.every((c) => c.rcu <= 1 && c.wcu <= 3),
        capacityByStep.map((c) => `#${c.step}: ${c.rcu} R / ${c.wcu} W`).join(', '),
      ],
      [
        'largest concurrency finishes with 0 errors',
        throughput.at(-1)!.errors === 0 && throughput.at(-1)!.wrong_paths === 0,
        `${throughput.at(-1)!.errors} errors, ${throughput.at(-1)!.wrong_paths} wrong paths`,
      ],
      [
        '≤ 1/10 of Step Functions Standard per million steps',
        usd <= PRICES.stepFunctionsStandardPerMillionTransitions / 10,
        `$${results.usd_per_million_steps}`,
      ],
      ...fanOut.targets.map((t) => [t.target, t.pass, t.value] as const),
      ...jsonPath.targets.map((t) => [t.target, t.pass, t.value] as const),
    ] as const;
    const dir = path.join(__dirname);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'results.json'),
      `${JSON.stringify({ ...results, targets: targets.map(([t, ok, v]) => ({ target: t, pass: ok, value: v })) }, null, 2)}\n`,
    );
    console.log(
      [
        '',
        '| figure | value |',
        '| --- | --- |',
        `| bare hop (floor) | ${results.floor_ms_per_hop} ms/hop (platform: ${results.floor_platform_ms_per_hop} ms/hop, ${results.platform_hop_ratio} ×) |`,
        `| exactly-once floor | ${results.floor_exactly_once_ms_per_step} ms/step (platform: ${results.floor_platform_exactly_once_ms_per_step} ms/step, ${results.platform_ratio} ×) |`,
        `| engine | ${results.engine_ms_per_step} ms/step (${results.overhead_ratio} × exactly-once floor, ${results.hop_ratio} × bare hop) |`,
        `| per step | ${results.invocations_per_step} invocations, ${results.wcu_per_step} WCU, ${results.rcu_per_step} RCU, ${results.bytes_written_per_step} bytes written, ${results.logged_bytes_per_step} bytes logged (${results.log_bytes_per_step} of them the step's own) |`,
        `| USD per million steps | $${results.usd_per_million_steps} (Step Functions Standard $${results.step_functions_standard_usd_per_million}, Express ≥ $${results.step_functions_express_usd_per_million}) |`,
        `| a retried attempt | ${results.retried_attempt.invocations} invocation, ${results.retried_attempt.wcu} WCU, ${results.retried_attempt.rcu} RCU |`,
        `| a durable wait | ${results.wait.invocations} invocations, ${results.wait.wcu} WCU, ${results.wait.rcu} RCU, $${results.wait.usd_per_million} per million waits |`,
        `| a step handing on 16 KB of JSON | ${results.step_handing_on_16kb.wcu} WCU, ${results.step_handing_on_16kb.rcu} RCU, $${results.step_handing_on_16kb.usd_per_million} per million such steps |`,
        `| API execute p50/p99 | ${apiLatency.execute_p50_ms} / ${apiLatency.execute_p99_ms} ms |`,
        `| API status p50/p99 | ${apiLatency.status_p50_ms} / ${apiLatency.status_p99_ms} ms |`,
        `| peak RSS of serverless offline | ${results.peak_rss_mb} MB |`,
        '',
        '| concurrency | steps/s | p50 ms | p95 ms | p99 ms | errors | wrong paths | peak RSS MB |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...throughput.map(
          (t) =>
            `| ${t.concurrency} | ${t.steps_per_second} | ${t.p50_ms} | ${t.p95_ms} | ${t.p99_ms} | ${t.errors} | ${t.wrong_paths} | ${t.peak_rss_mb} |`,
        ),
        '',
        ...fanOut.table,
        '',
        ...jsonPath.table,
        '',
        '| target | result | value |',
        '| --- | --- | --- |',
        ...targets.map(([t, ok, v]) => `| ${t} | ${ok ? 'PASS' : 'FAIL'} | ${v} |`),
        '',
        'raw figures: bench/results.json',
      ].join('\n'),
    );
  } finally {
    lambda.destroy();
    platformLambda.destroy();
    documents.destroy();
    await platform.stop();
    await offline.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
