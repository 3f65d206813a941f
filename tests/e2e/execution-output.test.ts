import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { jsonFile, runCli } from '../support/cli';
import { api } from '../support/http';
import { stackEnv } from '../support/stack-env';

/**
 * An execution's output (GET /api/v1/flows/executions/{id}, its ExecutionSucceeded event, the
 * command line and the console), over HTTP against serverless offline + DynamoDB Local.
 */

/** greet → pause (3 s with the test stack's FLOW_TIME_SCALE=3600) → shape, whose `output` shapes what the execution hands out. */
const shapedFlow = (id: string, pauseSeconds: number) => ({
  id,
  name: 'Shaped output',
  start_task: 'greet',
  tasks: [
    { name: 'greet', task_type: 'print', arguments: { message: "{% 'hello ' & $states.input.customer %}" } },
    { name: 'pause', task_type: 'wait', parameters: { seconds: pauseSeconds * 3600 } },
    {
      name: 'shape',
      task_type: 'print',
      parameters: { message: 'done' },
      output: {
        greeting: '{% $states.input.message %}',
        final: '{% $states.result.message %}',
        items: '{% [1, 2, 3] %}',
      },
    },
  ],
  conditions: [],
});
const SHAPED_OUTPUT = { greeting: 'hello Ada', final: 'done', items: [1, 2, 3] };

const failingFlow = (id: string) => ({
  id,
  name: 'Failing',
  start_task: 'greet',
  tasks: [{ name: 'greet', task_type: 'print', parameters: { message: 'x', failure_rate: 1 } }],
  conditions: [],
});

const view = (id: string, query = '') => api('GET', `/api/v1/flows/executions/${id}${query}`);

describe('the output of an execution, over HTTP', () => {
  it("is null while it runs, then the last task's value after its output expression, beside the input", async () => {
    const started = await api('POST', '/api/v1/flows/execute', {
      json: { flow: shapedFlow(`output-${randomUUID()}`, 3), input: { customer: 'Ada' } },
    });
    expect(started.status).toBe(202);
    const id = started.body.execution_id as string;
    const running = await view(id);
    expect(running.body.status).toBe('RUNNING');
    expect(running.body.input).toEqual({ customer: 'Ada' });
    expect(running.body.output).toBeNull();

    const done = await view(id, '?wait_seconds=15');
    expect(done.body.status).toBe('SUCCEEDED');
    expect(done.body.input).toEqual({ customer: 'Ada' });
    expect(done.body.output).toEqual(SHAPED_OUTPUT);
    // The step keeps the task's own result; the expression shaped what the execution hands out.
    expect(done.body.task_results.at(-1)).toMatchObject({ task_name: 'shape', data: { message: 'done' } });
    // As the OpenAPI document describes the answer.
    const doc = (await (await fetch(`${stackEnv('FLOW_TEST_API_URL')}/openapi.json`)).json()) as any;
    expect(doc.components.schemas.Execution.properties.output.description).toMatch(
      /null until the execution SUCCEEDED/,
    );
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
    const validExecution = ajv.compile({ $ref: 'openapi.json#/components/schemas/Execution' });
    expect([validExecution(done.body), validExecution.errors ?? null]).toEqual([true, null]);
    // The view's paged form (one step per page) carries it too.
    expect((await view(id, '?limit=1')).body).toMatchObject({ output: SHAPED_OUTPUT, task_results_paged: true });

    const history = await api('GET', `/api/v1/flows/executions/${id}/history?limit=1000`);
    const last = history.body.events.at(-1);
    expect(last).toMatchObject({ type: 'ExecutionSucceeded', task: 'shape', detail: { output: SHAPED_OUTPUT } });
    expect(
      history.body.events.filter((e: { detail?: Record<string, unknown> }) => e.detail && 'output' in e.detail),
    ).toHaveLength(1);
  });

  it('is null after a failure, and its ExecutionFailed event has none', async () => {
    const res = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: { flow: failingFlow(`output-failing-${randomUUID()}`), input: { customer: 'Bob' } },
    });
    expect(res.body).toMatchObject({ status: 'FAILED', input: { customer: 'Bob' }, output: null });
    const id = res.body.execution_id as string;
    expect((await view(id)).body.output).toBeNull();
    const last = (await api('GET', `/api/v1/flows/executions/${id}/history`)).body.events.at(-1);
    expect(last.type).toBe('ExecutionFailed');
    expect(last.detail).not.toHaveProperty('output');
  });
});

