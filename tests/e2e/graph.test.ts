import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

describe('graphs over HTTP', () => {
  it('draws a finished execution as Mermaid: states coloured, the path taken marked', async () => {
    const run = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: sampleFlow('failure-recovery.json'),
    });
    expect(run.body.status).toBe('SUCCEEDED');
    const res = await api('GET', `/api/v1/flows/executions/${run.body.execution_id}/graph?format=mermaid`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = res.body as string;
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('  [*] --> t0\n');
    expect(text).toMatch(/ {2}t1 --> t3: failure ✔\n/);
    expect(text).toMatch(/class [t0-9,]*t1[t0-9,]* failed/);
    expect(text).toMatch(/class t2 not_reached/);
  });

  it('answers the same graph as JSON by default, with each task state and how often each edge was taken', async () => {
    const run = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: sampleFlow('classic-pipeline.json'),
    });
    const res = await api('GET', `/api/v1/flows/executions/${run.body.execution_id}/graph`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ execution_id: run.body.execution_id, start: 'task1', path_partial: false });
    expect(res.body.tasks.map((t: any) => [t.name, t.state])).toEqual([
      ['task1', 'succeeded'],
      ['task2', 'succeeded'],
      ['task3', 'succeeded'],
    ]);
    expect(res.body.edges.filter((e: any) => e.times_taken > 0).map((e: any) => `${e.from}->${e.to}`)).toEqual([
      'task1->task2',
      'task2->task3',
      'task3->(end)',
    ]);
  });

  it('counts an edge to fail by the outcome taken when both outcomes of a condition lead there', async () => {
    const flow = {
      id: 'graph-fail-route',
      name: 'Graph fail route',
      start_task: 'charge',
      tasks: [
        {
          name: 'charge',
          task_type: 'flaky',
          parameters: { fail_attempts: 5 },
          catch: [{ error_equals: ['States.ALL'], next: 'cleanup' }],
        },
        { name: 'cleanup', task_type: 'noop' },
      ],
      conditions: [
        {
          name: 'cleanup-routing',
          source_task: 'cleanup',
          outcome: 'success',
          target_task_success: 'fail',
          target_task_failure: 'fail',
        },
      ],
    };
    const run = await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: { flow } });
    expect(run.body).toMatchObject({ status: 'FAILED', failed_task: null });
    const graph = await api('GET', `/api/v1/flows/executions/${run.body.execution_id}/graph`);
    const fromCleanup = graph.body.edges
      .filter((e: any) => e.from === 'cleanup')
      .map((e: any) => [e.kind, e.to, e.times_taken]);
    expect(fromCleanup).toEqual([
      ['success', '(fail)', 1],
      ['failure', '(fail)', 0],
    ]);
    const mermaid = (await api('GET', `/api/v1/flows/executions/${run.body.execution_id}/graph?format=mermaid`))
      .body as string;
    expect(mermaid).toContain('  t1 --> Failed: success ✔\n');
    expect(mermaid).toContain('  t1 --> Failed: failure\n');
  });

  it('draws a flow definition before it runs, validated as for execute; nothing is stored', async () => {
    const res = await api('POST', '/api/v1/flows/graph?format=mermaid', { json: sampleFlow('order-flow.json') });
    expect(res.status).toBe(200);
    expect(res.body).toContain('t1 --> t1: retry');
    expect(res.body).not.toContain('✔');
    const bad = await api('POST', '/api/v1/flows/graph', {
      json: { flow: { id: 'x', name: 'x', start_task: 'nope', tasks: [], conditions: [] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
    expect((await api('POST', '/api/v1/flows/graph?format=svg', { json: sampleFlow('order-flow.json') })).status).toBe(
      400,
    );
    expect((await api('GET', '/api/v1/flows/executions/0000-missing/graph')).status).toBe(404);
  });

  it('draws a flow with map and parallel tasks, which execute then runs', async () => {
    const leaf = { start_task: 'a', tasks: [{ name: 'a', task_type: 'noop' }], conditions: [] };
    const flow = {
      id: 'graph-fan-out',
      name: 'Graph fan-out',
      start_task: 'both',
      tasks: [
        {
          name: 'both',
          task_type: 'parallel',
          branches: [
            leaf,
            {
              ...leaf,
              tasks: [{ name: 'each', task_type: 'map', items: '{% [1, 2] %}', item_processor: leaf }],
              start_task: 'each',
            },
          ],
        },
      ],
      conditions: [],
    };
    const graph = await api('POST', '/api/v1/flows/graph', { json: { flow } });
    expect(graph.status).toBe(200);
    expect(graph.body.groups.map((g: any) => g.label)).toEqual([
      'branch 1',
      'branch 2',
      'each: for each item, at most 100 at once',
    ]);
    const mermaid = await api('POST', '/api/v1/flows/graph?format=mermaid', { json: { flow } });
    expect(mermaid.body).toContain('  state t0 {\n');
    expect(mermaid.body).toContain('\n    --\n');
    const run = await api('POST', '/api/v1/flows/execute', { json: { flow } });
    expect(run.status).toBe(202);
    const done = await api('GET', `/api/v1/flows/executions/${run.body.execution_id}?wait_seconds=20`);
    expect(done.body.status).toBe('SUCCEEDED');
    expect(done.body.output).toHaveLength(2);
  });
});
