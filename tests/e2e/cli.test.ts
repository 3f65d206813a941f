import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { jsonPathOrder, noopFlowBody } from '../support/flows';
import { freePort } from '../../scripts/local-stack/ports';
import { eventually, FLOWS_DIR, jsonFile, runCli, startCli } from '../support/cli';

/** The command-line client, run as its real executable against the test stack. */

const STARTED = /^started execution ([A-Za-z0-9_-]+)$/m;
const executionIdOf = (stdout: string) => STARTED.exec(stdout)?.[1] ?? '';
const stepLines = (stdout: string) => stdout.split('\n').filter((line) => /^\s+\d+ {2}/.test(line));

describe('flow run', () => {
  it('runs a sample flow to success: one line per step as it happens, then the final status, exit 0', async () => {
    const result = await runCli(['run', path.join(FLOWS_DIR, 'classic-pipeline.json')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = stepLines(result.stdout);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}1 {2}task1 +SUCCEEDED +\d+ ms$/);
    expect(lines[1]).toMatch(/^ {2}2 {2}task2 +SUCCEEDED +\d+ ms$/);
    expect(lines[2]).toMatch(/^ {2}3 {2}task3 +SUCCEEDED +\d+ ms$/);
    const id = executionIdOf(result.stdout);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^SUCCEEDED \\(3 step\\(s\\) in [\\d.]+ m?s, execution ${id}\\)$`),
    );
    // Not a terminal: lines only, no status line drawn over them.
    expect(result.stdout).not.toContain('\r');
    expect((await api('GET', `/api/v1/flows/executions/${id}`)).body.status).toBe('SUCCEEDED');
  });

  it('prints each step when it ends, not when the execution does', async () => {
    // FLOW_TIME_SCALE=3600 in the test stack: this wait lasts 3 s.
    const file = jsonFile('slow.json', {
      id: 'cli-slow',
      name: 'Slow',
      start_task: 'first',
      tasks: [
        { name: 'first', task_type: 'noop' },
        { name: 'pause', task_type: 'wait', parameters: { seconds: 3 * 3600 } },
        { name: 'last', task_type: 'noop' },
      ],
      conditions: [],
    });
    const run = startCli(['run', file, '--poll-interval', '100']);
    await eventually(() => /^ {2}1 {2}first +SUCCEEDED/m.test(run.output.stdout), 10_000, 'the first step line');
    expect(run.child.exitCode).toBeNull();
    expect(run.output.stdout).not.toMatch(/pause|SUCCEEDED \(/);
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(stepLines(result.stdout).map((line) => line.split(/ +/).slice(1, 4).join(' '))).toEqual([
      '1 first SUCCEEDED',
      '2 pause SUCCEEDED',
      '3 last SUCCEEDED',
    ]);
  });

  it('exits 10 when the execution FAILED, with the failing step, its error code and the final status', async () => {
    const file = jsonFile('failing.json', {
      id: 'cli-failing',
      name: 'Failing fetch',
      start_task: 'fetch',
      tasks: [
        { name: 'fetch', task_type: 'fetch_data', parameters: { failure_rate: 1 } },
        { name: 'store', task_type: 'store_data' },
      ],
      conditions: [],
    });
    const result = await runCli(['run', file]);
    expect(result.code).toBe(10);
    expect(stepLines(result.stdout)).toEqual([
      expect.stringMatching(/^ {2}1 {2}fetch +FAILED +\d+ ms {2}ConnectionTimeout: Connection timeout$/),
    ]);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^FAILED at task 'fetch' \[ConnectionTimeout\]: Connection timeout \(1 step\(s\)/,
    );
  });

  it("puts a step's retry or catch on its line", async () => {
    const file = jsonFile('retry.json', {
      id: 'cli-retry',
      name: 'Retry then catch',
      start_task: 'charge',
      tasks: [
        {
          name: 'charge',
          task_type: 'flaky',
          parameters: { fail_attempts: 5, error_code: 'PaymentDeclined' },
          retry: [{ error_equals: ['PaymentDeclined'], max_attempts: 1 }],
          catch: [{ error_equals: ['States.ALL'], next: 'apologise' }],
        },
        { name: 'apologise', task_type: 'print', parameters: { message: 'sorry' } },
      ],
      conditions: [],
    });
    const result = await runCli(['run', file]);
    expect(result.code).toBe(0);
    expect(stepLines(result.stdout)).toEqual([
      expect.stringMatching(
        /^ {2}1 {2}charge +FAILED +\d+ ms {2}PaymentDeclined: flaky: run 1 of 5 failing run\(s\) {2}-> retry 1 in 1 s \(step 2\)$/,
      ),
      expect.stringMatching(/^ {2}2 {2}charge +FAILED .* {2}-> caught, next apologise$/),
      expect.stringMatching(/^ {2}3 {2}apologise +SUCCEEDED/),
    ]);
  });

  it('sets the input with --input or --input-file, and only starts with --detach', async () => {
    const flow = path.join(FLOWS_DIR, 'failure-recovery.json');
    const inline = await runCli(['run', flow, '--input', '{"batch":"from-option"}']);
    expect(inline.code).toBe(0);
    expect((await api('GET', `/api/v1/flows/executions/${executionIdOf(inline.stdout)}`)).body.input).toEqual({
      batch: 'from-option',
    });

    const detached = await runCli([
      'run',
      flow,
      '--detach',
      '--input-file',
      jsonFile('input.json', { batch: 'from-file' }),
    ]);
    expect(detached.code).toBe(0);
    const id = detached.stdout.trim();
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=15`);
    expect(view.body).toMatchObject({ status: 'SUCCEEDED', input: { batch: 'from-file' } });

    const both = await runCli(['run', flow, '--input', '{}', '--input-file', 'x.json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --input or --input-file, not both');
  });

  it('gives the final view as JSON with --json, and the exit code of its status', async () => {
    const result = await runCli(['run', '--json', path.join(FLOWS_DIR, 'print-and-wait.json')]);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view).toMatchObject({ status: 'SUCCEEDED', flow_id: 'print-and-wait', steps_executed: 3 });
    expect(view.task_results.map((r: { task_name: string }) => r.task_name)).toEqual(['start', 'pause', 'end']);
  });

  it("prints the API's validation errors with their paths, exit 1, when the API refuses the flow", async () => {
    const file = jsonFile('refused.json', {
      id: 'x',
      name: 'X',
      start_task: 'nowhere',
      tasks: [{ name: 'a', task_type: 'print', parameters: { message: 7 } }],
      conditions: [],
    });
    const result = await runCli(['run', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: validation_error (HTTP 400): flow is invalid: 2 problem(s)');
    expect(result.stderr).toContain("  start_task: start_task 'nowhere' names no task");
    expect(result.stderr).toMatch(/^ {2}tasks\[0]\.parameters\.message: .+$/m);
  });
});

describe('flow run of a state machine', () => {
  const sample = path.join(FLOWS_DIR, 'order-jsonpath.asl.json');
  const order = jsonPathOrder('silver', 20);

  it('runs the JSONPath sample with --input: a line per state, the output, then SUCCEEDED, exit 0', async () => {
    const result = await runCli(['run', sample, '--input', JSON.stringify(order)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(stepLines(result.stdout)).toEqual([
      expect.stringMatching(/^ {2}1 {2}Has lines\? +SUCCEEDED +\d+ ms {2}-> choice 0, next Reserve lines$/),
      expect.stringMatching(/^ {2}2 {2}Reserve lines +SUCCEEDED /),
      expect.stringMatching(/^ {2}3 {2}Standard shipping +SUCCEEDED /),
      expect.stringMatching(/^ {2}4 {2}Receipt +SUCCEEDED /),
      expect.stringMatching(/^ {2}5 {2}Summary +SUCCEEDED /),
    ]);
    expect(result.stdout).toContain('"receipt": "order A-1 for Ada: 2 line(s), standard shipping"');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^SUCCEEDED \(5 step\(s\) in /);
    const view = await api('GET', `/api/v1/flows/executions/${executionIdOf(result.stdout)}`);
    expect(view.body.output).toEqual({
      order_id: 'A-1',
      reserved: ['order A-1 line 1: reserve 2 x tea', 'order A-1 line 2: reserve 1 x cup'],
      shipping: { method: 'standard', cost: 5 },
      receipt: 'order A-1 for Ada: 2 line(s), standard shipping',
    });
  });

  it('takes any JSON value as the input, an array or a string, and prints the output it gives', async () => {
    const file = jsonFile('count.asl.json', {
      StartAt: 'Count',
      States: {
        Count: { Type: 'Pass', Parameters: { 'got.$': '$', 'length.$': 'States.ArrayLength($)' }, End: true },
      },
    });
    const array = await runCli(['run', file, '--input', '[1,2,3]']);
    expect(array.code).toBe(0);
    expect(array.stdout).toContain('output: {"got":[1,2,3],"length":3}');

    const echo = jsonFile('echo.asl.json', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
    const text = await runCli(['run', echo, '--input', '"plain text"']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('output: "plain text"');
  });

  it('exits 10 when the machine fails, with its error name and cause on the last line', async () => {
    const result = await runCli(['run', sample, '--input', JSON.stringify({ ...order, lines: [] })]);
    expect(result.code).toBe(10);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^FAILED.* \[OrderEmpty]: an order needs at least one line \(\d+ step\(s\)/,
    );
    const json = await runCli(['run', '--json', sample, '--input', '{"order_id":"A-3"}']);
    expect(json.code).toBe(10);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'FAILED',
      error_code: 'OrderEmpty',
      error: 'an order needs at least one line',
    });
  });

  it('fills placeholders from --substitutions, a file or inline JSON', async () => {
    const file = jsonFile('templated.asl.json', {
      StartAt: 'Greet',
      States: {
        Greet: {
          Type: 'Task',
          Resource: 'flow:${TaskType}',
          Parameters: { message: 'hello from ${Stage}' },
          End: true,
        },
      },
    });
    const fromFile = await runCli([
      'run',
      file,
      '--substitutions',
      jsonFile('subs.json', { TaskType: 'print', Stage: 'test' }),
    ]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain('output: {"message":"hello from test"}');

    const missing = await runCli(['run', file, '--substitutions', '{"TaskType":"print"}']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "  asl.States.Greet.Parameters.message: placeholder ${Stage} has no value in 'substitutions'",
    );
  });
});

describe('flow status, history, list', () => {
  let executionId: string;
  const flowId = `cli-${randomUUID()}`;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const res = await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: noopFlowBody(flowId, 3) });
      expect(res.body.status).toBe('SUCCEEDED');
      executionId = res.body.execution_id;
    }
  });

  it("status shows the execution and each task; --json gives the API's view", async () => {
    const text = await runCli(['status', executionId]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^execution: +${executionId}$`, 'm'));
    expect(text.stdout).toMatch(/^status: +SUCCEEDED$/m);
    expect(text.stdout).toMatch(/^steps: +3 \(at most 100\)$/m);
    expect(text.stdout).toMatch(/^ {2}t2 +noop +SUCCEEDED +1 attempt\(s\)$/m);
    const json = await runCli(['status', executionId, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ execution_id: executionId, status: 'SUCCEEDED', flow_id: flowId });
  });

  it('history prints every event, through all its pages', async () => {
    const whole = await api('GET', `/api/v1/flows/executions/${executionId}/history?limit=1000`);
    const paged = await runCli(['history', executionId, '--page-size', '2', '--json']);
    expect(paged.code).toBe(0);
    expect(JSON.parse(paged.stdout).events).toEqual(whole.body.events);
    expect(whole.body.events.length).toBeGreaterThan(4);

    const text = await runCli(['history', executionId, '--page-size', '3']);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(whole.body.events.length);
    expect(lines[0]).toMatch(/^0 +\S+ +ExecutionStarted +flow_id=/);
    expect(lines).toContainEqual(expect.stringMatching(/^21 +\S+ +TaskStarted +t2#2 +task_type=noop attempt=1$/));
    expect(lines.at(-1)).toMatch(/ExecutionSucceeded/);
  });

  it('list filters by flow id and status, pages with --limit and says how to get the next page', async () => {
    const page = await runCli(['list', '--flow-id', flowId, '--status', 'SUCCEEDED', '--limit', '1']);
    expect(page.code).toBe(0);
    const lines = page.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EXECUTION +STATUS +FLOW +CREATED$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${executionId} +SUCCEEDED +${flowId} +\\S+$`))]);
    const token = /^more: add --next-token (\S+)$/m.exec(page.stderr)?.[1];
    expect(token).toBeDefined();

    const next = await runCli([
      'list',
      '--flow-id',
      flowId,
      '--status',
      'SUCCEEDED',
      '--limit',
      '1',
      '--next-token',
      token!,
      '--json',
    ]);
    const body = JSON.parse(next.stdout);
    expect(body.executions).toHaveLength(1);
    expect(body.executions[0].execution_id).not.toBe(executionId);

    const none = await runCli(['list', '--flow-id', flowId, '--status', 'FAILED']);
    expect(none.stdout).toBe('no executions\n');
  });

  it('reports an API error plainly: code, HTTP status, message, details with their paths', async () => {
    const unknown = await runCli(['status', 'no-such-execution']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: not_found \(HTTP 404\): /);

    const badStatus = await runCli(['list', '--status', 'SLEEPING']);
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toMatch(
      /^error: validation_error \(HTTP 400\): invalid query parameters\n {2}query\.status: status must be one of /,
    );

    const json = await runCli(['status', 'no-such-execution', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'not_found', message: expect.any(String), http_status: 404 },
    });
  });
});

describe('flow and its API key and address', () => {
  it('says the key was refused, exit 1, for a wrong API key', async () => {
    const result = await runCli(['list'], { FLOW_API_KEY: 'not-the-key' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: unauthorized \(HTTP 401\): a valid API key is required/);
    expect(result.stderr).toContain('hint: check --api-key or FLOW_API_KEY');
  });

  it('--api-key wins over FLOW_API_KEY', async () => {
    const result = await runCli(['list', '--limit', '1', '--api-key', process.env.FLOW_TEST_API_KEY!], {
      FLOW_API_KEY: 'not-the-key',
    });
    expect(result.code).toBe(0);
  });

  it('asks for a key before calling the API without one (exit 2)', async () => {
    const result = await runCli(['list'], { FLOW_API_KEY: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: no API key: pass --api-key or set FLOW_API_KEY\n');
  });

  it('exits 3 when nothing answers at the API address', async () => {
    const port = await freePort();
    const result = await runCli(['list', '--api-url', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `error: cannot reach the API at http://127.0.0.1:${port} (ECONNREFUSED); set --api-url or FLOW_API_URL\n`,
    );
  });
});
