import validateAsl from 'asl-validator';
import fc from 'fast-check';
import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { flowRequest } from '../support/flow-arbitraries';
import { api, runToEnd } from '../support/http';
import { sampleFlow, sampleFlowFiles } from '../support/flows';

const stepsOf = (view: { task_results: Array<{ task_name: string; status: string }> }) =>
  view.task_results.map((r) => `${r.task_name}:${r.status}`);

/**
 * Every sample that runs unattended, as the test stage can run it (the invoke_lambda sample names
 * the local stage's function); one that waits for a person (a callback) has a test of its own.
 */
const samples = sampleFlowFiles()
  .filter((file) => !/"task_type":\s*"callback"|"wait_for_callback":\s*true/.test(JSON.stringify(sampleFlow(file))))
  .map((file) => {
    const body = JSON.parse(
      JSON.stringify(sampleFlow(file)).replaceAll('flow-manager-local-greet', 'flow-manager-test-greet'),
    ) as Record<string, unknown>;
    return [file, body] as const;
  });

/**
 * Generated flows whose path does not depend on chance or on the clock: no random failures, no
 * far timestamps or long waits, no whole-execution timeout, and the default max_steps (which the
 * export cannot carry).
 */
function deterministicGenerated(count: number): Array<Record<string, any>> {
  const registry = defaultRegistry();
  return fc
    .sample(flowRequest, { seed: 20261123, numRuns: count * 6 })
    .map((body) => {
      const { timeout_seconds: _t, max_steps: _m, ...flow } = body.flow as Record<string, unknown>;
      return { ...body, flow };
    })
    .filter((body) => {
      const text = JSON.stringify(body);
      if (text.includes('failure_rate') || text.includes('timestamp')) return false;
      if (
        (body.flow.tasks as Array<{ parameters?: { seconds?: unknown } }>).some(
          (t) => typeof t.parameters?.seconds === 'number' && t.parameters.seconds > 60,
        )
      )
        return false;
      try {
        flowToAsl(parseFlowRequest(body, registry).flow);
        return true;
      } catch {
        return false;
      }
    })
    .slice(0, count);
}

describe('Amazon States Language over HTTP', () => {
  it.each([
    ['failure-recovery.json', {}, ['fetch:success', 'process:failure', 'notify_failure:success'], 'SUCCEEDED'],
    [
      'order-flow.json',
      { order_id: 'D-4', amount: 80, decline: true },
      ['validate:success', 'charge:failure', 'notify_declined:success'],
      'FAILED',
    ],
  ])(
    'runs %s and its exported state machine along the same path',
    async (file, input, expectedPath, status) => {
      const sample = sampleFlow(file);
      const exported = await api('POST', '/api/v1/flows/asl', { json: sample });
      expect(exported.status).toBe(200);
      expect(exported.body.asl).toMatchObject({ QueryLanguage: 'JSONata' });
      expect(validateAsl(structuredClone(exported.body.asl)).isValid).toBe(true);

      const original = await runToEnd({ ...sample, input });
      const imported = await runToEnd({ asl: exported.body.asl, input });
      expect(stepsOf(original)).toEqual(expectedPath);
      expect(stepsOf(imported)).toEqual(stepsOf(original));
      expect([imported.status, imported.error_code]).toEqual([status, original.error_code]);
      expect(imported.flow_id).toMatch(/^asl-[0-9a-f]{12}$/);
    },
    150_000,
  );

  it('runs every sample flow and its exported state machine along the same path, with the same end', async () => {
    for (const [file, body] of samples) {
      const exported = await api('POST', '/api/v1/flows/asl', { json: body });
      expect([file, exported.status]).toEqual([file, 200]);
      const [original, imported] = await Promise.all([
        runToEnd(body),
        runToEnd({ asl: exported.body.asl, input: (body as { input?: unknown }).input ?? {} }),
      ]);
      expect({ file, steps: stepsOf(imported), status: imported.status }).toEqual({
        file,
        steps: stepsOf(original),
        status: original.status,
      });
    }
  }, 240_000);

  it('runs generated flows and their exported state machines along the same paths', async () => {
    const bodies = deterministicGenerated(12);
    expect(bodies.length).toBe(12);
    for (let i = 0; i < bodies.length; i += 6) {
      await Promise.all(
        bodies.slice(i, i + 6).map(async (body, j) => {
          const exported = await api('POST', '/api/v1/flows/asl', { json: body });
          expect(exported.status).toBe(200);
          const [original, imported] = await Promise.all([
            runToEnd(body),
            runToEnd({ asl: exported.body.asl, input: body.input }),
          ]);
          const flow = `generated #${i + j}: ${JSON.stringify(body.flow)}`;
          expect({ flow, steps: stepsOf(imported), status: imported.status }).toEqual({
            flow,
            steps: stepsOf(original),
            status: original.status,
          });
        }),
      );
    }
  }, 300_000);

  it('refuses an unsupported state machine with every problem by path, and starts nothing', async () => {
    // Named by its Idempotency-Key, so that nothing being written is seen whatever other tests start meanwhile.
    const name = `unsupported-refused-${Date.now()}`;
    const res = await api('POST', '/api/v1/flows/execute', {
      headers: { 'idempotency-key': name },
      json: {
        asl: {
          QueryLanguage: 'JSONata',
          StartAt: 'Fan',
          States: {
            Fan: {
              Type: 'Map',
              ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
              ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', End: true } } },
              End: true,
            },
            Call: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:scan', End: true },
          },
        },
        input: {},
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'asl.States.Fan.ItemReader',
      'asl.States.Call.Resource',
    ]);
    const named = await api('GET', `/api/v1/flows/executions?name_prefix=${name}`);
    expect([named.status, named.body.executions]).toEqual([200, []]);
  });

  it('refuses a bare state machine on execute with a 400 naming its fields and saying to wrap it in { "asl": … }; the graph route draws one wrapped', async () => {
    const bare = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'flow:noop', Next: 'B' }, B: { Type: 'Succeed' } },
    };
    // Named by its Idempotency-Key, so that nothing being written is seen whatever other tests start meanwhile.
    const name = `bare-refused-${Date.now()}`;
    const res = await api('POST', '/api/v1/flows/execute', { json: bare, headers: { 'idempotency-key': name } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_error',
      message: 'the body is a state machine: send it as { "asl": <the state machine>, "input": {…} }',
    });
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['StartAt', 'States']);
    expect(res.body.error.details[1].message).toMatch(
      /^'States' is a field of a Step Functions state machine: send a state machine wrapped, as \{ "asl": /,
    );
    const named = await api('GET', `/api/v1/flows/executions?name_prefix=${name}`);
    expect([named.status, named.body.executions]).toEqual([200, []]);

    const graph = await api('POST', '/api/v1/flows/graph', { json: { asl: bare } });
    expect(graph.status).toBe(200);
    expect(graph.body).toMatchObject({ start: 'A', tasks: [{ name: 'A' }] });
    expect(
      (await api('POST', '/api/v1/flows/graph', { json: bare })).body.error.details.map(
        (d: { path: string }) => d.path,
      ),
    ).toEqual(['StartAt', 'States']);
  });

  it('validates the flow to export as execute does, and reads no state machine there', async () => {
    const bad = await api('POST', '/api/v1/flows/asl', {
      json: { flow: { id: 'x', name: 'x', start_task: 'nope', tasks: [], conditions: [] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
    const asl = await api('POST', '/api/v1/flows/asl', {
      json: { asl: { QueryLanguage: 'JSONata', StartAt: 'A', States: {} } },
    });
    expect(asl.status).toBe(400);
  });
});
