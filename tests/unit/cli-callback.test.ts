import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCliInProcess } from '../support/cli-in-process';

/** A stand-in API on loopback: keeps each request and answers what the test says. */
let server: Server;
let url: string;
const requests: Array<{ method: string; path: string; body: unknown; authorization?: string }> = [];
let answer: { status: number; body: unknown } = { status: 200, body: { message: 'callback success taken' } };

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        path: req.url!,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
        ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests.length = 0;
  answer = { status: 200, body: { message: 'callback taken' } };
});

const cli = (...args: string[]) => runCliInProcess(['--api-url', url, '--api-key', 'k', 'callback', ...args]);

describe('flow callback', () => {
  it('sends a success with its output as JSON', async () => {
    const run = await cli('success', 'ft1.abc', '--output', '{"approved":true}');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('callback taken\n');
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/api/v1/flows/callbacks/success',
        body: { task_token: 'ft1.abc', output: { approved: true } },
        authorization: 'Bearer k',
      },
    ]);
  });

  it('sends a failure with its error and cause, and a heartbeat with the token alone', async () => {
    expect((await cli('failure', 'ft1.abc', '--error', 'Rejected', '--cause', 'no')).code).toBe(0);
    expect((await cli('heartbeat', 'ft1.abc')).code).toBe(0);
    expect(requests.map((r) => [r.path, r.body])).toEqual([
      ['/api/v1/flows/callbacks/failure', { task_token: 'ft1.abc', error: 'Rejected', cause: 'no' }],
      ['/api/v1/flows/callbacks/heartbeat', { task_token: 'ft1.abc' }],
    ]);
  });

  it('refuses bad usage before sending anything', async () => {
    const notJson = await cli('success', 'ft1.abc', '--output', '{not json');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('must be JSON');
    expect((await cli('heartbeat', 'ft1.abc', '--error', 'E')).code).toBe(2);
    expect((await cli('failure', 'ft1.abc', '--output', '{}')).code).toBe(2);
    expect((await cli('maybe', 'ft1.abc')).code).toBe(2);
    expect(requests).toHaveLength(0);
  });

  it("reports the API's refusal by its error name", async () => {
    answer = { status: 409, body: { error: { code: 'TaskTimedOut', message: 'the task no longer waits' } } };
    const run = await cli('success', 'ft1.abc');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TaskTimedOut');
    expect(requests[0]!.body).toEqual({ task_token: 'ft1.abc', output: {} });
  });
});
