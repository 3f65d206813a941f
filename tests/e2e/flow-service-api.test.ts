import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

describe('/flow service API over HTTP', () => {
  it('runs the create → execute → status → delete cycle', async () => {
    const created = await api('POST', '/flow/create', { json: sampleFlow('flow-service-pipeline.json') });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      execution_id: expect.any(String),
      flow_name: 'Data processing flow',
      status: 'created',
      message: 'Flow created successfully',
    });
    const id = created.body.execution_id as string;

    const pending = await api('GET', `/flow/${id}/status`);
    expect(pending.body).toMatchObject({
      execution_id: id,
      status: 'CREATED',
      completed_tasks: [],
      task_results: {},
      started_at: null,
    });

    const started = await api('POST', '/flow/execute', { json: { execution_id: id } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ execution_id: id, flow_name: 'Data processing flow' });
    expect(['RUNNING', 'COMPLETED']).toContain(started.body.status);

    const again = await api('POST', '/flow/execute', { json: { execution_id: id } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');

    const done = await api('GET', `/flow/${id}/status?wait_seconds=15`);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      current_task: null,
      completed_tasks: ['task1', 'task2', 'task3'],
    });
    expect(done.body.ended_at).toEqual(expect.any(String));
    expect(done.body.task_results.task3).toEqual({
      task_name: 'task3',
      status: 'SUCCESS',
      message: 'Data stored successfully',
      data: { stored_records: 3, storage_location: '/data/processed/', storage_format: 'json' },
      execution_time: expect.any(Number),
      timestamp: expect.any(String),
      error: null,
    });

    const deleted = await api('DELETE', `/flow/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: `Flow execution ${id} deleted successfully` });
    expect((await api('GET', `/flow/${id}/status`)).status).toBe(404);
    expect((await api('DELETE', `/flow/${id}`)).status).toBe(404);
  });

  it('runs print and wait tasks named start and end with no conditions, in list order', async () => {
    const created = await api('POST', '/flow/create', { json: sampleFlow('print-and-wait.json') });
    const id = created.body.execution_id as string;
    await api('POST', '/flow/execute', { json: { execution_id: id } });
    const done = await api('GET', `/flow/${id}/status?wait_seconds=15`);
    expect(done.body.status).toBe('COMPLETED');
    expect(done.body.completed_tasks).toEqual(['start', 'pause', 'end']);
    expect(done.body.task_results.start).toMatchObject({
      status: 'SUCCESS',
      message: 'Starting',
      data: { message: 'Starting' },
    });
    // The e2e stack scales waits down (FLOW_TIME_SCALE): the wait's own time is checked by the durable-wait tests.
    expect(done.body.task_results.pause).toMatchObject({ status: 'SUCCESS', execution_time: expect.any(Number) });
  });

  it('cancels a running execution on delete, and its remaining steps do nothing', async () => {
    const body = {
      id: 'slow',
      name: 'slow',
      start_task: 'w1',
      tasks: [
        { name: 'w1', task_type: 'wait', parameters: { seconds: 0.5 } },
        { name: 'w2', task_type: 'wait', parameters: { seconds: 0.5 } },
      ],
      conditions: [],
    };
    const created = await api('POST', '/flow/create', { json: body });
    const id = created.body.execution_id as string;
    await api('POST', '/flow/execute', { json: { execution_id: id } });
    const deleted = await api('DELETE', `/flow/${id}`);
    expect(deleted.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api('GET', `/flow/${id}/status`)).status).toBe(404);
  });

  it('answers 404 for unknown executions and 400 for a malformed execute request', async () => {
    const unknown = await api('POST', '/flow/execute', { json: { execution_id: 'no-such-execution' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'not_found',
      message: 'Flow execution no-such-execution not found',
    });
    const missing = await api('POST', '/flow/execute', { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'execution_id', message: 'execution_id is required' }]);
    expect((await api('GET', '/flow/no-such-execution/status')).status).toBe(404);
  });
});
