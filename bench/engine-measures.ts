import { readFileSync } from 'node:fs';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../src/storage/table-schema';
import { percentile, pool, round } from './stats';

export interface Api {
  url: string;
  key: string;
}

interface ExecutionView {
  execution_id: string;
  status: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  task_results: Array<{ task_name: string }>;
}

async function call(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  return { status: res.status, json: json as Record<string, unknown>, ms: performance.now() - started };
}

export const noopFlow = (steps: number) => ({
  id: `bench-noop-${steps}`,
  name: `${steps} noop steps`,
  start_task: 't1',
  tasks: Array.from({ length: steps }, (_, i) => ({ name: `t${i + 1}`, task_type: 'noop' })),
  conditions: [],
  max_steps: Math.max(steps, 1),
});

const expectedPath = (steps: number) => Array.from({ length: steps }, (_, i) => `t${i + 1}`).join(',');

/** Where the engine's own records are read from, the way the floors' markers are. */
export interface EngineProbe {
  dynamo: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Engine ms per step of one execution of an N-step noop flow (or of `body`, a request of N steps),
 * from the start and end times the engine wrote. It is started without waiting and its head is
 * polled from DynamoDB every 50 ms, as the floors' markers are, so that watching it costs the stack
 * under test nothing more than watching a floor does.
 */
export async function engineRun(
  api: Api,
  probe: EngineProbe,
  steps: number,
  body: unknown = noopFlow(steps),
): Promise<number> {
  const res = await call(api, 'POST', '/api/v1/flows/execute', body);
  if (res.status !== 202) throw new Error(`engine run was not started: ${JSON.stringify(res.json).slice(0, 300)}`);
  const id = res.json.execution_id as string;
  const deadline = Date.now() + 60_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const out = await probe.dynamo.send(
      new GetCommand({ TableName: probe.tableName, Key: keys.execution(id), ConsistentRead: true }),
    );
    const head = out.Item;
    if (head?.completed_at) {
      if (head.status !== 'SUCCEEDED')
        throw new Error(`engine run ended ${String(head.status)}: ${String(head.error ?? '')}`);
      return (Date.parse(String(head.completed_at)) - Date.parse(String(head.started_at))) / steps;
    }
    if (Date.now() > deadline) throw new Error(`engine run ${id} did not finish`);
  }
}

export interface ThroughputRow {
  concurrency: number;
  steps_per_second: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  wrong_paths: number;
  peak_rss_mb: number;
}

/** Resident memory of a process now, in MB (Linux). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** `concurrency` executions of a `steps`-step noop flow started at once, each followed to its end. */
export async function measureThroughput(
  api: Api,
  concurrency: number,
  steps: number,
  offlinePid: number,
): Promise<ThroughputRow> {
  let peak = rssMb(offlinePid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(offlinePid))), 100);
  let errors = 0;
  const started = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const res = await call(api, 'POST', '/api/v1/flows/execute', noopFlow(steps));
      if (res.status !== 202) errors++;
      return res.status === 202 ? (res.json.execution_id as string) : undefined;
    }),
  );
  const ids = started.filter((id): id is string => id !== undefined);
  const views = await pool(ids, 10, async (id) => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const res = await call(api, 'GET', `/api/v1/flows/executions/${id}?wait_seconds=5`);
      const view = res.json as unknown as ExecutionView;
      if (view.completed_at || Date.now() > deadline) return view;
    }
  });
  clearInterval(sampler);
  const latencies = views
    .map((v) => Date.parse(v.completed_at ?? '') - Date.parse(v.created_at))
    .filter(Number.isFinite);
  const first = Math.min(...views.map((v) => Date.parse(v.created_at)));
  const last = Math.max(...views.map((v) => Date.parse(v.completed_at ?? '')).filter(Number.isFinite));
  errors += views.filter((v) => v.status !== 'SUCCEEDED').length;
  return {
    concurrency,
    steps_per_second: round((views.length * steps) / ((last - first) / 1000), 1),
    p50_ms: round(percentile(latencies, 50), 1),
    p95_ms: round(percentile(latencies, 95), 1),
    p99_ms: round(percentile(latencies, 99), 1),
    errors,
    wrong_paths: views.filter((v) => v.task_results.map((r) => r.task_name).join(',') !== expectedPath(steps)).length,
    peak_rss_mb: round(peak, 0),
  };
}

export interface ApiLatency {
  execute_p50_ms: number;
  execute_p99_ms: number;
  status_p50_ms: number;
  status_p99_ms: number;
}

/** Client-side latency of the two busiest routes: `requests` of each at `concurrency`. */
export async function measureApi(api: Api, requests: number, concurrency: number): Promise<ApiLatency> {
  const executes = await pool(Array.from({ length: requests }), concurrency, async () => {
    const res = await call(api, 'POST', '/api/v1/flows/execute', noopFlow(1));
    if (res.status !== 202) throw new Error(`execute answered ${res.status}`);
    return { ms: res.ms, id: res.json.execution_id as string };
  });
  const id = executes.at(-1)!.id;
  const statuses = await pool(Array.from({ length: requests }), concurrency, async () => {
    const res = await call(api, 'GET', `/api/v1/flows/executions/${id}`);
    if (res.status !== 200) throw new Error(`status answered ${res.status}`);
    return res.ms;
  });
  const executeMs = executes.map((e) => e.ms);
  return {
    execute_p50_ms: round(percentile(executeMs, 50), 1),
    execute_p99_ms: round(percentile(executeMs, 99), 1),
    status_p50_ms: round(percentile(statuses, 50), 1),
    status_p99_ms: round(percentile(statuses, 99), 1),
  };
}
