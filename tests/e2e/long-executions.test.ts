import { randomUUID } from 'node:crypto';
import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import { api } from '../support/http';
import { flowDef } from '../support/flows';
import { localStore } from '../support/local-services';

/** Lambda's response payload limit; API Gateway's HTTP API allows 10 MB. */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

const loop = (steps: number) => ({
  id: `loop-${steps}`,
  name: `${steps}-step loop`,
  start_task: 'again',
  max_steps: steps,
  tasks: [{ name: 'again', task_type: 'print', parameters: { message: 'tick' } }],
  conditions: [
    { name: 'c', source_task: 'again', outcome: 'success', target_task_success: 'again', target_task_failure: 'end' },
  ],
});

/** Every page of an execution's steps, following next_token; checks each response's size on the way. */
async function allPages(id: string, limit?: number) {
  const pages: any[] = [];
  let token: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({
      ...(token && { next_token: token }),
      ...(limit && { limit: String(limit) }),
    });
    const res: { status: number; body: any } = await api('GET', `/api/v1/flows/executions/${id}?${params.toString()}`);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(res.body))).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    pages.push(res.body);
    token = res.body.task_results_next_token;
  } while (token && pages.length < 100);
  return pages;
}

/** Polls (each call holding up to 10 s) until the execution is terminal: 300 invocations take a while on a loaded machine. */
async function untilFinished(id: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10&limit=100`);
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(res.body.status) || Date.now() > deadline) return res;
  }
}

describe('long executions', () => {
  it('runs a 300-step loop and pages its per-step detail, every step exactly once and in order', async () => {
    const started = await api('POST', '/api/v1/flows/execute', { json: loop(300) });
    expect(started.status).toBe(202);
    const id = started.body.execution_id;
    const done = await untilFinished(id);
    expect(done.body).toMatchObject({
      status: 'FAILED',
      error_code: 'max_steps_exceeded',
      steps_executed: 300,
      task_results_paged: true,
    });
    expect(done.body.task_results).toHaveLength(100);
    expect(done.body.tasks).toEqual([{ name: 'again', task_type: 'print', status: 'SUCCEEDED', attempts: 300 }]);

    const pages = await allPages(id, 128);
    expect(pages.map((p) => p.task_results.length)).toEqual([128, 128, 44]);
    expect(pages.flatMap((p) => p.task_results.map((r: any) => r.step))).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(pages.at(-1).task_results_next_token).toBeNull();

    // The /flow view is built from the execution's head: one entry per task, whatever the length.
    const status = await api('GET', `/flow/${id}/status`);
    expect(Object.keys(status.body.task_results)).toEqual(['again']);
    expect(status.body.completed_tasks).toEqual(['again']);
  }, 150_000);

  it('keeps every response under the payload limit for an execution whose outputs add up to far more', async () => {
    // 120 recorded steps of 60 KB each (7 MB): written straight into the table the API reads.
    const store = localStore();
    const flow = flowDef({ id: 'big-outputs', tasks: ['big'] });
    const id = randomUUID();
    const execution: Execution = {
      execution_id: id,
      flow_id: flow.id,
      flow_name: flow.name,
      definition_hash: definitionHash(flow),
      status: 'RUNNING',
      created_at: new Date().toISOString(),
      started_at: new Date().toISOString(),
      cursor: { seq: 1, task: 'big', timeout_seconds: 30 },
      attempts: 0,
      steps_recorded: 0,
      max_steps: 1000,
      state: { input: {}, results: new Map() },
      progress: new Map(),
    };
    await store.createExecution(execution, flow);
    const padding = 'p'.repeat(60 * 1024);
    for (let seq = 1; seq <= 120; seq++) {
      const token = `t${seq}`;
      await store.claimStep({
        executionId: id,
        seq,
        task: 'big',
        claimToken: token,
        claimedAt: new Date().toISOString(),
        leaseExpiresAt: Date.now() + 60_000,
      });
      const step: StepRecord = {
        seq,
        task_name: 'big',
        task_type: 'noop',
        status: 'SUCCEEDED',
        attempt: 1,
        started_at: new Date().toISOString(),
        completed_at: new Date().toISOString(),
        duration_ms: 1,
        output: { seq, padding },
        next: { type: 'run', task: 'big', seq: seq + 1 },
      };
      const last = seq === 120;
      const finish = { type: 'finish' as const, status: 'SUCCEEDED' as const };
      const committed = await store.commitStep({
        executionId: id,
        claimToken: token,
        step: last ? { ...step, next: finish } : step,
        state: { input: {}, results: new Map([['big', { seq }]]) },
        progress: new Map(),
        next: last ? { finish } : { cursor: { seq: seq + 1, task: 'big', timeout_seconds: 30 } },
        at: new Date().toISOString(),
      });
      expect(committed).toBe(true);
    }
    const pages = await allPages(id, 1000);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p.task_results_paged === true)).toBe(true);
    expect(pages.flatMap((p) => p.task_results.map((r: any) => r.step))).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    expect(pages[0].steps_executed).toBe(120);
  }, 60_000);

  it('refuses a next_token of another execution', async () => {
    const a = await api('POST', '/api/v1/flows/execute?wait_seconds=10', { json: loop(5) });
    const page = await api('GET', `/api/v1/flows/executions/${a.body.execution_id}?limit=2`);
    const b = await api('POST', '/api/v1/flows/execute?wait_seconds=10', { json: loop(5) });
    const res = await api(
      'GET',
      `/api/v1/flows/executions/${b.body.execution_id}?next_token=${page.body.task_results_next_token}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_next_token', details: [{ path: 'query.next_token' }] });
  });
});
