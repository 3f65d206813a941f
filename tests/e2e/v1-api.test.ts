import { randomUUID } from 'node:crypto';
import { api, executionLogLines } from '../support/http';
import { noopFlowBody, sampleFlow } from '../support/flows';

const WAIT = 'wait_seconds=15';

describe('v1 API over HTTP (serverless offline + DynamoDB Local)', () => {
  it('runs the classic sample task1 → task2 → task3, each step in its own Lambda invocation', async () => {
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: sampleFlow('classic-pipeline.json') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'SUCCEEDED',
      flow_id: 'flow123',
      flow_name: 'Data processing flow',
      message: "Flow 'Data processing flow' completed successfully. Executed 3 task(s).",
      failed_task: null,
      tasks: [
        { name: 'task1', task_type: 'fetch_data', status: 'SUCCEEDED', attempts: 1 },
        { name: 'task2', task_type: 'process_data', status: 'SUCCEEDED', attempts: 1 },
        { name: 'task3', task_type: 'store_data', status: 'SUCCEEDED', attempts: 1 },
      ],
    });
    expect(res.body.task_results.map((r: any) => [r.task_name, r.status])).toEqual([
      ['task1', 'success'],
      ['task2', 'success'],
      ['task3', 'success'],
    ]);
    expect(res.body.task_results[1].data.summary.total_records).toBe(3);
    expect(res.headers.get('location')).toBe(`/api/v1/flows/executions/${res.body.execution_id}`);

    const claims = executionLogLines(res.body.execution_id).filter((l) => l.message === 'step recorded');
    expect(claims.map((l) => l.task)).toEqual(['task1', 'task2', 'task3']);
    expect(new Set(claims.map((l) => l.request_id)).size).toBe(3);
  });

  it('answers 202 with a Location to poll when not waiting', async () => {
    const res = await api('POST', '/api/v1/flows/execute', { json: sampleFlow('flow-service-pipeline.json') });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ execution_id: expect.any(String), status: 'RUNNING' });
    const location = res.headers.get('location')!;
    expect(location).toBe(`/api/v1/flows/executions/${res.body.execution_id}`);
    const done = await api('GET', `${location}?${WAIT}`);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('SUCCEEDED');
    expect(done.body.task_results).toHaveLength(3);
  });

  it('ends FAILED with task3 SKIPPED when task2 has failure_rate 1', async () => {
    const flow = sampleFlow('classic-pipeline.json') as { flow: { tasks: any[] } };
    flow.flow.tasks[1] = { ...flow.flow.tasks[1], parameters: { failure_rate: 1 } };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: flow });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'FAILED',
      failed_task: 'task2',
      error: 'Processing algorithm error',
      error_code: 'task_failed',
    });
    expect(res.body.tasks.map((t: any) => t.status)).toEqual(['SUCCEEDED', 'FAILED', 'SKIPPED']);
    expect(res.body.message).toMatch(/failed at task 'task2'/);
  });

  it('routes a failure to a recovery task through a condition', async () => {
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: sampleFlow('failure-recovery.json') });
    expect(res.body.task_results.map((r: any) => `${r.task_name}:${r.status}`)).toEqual([
      'fetch:success',
      'process:failure',
      'notify_failure:success',
    ]);
    expect(res.body.status).toBe('SUCCEEDED');
    expect(res.body.input).toEqual({ batch: '2026-11-23' });
    expect(res.body.tasks.find((t: any) => t.name === 'store').status).toBe('SKIPPED');
  });

  it('fails a loop at max_steps with error_code max_steps_exceeded', async () => {
    const body = {
      id: 'loop',
      name: 'loop',
      start_task: 'again',
      max_steps: 4,
      tasks: [{ name: 'again', task_type: 'print', parameters: { message: 'x', failure_rate: 1 } }],
      conditions: [
        {
          name: 'l',
          source_task: 'again',
          outcome: 'success',
          target_task_success: 'end',
          target_task_failure: 'again',
        },
      ],
    };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body).toMatchObject({ status: 'FAILED', error_code: 'max_steps_exceeded', steps_executed: 4 });
    expect(res.body.tasks[0].attempts).toBe(4);
  });

  it('returns warnings for unreachable tasks', async () => {
    const body = noopFlowBody(`warn-${randomUUID()}`, 2, {
      conditions: [
        { name: 'c', source_task: 't1', outcome: 'success', target_task_success: 'end', target_task_failure: 'end' },
      ],
    });
    const res = await api('POST', '/api/v1/flows/execute', { json: body });
    expect(res.status).toBe(202);
    expect(res.body.warnings).toEqual([{ path: 'tasks[1]', message: "task 't2' is unreachable from start_task 't1'" }]);
  });

  it('accepts a flow that can never end, with a warning on execute and on the graph the console checks', async () => {
    const body = {
      id: `never-ends-${randomUUID()}`,
      name: 'ping pong',
      start_task: 'ping',
      max_steps: 4,
      tasks: [
        { name: 'ping', task_type: 'noop' },
        { name: 'pong', task_type: 'noop' },
      ],
      conditions: [
        {
          name: 'to pong',
          source_task: 'ping',
          outcome: 'success',
          target_task_success: 'pong',
          target_task_failure: 'pong',
        },
        {
          name: 'to ping',
          source_task: 'pong',
          outcome: 'success',
          target_task_success: 'ping',
          target_task_failure: 'ping',
        },
      ],
    };
    const warning = {
      path: 'start_task',
      message: expect.stringMatching(/^the flow never ends but by max_steps or its timeout: /),
    };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body).toMatchObject({ status: 'FAILED', error_code: 'max_steps_exceeded', warnings: [warning] });
    const graph = await api('POST', '/api/v1/flows/graph', { json: { flow: body } });
    expect(graph.status).toBe(200);
    expect(graph.body.warnings).toEqual([{ ...warning, path: 'flow.start_task' }]);
  });

  it('lists executions newest first, across pages, filtered by flow_id and status', async () => {
    const flowId = `list-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: noopFlowBody(flowId, 1) });
      ids.push(res.body.execution_id);
    }
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      // eslint-disable-next-line @typescript-eslint/no-inferrable-types -- the annotation breaks the loop's inference cycle (TS7022)
      const qs: string = `flow_id=${flowId}&limit=2${token ? `&next_token=${encodeURIComponent(token)}` : ''}`;
      const page = await api('GET', `/api/v1/flows/executions?${qs}`);
      expect(page.status).toBe(200);
      expect(page.body.executions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.executions.map((e: any) => e.execution_id));
      token = page.body.next_token;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);

    const succeeded = await api('GET', `/api/v1/flows/executions?flow_id=${flowId}&status=SUCCEEDED&limit=100`);
    expect(succeeded.body.executions).toHaveLength(5);
    const failed = await api('GET', `/api/v1/flows/executions?flow_id=${flowId}&status=FAILED`);
    expect(failed.body.executions).toEqual([]);
    const all = await api('GET', '/api/v1/flows/executions?limit=3');
    expect(all.body.executions).toHaveLength(3);
    expect(all.body.executions[0]).toEqual(
      expect.objectContaining({
        execution_id: expect.any(String),
        status: expect.any(String),
        created_at: expect.any(String),
      }),
    );
  });

  it('reports health', async () => {
    const res = await api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', dynamodb: { reachable: true } });
  });
});