describe('the output on the command line', () => {
  it('flow run prints it before the final status line; flow status prints input and output', async () => {
    const file = jsonFile('shaped.json', {
      flow: shapedFlow(`output-cli-${randomUUID()}`, 0),
      input: { customer: 'Ada' },
    });
    const result = await runCli(['run', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe(`output: ${JSON.stringify(SHAPED_OUTPUT)}`);
    expect(lines.at(-1)).toMatch(/^SUCCEEDED \(3 step\(s\)/);
    const id = /^started execution (\S+)$/m.exec(result.stdout)![1]!;

    const status = await runCli(['status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^input: \{"customer":"Ada"\}$/m);
    expect(status.stdout).toContain(`\noutput: ${JSON.stringify(SHAPED_OUTPUT)}\n`);
    expect(JSON.parse((await runCli(['status', id, '--json'])).stdout)).toMatchObject({
      input: { customer: 'Ada' },
      output: SHAPED_OUTPUT,
    });
  }, 90_000);

  it('flow run and flow status print no output for a failed execution', async () => {
    const file = jsonFile('failing.json', { flow: failingFlow(`output-cli-failing-${randomUUID()}`), input: {} });
    const result = await runCli(['run', file]);
    expect(result.code).toBe(10);
    expect(result.stdout).not.toMatch(/^output:/m);
    const id = /^started execution (\S+)$/m.exec(result.stdout)![1]!;
    const status = await runCli(['status', id]);
    expect(status.stdout).toMatch(/^input: \{\}$/m);
    expect(status.stdout).not.toMatch(/^output:/m);
  }, 90_000);
});

describe('the output in the console', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  });
  afterEach(async () => {
    await page?.context().close();
  });

  const openExecution = async (id: string) => {
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/console#/executions/${id}`);
    await page.fill('#api-key', stackEnv('FLOW_TEST_API_KEY'));
    await page.click('button[type=submit]');
    await page.waitForSelector(`.execution-page[data-execution="${id}"]`);
  };
  const shownJson = async (testId: string) => JSON.parse((await page.textContent(`[data-testid=${testId}] pre`)) ?? '');

  it('shows the output beside the input once the execution succeeds, and says it is not there yet while it runs', async () => {
    const started = await api('POST', '/api/v1/flows/execute', {
      json: { flow: shapedFlow(`output-console-${randomUUID()}`, 4), input: { customer: 'Ada' } },
    });
    const id = started.body.execution_id as string;
    await openExecution(id);
    await page.waitForSelector('[data-testid=execution-output][data-state=pending]');
    expect(await page.textContent('[data-testid=execution-output]')).toContain('Not yet');
    expect(await shownJson('execution-input')).toEqual({ customer: 'Ada' });

    await page.waitForSelector(
      '.execution-page[data-status=SUCCEEDED] [data-testid=execution-output][data-state=shown]',
      { timeout: 30_000 },
    );
    expect(await shownJson('execution-output')).toEqual(SHAPED_OUTPUT);
    expect(await shownJson('execution-input')).toEqual({ customer: 'Ada' });
    // Beside each other: the same row, input on the left.
    const input = (await page.locator('[data-testid=execution-input]').boundingBox())!;
    const output = (await page.locator('[data-testid=execution-output]').boundingBox())!;
    expect(Math.abs(output.y - input.y)).toBeLessThan(2);
    expect(output.x).toBeGreaterThan(input.x + input.width);
    await page.locator('[data-testid=execution-output]').scrollIntoViewIfNeeded();
    await screenshot(page, 'execution-output');
  }, 60_000);

  it('says a failed execution has no output', async () => {
    const res = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: { flow: failingFlow(`output-console-failing-${randomUUID()}`), input: { customer: 'Bob' } },
    });
    await openExecution(res.body.execution_id);
    await page.waitForSelector('[data-testid=execution-output][data-state=none]');
    expect(await page.textContent('[data-testid=execution-output]')).toContain('ended FAILED');
    expect(await page.$('[data-testid=execution-output] pre')).toBeNull();
  });
});
