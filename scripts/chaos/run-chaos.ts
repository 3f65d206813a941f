import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { awsClientOptions } from '../../src/config/aws-client-options';
import type { StepMessage } from '../../src/domain/execution/step-message';
import { ChaosLedger, type FaultKind } from '../../src/faults/chaos-ledger';
import { createExecution, requireExecution } from '../../src/service/execution-lifecycle';
import { describeExecution } from '../../src/service/execution-queries';
import { executionOutput } from '../../src/domain/execution/execution-state';
import { fireDueTimers } from '../../src/service/fire-timers';
import { systemClock } from '../../src/ports/clock';
import { runStep } from '../../src/service/step-runner';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../../src/storage/dynamo/dynamo-execution-store';
import { DynamoFanOutStore } from '../../src/storage/dynamo/dynamo-fan-out-store';
import type { FanOutStore } from '../../src/ports/fan-out-store';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { CHAOS_FLOWS, POISONED_OUTCOMES } from './chaos-flows';
import {
  checkFanOutRuns,
  type FanOutChaosResults,
  fanOutGuaranteesHold,
  fanOutRows,
  isFanOutKind,
} from './fan-out-chaos-check';
import { FAN_OUT_CHAOS_FLOWS } from './fan-out-chaos-flows';
import { answerOf, http } from './chaos-http';
import {
  answerLate,
  answerTwice,
  CALLBACK_KINDS,
  type CallbackChaosResults,
  emptyCallbackResults,
  waitingToken,
} from './callback-chaos';
import { sendTaskSuccess } from '../../src/service/task-callbacks';

/** The whole mix: the ordinary flows and the fan-out ones, started in turn. */
const MIX: Record<string, Record<string, unknown>> = { ...CHAOS_FLOWS, ...FAN_OUT_CHAOS_FLOWS };

export interface ChaosOptions {
  executions: number;
  apiKey: string;
  apiUrl: string;
  lambdaEndpoint: string;
  recoverFunctionName: string;
  dynamoEndpoint: string;
  tableName: string;
  concurrency?: number;
  timeoutSeconds?: number;
  log?: (line: string) => void;
}

export interface ChaosResults {
  executions: number;
  terminal: number;
  status_or_path_mismatches: number;
  duplicate_runs: number;
  crashes: number;
  crash_reruns: number;
  /** Injected faults by kind, counted by the fault layer as it injected them. */
  faults: Record<FaultKind, number>;
  /** Executions with a task that crashes its invocation every time, and how many of them failed with step_crashed. */
  poison_executions: number;
  poison_failed_step_crashed: number;
  seconds: number;
  by_flow: Record<string, { executions: number; expected: string; mismatches: number }>;
  /** The fan-out flows' parents and children (scripts/chaos/fan-out-chaos-check.ts). */
  fan_out: FanOutChaosResults;
  /** The callbacks sent, duplicated and late (scripts/chaos/callback-chaos.ts). */
  callbacks: CallbackChaosResults;
  failures: string[];
}

interface Outcome {
  status: string;
  path: string[];
  error?: string;
  error_code?: string;
  output?: unknown;
}
const describe = (o: Outcome) =>
  `${o.status}: ${o.path.join(' → ')}${o.error_code && o.status === 'FAILED' ? ` (${o.error_code})` : ''}`;

