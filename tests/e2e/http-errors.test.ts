import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { noopFlowBody } from '../support/flows';

/** Every bad request below uses this flow id, so "nothing was written" is checked exactly even while other tests write. */
const FLOW_ID = `bad-${randomUUID()}`;
const good = () => noopFlowBody(FLOW_ID, 2);

afterAll(async () => {
  const written = await api('GET', `/api/v1/flows/executions?flow_id=${FLOW_ID}`);
  expect(written.body.executions).toEqual([]);
});

describe('errors are JSON, name the field, and write nothing', () => {
  it.each([['/api/v1/flows/execute'], ['/flow/create']])(
    '400 on %s lists every validation problem with its path',
    async (route) => {
      const res = await api('POST', route, {
        json: {
          ...good(),
          start_task: 'nope',
          tasks: [
            { name: 't1', task_type: 'fetch_data', parameters: { failure_rate: 2 } },
            { name: 't1', task_type: 'noop' },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([
          { path: 'tasks[0].parameters.failure_rate', message: expect.any(String) },
          { path: 'tasks[1].name', message: "duplicate task name 't1' (also tasks[0])" },
          { path: 'start_task', message: "start_task 'nope' names no task" },
        ]),
      );
    },
  );

  it('413 for a body over 256 KB', async () => {
    const res = await api('POST', '/api/v1/flows/execute', {
      json: { ...good(), input: { blob: 'x'.repeat(300 * 1024) } },
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'payload_too_large',
      details: [{ path: 'body', message: expect.stringContaining('262144') }],
    });
  });

  it('415 for a body that is not declared as JSON', async () => {
    const res = await api('POST', '/flow/create', {
      raw: JSON.stringify(good()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.details[0].path).toBe('headers.content-type');
  });

  it('400 for malformed, truncated and empty JSON', async () => {
    for (const raw of ['{"id": ', '{not json}', '']) {
      const res = await api('POST', '/api/v1/flows/execute', { raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(['invalid_json', 'empty_body']).toContain(res.body.error.code);
      expect(res.body.error.details[0].path).toBe('body');
    }
  });

  it('400 for bad query parameters, naming them', async () => {
    const wait = await api('POST', '/api/v1/flows/execute?wait_seconds=99', { json: good() });
    expect(wait.status).toBe(400);
    expect(wait.body.error.details).toEqual([
      { path: 'query.wait_seconds', message: 'wait_seconds must be at most 20' },
    ]);
    const limit = await api('GET', '/api/v1/flows/executions?limit=0');
    expect(limit.body.error.details[0].path).toBe('query.limit');
    const token = await api('GET', '/api/v1/flows/executions?next_token=garbage!');
    expect(token.status).toBe(400);
    expect(token.body.error.code).toBe('invalid_next_token');
    const status = await api('GET', '/api/v1/flows/executions?status=DONE');
    expect(status.body.error.details[0].path).toBe('query.status');
    const unknown = await api('GET', '/api/v1/flows/executions?limt=5');
    expect(unknown.body.error.details).toEqual([{ path: 'query.limt', message: "unknown field 'limt'" }]);
  });

  it('404 for an unknown execution, 400 for a malformed id', async () => {
    const unknown = await api('GET', `/api/v1/flows/executions/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const long = await api('GET', `/api/v1/flows/executions/${'a'.repeat(300)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].path).toBe('path.execution_id');
    const hash = await api('GET', `/flow/${encodeURIComponent('EXEC#x')}/status`);
    expect(hash.status).toBe(400);
  });

  it('405 with Allow for another method on a known path; JSON 404 for unknown paths', async () => {
    const wrong = await api('GET', '/api/v1/flows/execute');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.error.code).toBe('method_not_allowed');
    const put = await api('PUT', '/flow/some-id');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('DELETE');
    const nowhere = await api('GET', '/api/v2/nothing');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error).toMatchObject({ code: 'not_found', message: 'no route for GET /api/v2/nothing' });
  });

  it('still serves a good request afterwards', async () => {
    const res = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: noopFlowBody(`ok-${randomUUID()}`, 2),
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('SUCCEEDED');
  });
});
