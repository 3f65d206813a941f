import validateAsl from 'asl-validator';
import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/** Starts a request body on the execute route and follows the execution to its end. */
async function runToEnd(body: unknown) {
  const started = await api('POST', '/api/v1/flows/execute', { json: body });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  const id = started.body.execution_id as string;
  for (let i = 0; i < 12; i++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error(`execution ${id} did not finish`);
}

const path = (view: { task_results: Array<{ task_name: string; status: string }> }) => view.task_results.map((r) => `${r.task_name}:${r.status}`);

describe('Amazon States Language over HTTP', () => {
  it.each([
    ['failure-recovery.json', {}, ['fetch:success', 'process:failure', 'notify_failure:success'], 'SUCCEEDED'],
    ['order-flow.json', { order_id: 'D-4', amount: 80, decline: true }, ['validate:success', 'charge:failure', 'notify_declined:success'], 'FAILED'],
  ])('runs %s and its exported state machine along the same path', async (file, input, expectedPath, status) => {
    const sample = sampleFlow(file);
    const exported = await api('POST', '/api/v1/flows/asl', { json: sample });
    expect(exported.status).toBe(200);
    expect(exported.body.asl).toMatchObject({ QueryLanguage: 'JSONata' });
    expect(validateAsl(structuredClone(exported.body.asl)).isValid).toBe(true);

    const original = await runToEnd({ ...sample, input });
    const imported = await runToEnd({ asl: exported.body.asl, input });
    expect(path(original)).toEqual(expectedPath);
    expect(path(imported)).toEqual(path(original));
    expect([imported.status, imported.error_code]).toEqual([status, original.error_code]);
    expect(imported.flow_id).toMatch(/^asl-[0-9a-f]{12}$/);
  }, 150_000);

  it('refuses an unsupported state machine with every problem by path, and starts nothing', async () => {
    const before = await api('GET', '/api/v1/flows/executions?limit=1');
    const res = await api('POST', '/api/v1/flows/execute', {
      json: {
        asl: { QueryLanguage: 'JSONata', StartAt: 'Fan', States: { Fan: { Type: 'Map', ItemProcessor: {}, End: true }, Call: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
        input: {},
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['asl.States.Fan.Type', 'asl.States.Call.Resource']);
    const after = await api('GET', '/api/v1/flows/executions?limit=1');
    expect(after.body.executions[0]?.execution_id).toBe(before.body.executions[0]?.execution_id);
  });

  it('validates the flow to export as execute does, and reads no state machine there', async () => {
    const bad = await api('POST', '/api/v1/flows/asl', { json: { flow: { id: 'x', name: 'x', start_task: 'nope', tasks: [], conditions: [] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
    const asl = await api('POST', '/api/v1/flows/asl', { json: { asl: { QueryLanguage: 'JSONata', StartAt: 'A', States: {} } } });
    expect(asl.status).toBe(400);
  });
});