/** Runs `limit` of `items` at a time through `work`. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Each flow of the mix run once in-process, without faults: the status and path every chaos run must match. */
async function referenceOutcomes(store: DynamoExecutionStore, fanOuts: FanOutStore): Promise<Record<string, Outcome>> {
  const queue: StepMessage[] = [];
  const deps = {
    store,
    fanOuts,
    dispatcher: { dispatch: async (m: StepMessage) => void queue.push(m) },
    registry: defaultRegistry(),
    clock: systemClock,
    logger: new Logger({ serviceName: 'chaos-reference', logLevel: 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
    maxStepTakeovers: 3,
    // Waits and backoffs take no time in the reference run; only the path and status matter.
    timeScale: 1e6,
  };
  const outcomes: Record<string, Outcome> = { ...POISONED_OUTCOMES };
  for (const [kind, flow] of Object.entries(MIX)) {
    if (POISONED_OUTCOMES[kind]) continue;
    const { execution } = await createExecution(flow, { start: true }, deps);
    // Bounded by time, not by rounds: a loaded machine's DynamoDB Local may be slow to show a due
    // step in its timers' index (a callback's answer makes the step due at once).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      while (queue.length > 0) await runStep(queue.shift()!, deps);
      const head = await requireExecution(execution.execution_id, deps);
      if (head.status !== 'RUNNING') break;
      // A task waiting for a callback gets it, as the chaos run sends it.
      const waiting = head.cursor?.callback;
      if (waiting && !waiting.outcome && !head.claim) await sendTaskSuccess(waiting.token, { approved: true }, deps);
      await new Promise((r) => setTimeout(r, 20));
      await fireDueTimers(deps, { forMs: 0, pollIntervalMs: 0 });
    }
    const finished = await requireExecution(execution.execution_id, deps);
    const { page } = await describeExecution(finished, { fromSeq: 1, limit: 1000 }, deps);
    outcomes[kind] = {
      status: finished.status,
      path: page.steps.map((s) => s.task_name),
      error_code: finished.reason ?? undefined,
      output: executionOutput(finished),
    };
  }
  return outcomes;
}

/**
 * Runs the chaos mix through a stack started with FLOW_FAULTS and checks the guarantees:
 * every execution terminal, status and path equal to the fault-free reference, no task body run
 * twice because of duplicated or dropped invokes, extra runs only for crashed steps (one each).
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosResults> {
  const log = o.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const client = createDocumentClient({ region: 'us-east-1', endpoint: o.dynamoEndpoint });
  const store = new DynamoExecutionStore(client, o.tableName);
  const ledger = new ChaosLedger(client, o.tableName);
  const expected = await referenceOutcomes(store, new DynamoFanOutStore(client, o.tableName));
  const kinds = Object.keys(MIX);

  const lambda = new LambdaClient(awsClientOptions({ region: 'us-east-1', endpoint: o.lambdaEndpoint }));
  let pumping = true;
  const pump = (async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- cleared at the end of the run, which TypeScript cannot see from here
    while (pumping) {
      await lambda
        .send(
          new InvokeCommand({
            FunctionName: o.recoverFunctionName,
            InvocationType: 'RequestResponse',
            Payload: Buffer.from('{}'),
          }),
        )
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();

  // At most `concurrency` executions in flight: each is started, then polled until it is terminal.
  // (serverless-offline starts a worker thread per concurrent invocation; unbounded load on a
  // 2-core machine measures the machine, not the engine.)
  const runs: Array<{ id: string; kind: string; outcome?: Outcome; tokens: Set<string> }> = [];
  const callbacks = emptyCallbackResults();
  const callbackFailures: string[] = [];
  const post = (path: string, body: unknown) => answerOf(`${o.apiUrl}${path}`, o.apiKey, body);
  const get = (path: string) => http('GET', `${o.apiUrl}${path}`, o.apiKey) as Promise<never>;
  const startFailures: string[] = [];
  // 15 minutes: a lost invoke of a fan-out child's step is found after a minute, and the fan-out
  // flows take a full run on a loaded 2-core machine to about 8 minutes.
  const deadline = Date.now() + (o.timeoutSeconds ?? 900) * 1000;
  const jobs = Array.from({ length: o.executions }, (_, i) => kinds[i % kinds.length]!);
  let finished = 0;
  await pool(jobs, o.concurrency ?? 16, async (kind) => {
    let id: string;
    try {
      const res = await http('POST', `${o.apiUrl}/api/v1/flows/execute`, o.apiKey, MIX[kind]);
      if (typeof res.execution_id !== 'string') throw new Error(`no execution_id in ${JSON.stringify(res)}`);
      id = res.execution_id;
    } catch (error) {
      startFailures.push(`${kind}: could not start: ${(error as Error).message}`);
      return;
    }
    const run: (typeof runs)[number] = { id, kind, tokens: new Set() };
    runs.push(run);
    while (!run.outcome && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const view = await http('GET', `${o.apiUrl}/api/v1/flows/executions/${id}`, o.apiKey).catch(() => undefined);
      if (view?.status === 'RUNNING' && CALLBACK_KINDS.has(kind)) {
        const token = await waitingToken(get, id, run.tokens);
        if (token) {
          run.tokens.add(token);
          await answerTwice(post, token, callbacks, callbackFailures);
        }
      }
      if (view && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(view.status)) {
        run.outcome = {
          status: view.status,
          path: view.task_results.map((r: { task_name: string }) => r.task_name),
          error: view.error ?? undefined,
          error_code: view.error_code ?? undefined,
          output: view.output,
        };
      }
    }
    for (const token of run.outcome ? run.tokens : []) await answerLate(post, token, callbacks, callbackFailures);
    if (++finished % 50 === 0)
      log(
        `chaos: ${finished} of ${o.executions} executions done after ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  });
  pumping = false;
  await pump;
  lambda.destroy();

  const results: ChaosResults = {
    executions: o.executions,
    terminal: 0,
    status_or_path_mismatches: 0,
    duplicate_runs: 0,
    crashes: 0,
    crash_reruns: 0,
    faults: await ledger.faultCounts(),
    poison_executions: runs.filter((r) => POISONED_OUTCOMES[r.kind]).length,
    poison_failed_step_crashed: runs.filter(
      (r) => POISONED_OUTCOMES[r.kind] && r.outcome?.status === 'FAILED' && r.outcome.error_code === 'step_crashed',
    ).length,
    seconds: 0,
    by_flow: Object.fromEntries(
      kinds.map((k) => [k, { executions: 0, expected: describe(expected[k]!), mismatches: 0 }]),
    ),
    fan_out: { parents: 0, children: 0, items_run_twice: 0, parents_not_terminal: 0, mismatches: 0 },
    callbacks,
    failures: [...startFailures, ...callbackFailures],
  };
  await pool(runs, 10, async (run) => {
    const flow = results.by_flow[run.kind]!;
    flow.executions++;
    if (!run.outcome) {
      results.failures.push(`${run.id} (${run.kind}) did not finish`);
      return;
    }
    results.terminal++;
    if (describe(run.outcome) !== flow.expected) {
      results.status_or_path_mismatches++;
      flow.mismatches++;
      results.failures.push(
        `${run.id} (${run.kind}): ${describe(run.outcome)} [${run.outcome.error ?? ''}], expected ${flow.expected}`,
      );
    }
    for (const step of await ledger.tally(run.id)) {
      const extra = Math.max(0, step.runs - 1);
      results.crashes += step.crashes;
      results.crash_reruns += Math.min(extra, step.crashes);
      const unexplained = Math.max(0, extra - step.crashes);
      if (unexplained > 0) {
        results.duplicate_runs += unexplained;
        results.failures.push(`${run.id} step ${step.seq}: body ran ${step.runs} times with ${step.crashes} crash(es)`);
      }
    }
  });
  const { crashes, crash_reruns, ...fanOut } = await checkFanOutRuns(
    runs.filter((r) => isFanOutKind(r.kind)),
    {
      get: (path) => http('GET', `${o.apiUrl}${path}`, o.apiKey),
      ledger,
      failures: results.failures,
      references: expected,
    },
  );
  results.crashes += crashes;
  results.crash_reruns += crash_reruns;
  results.fan_out = fanOut;
  results.seconds = Math.round((Date.now() - started) / 100) / 10;
  client.destroy();
  return results;
}

export const guaranteesHold = (r: ChaosResults): boolean =>
  r.executions > 0 &&
  r.terminal === r.executions &&
  r.status_or_path_mismatches === 0 &&
  r.duplicate_runs === 0 &&
  r.crash_reruns <= r.crashes &&
  r.poison_failed_step_crashed === r.poison_executions &&
  r.callbacks.mismatches === 0 &&
  fanOutGuaranteesHold(r.fan_out);

export function chaosTable(r: ChaosResults): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, r.executions)).toFixed(1)} %`;
  return [
    '| measure | value | required |',
    '| --- | --- | --- |',
    `| executions started | ${r.executions} | |`,
    `| reached a terminal state | ${r.terminal} (${pct(r.terminal)}) | 100 % |`,
    `| status or path differs from the fault-free run | ${r.status_or_path_mismatches} | 0 |`,
    `| task bodies run twice by duplicated or dropped invokes | ${r.duplicate_runs} | 0 |`,
    `| injected crashes | ${r.crashes} | |`,
    `| extra runs of crashed steps | ${r.crash_reruns} | at most one per crash |`,
    `| executions with a task that always crashes, failed with step_crashed | ${r.poison_failed_step_crashed} of ${r.poison_executions} | all |`,
    `| injected faults | ${Object.entries(r.faults)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} | |`,
    ...fanOutRows(r.fan_out),
    `| callbacks: tokens answered, taken, refused (duplicates and late ones) | ${r.callbacks.tokens}, ${r.callbacks.taken}, ${r.callbacks.refused} | each token taken once |`,
    `| callbacks taken other than once, or late ones not refused | ${r.callbacks.mismatches} | 0 |`,
    `| seconds until all finished | ${r.seconds} | |`,
    '',
    '| flow | executions | expected status: path | mismatches |',
    '| --- | --- | --- | --- |',
    ...Object.entries(r.by_flow).map(([k, f]) => `| ${k} | ${f.executions} | ${f.expected} | ${f.mismatches} |`),
  ].join('\n');
}
