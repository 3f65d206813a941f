import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../support/cli';
import { screenshot } from '../support/browser';
import { consoleBrowser } from '../support/console-browser';
import { api } from '../support/http';
import { MOCKED_GREETER } from '../support/mocked-greeter';
import { jsonPathOrder } from '../support/flows';
import { stackEnv } from '../support/stack-env';

const FLOWS = path.join(__dirname, '..', '..', 'flows');
const sampleText = (file: string) => readFileSync(path.join(FLOWS, file), 'utf8');

/** The browser, and what the page's scripts reported as errors and every URL it asked for. */
const session = consoleBrowser();
const { pageErrors, requested, openConsole } = session;
let page: Page;
beforeEach(() => {
  page = session.page;
});

/** The graph's task states, as the page draws them. */
async function nodeStates(): Promise<Record<string, string>> {
  const nodes = await page.$$eval('svg.graph [data-task]', (els) =>
    els.map((el) => [el.getAttribute('data-task'), el.getAttribute('data-state')]),
  );
  return Object.fromEntries(nodes);
}

describe('the console function', () => {
  const get = (path: string) => fetch(`${stackEnv('FLOW_TEST_API_URL')}${path}`);

  it('serves the page and its two files without a key, allowing nothing from elsewhere', async () => {
    const page = await get('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'data:,',
      '/console/console.css',
      '/console/console.js',
    ]);
    const script = await get('/console/console.js');
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await get('/console/console.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves the same page with a trailing slash, its files still found', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('src="/console/console.js"');
  });

  it('leads the site root to the console, without a key and without asking the authorizer', async () => {
    const log = stackEnv('FLOW_TEST_OFFLINE_LOG');
    const refusals = () => (readFileSync(log, 'utf8').match(/Identity Source is null/g) ?? []).length;
    const before = refusals();
    const root = await fetch(`${stackEnv('FLOW_TEST_API_URL')}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console');
    const followed = await get('/');
    expect([followed.status, followed.url]).toEqual([200, `${stackEnv('FLOW_TEST_API_URL')}/console`]);
    // What a browser asks for by itself, on every page of the API that is not the console.
    const icon = await get('/favicon.ico');
    expect(icon.status).toBe(204);
    expect(await icon.text()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(refusals()).toBe(before);
  });

  it('answers 404 in the API error shape for any other file', async () => {
    const res = await get('/console/secrets.json');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no file secrets.json in /console' } });
  });
});

describe('the web console in a real browser', () => {
  it('asks for the key, saying where to find it, refuses a wrong one, and keeps the right one for the tab only', async () => {
    // The API's own address leads to the console.
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/`);
    expect(page.url()).toBe(`${stackEnv('FLOW_TEST_API_URL')}/console`);
    const hint = await page.innerText('[data-testid=key-hint]');
    expect(hint).toContain('npm start prints it');
    expect(hint).toContain('.flow-local/api-key');
    await screenshot(page, 'key-prompt');
    await page.fill('#api-key', 'not-the-key');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=That key was not accepted.');
    await screenshot(page, 'key-refused');
    await page.fill('#api-key', stackEnv('FLOW_TEST_API_KEY'));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=executions]');
    // Strings run in the page (the tests compile without the DOM's types).
    const storage = await page.evaluate<{ session: string[]; local: number; url: string }>(
      '({ session: Object.values(sessionStorage), local: Object.keys(localStorage).length, url: location.href })',
    );
    expect(storage.session).toEqual([stackEnv('FLOW_TEST_API_KEY')]);
    expect(storage.local).toBe(0);
    expect(storage.url).not.toContain(stackEnv('FLOW_TEST_API_KEY'));
    expect(requested.filter((url) => url.includes(stackEnv('FLOW_TEST_API_KEY')))).toEqual([]);
    // A new tab (a new browser session) asks again.
    const other = await session.browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(`${stackEnv('FLOW_TEST_API_URL')}/console`);
    expect(await fresh.isVisible('#api-key')).toBe(true);
    await other.close();
  });

  it('starts a sample flow from the flow page and shows it finish: states on the graph, the failed task with its error', async () => {
    await openConsole('#/new');
    await page.fill('textarea[name=flow]', sampleText('failure-recovery.json'));
    expect(JSON.parse(await page.inputValue('textarea[name=input]'))).toEqual({ batch: '2026-11-23' });
    await page.click('text=Check and draw');
    await page.waitForSelector('svg.graph [data-task=process]');
    expect(Object.keys(await nodeStates()).sort()).toEqual(['fetch', 'notify_failure', 'process', 'store']);
    // A flow not run has no task states: its legend names none.
    expect(
      await page.$$eval('.legend [data-legend]', (els) => els.map((el) => el.getAttribute('data-legend'))),
    ).toEqual(['start', 'retry', 'failure']);
    // `fetch` failing is sent to `end` by its condition, which fails the execution: drawn into fail.
    expect(
      await page.$$eval('svg.graph .edge[data-from=fetch][data-kind=failure]', (els) =>
        els.map((el) => el.getAttribute('data-to')),
      ),
    ).toEqual(['(fail)']);
    await screenshot(page, 'flow-page-graph');

    await page.click('button:has-text("Run")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]', { timeout: 30_000 });
    const executionId = await page.getAttribute('.execution-page', 'data-execution');
    expect(page.url()).toContain(`#/executions/${executionId}`);
    expect(await nodeStates()).toEqual({
      fetch: 'succeeded',
      process: 'failed',
      store: 'not_reached',
      notify_failure: 'succeeded',
    });
    const taken = await page.$$eval('svg.graph .edge.taken', (els) =>
      els.map(
        (el) => `${el.getAttribute('data-from')}->${el.getAttribute('data-to')} ${el.getAttribute('data-taken')}`,
      ),
    );
    expect(taken.sort()).toEqual(['fetch->process 1', 'notify_failure->(end) 1', 'process->notify_failure 1']);
    expect(
      await page.$$eval('[data-testid=timeline] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-step'))),
    ).toEqual(['1', '2', '3']);

    await page.click('svg.graph [data-task=process]');
    const details = page.locator('[data-testid=task-details][data-task=process]');
    await details.waitFor();
    expect(await details.locator('[data-testid=task-error]').innerText()).toContain('Processing algorithm error');
    expect(await details.innerText()).toContain('"failure_rate": 1');
    expect(
      await page.$$eval('.legend [data-legend]', (els) => els.map((el) => el.getAttribute('data-legend'))),
    ).toEqual(['succeeded', 'failed', 'running', 'waiting', 'stopped', 'not_reached', 'taken']);
    await screenshot(page, 'execution-finished');
    // At a small laptop's width the page reflows: nothing runs off the right edge.
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'execution-finished-1024');

    // The API agrees with what the page drew.
    const graph = await api('GET', `/api/v1/flows/executions/${executionId}/graph`);
    expect(Object.fromEntries(graph.body.tasks.map((t: any) => [t.name, t.state]))).toEqual(await nodeStates());
  }, 60_000);

  it('shows every validation problem beside the line of its field, and sends nothing to run', async () => {
    await openConsole('#/new');
    const before = (await api('GET', '/api/v1/flows/executions?flow_id=console-broken')).body.count;
    const broken = {
      flow: {
        id: 'console-broken',
        name: 'Broken',
        start_task: 'first',
        tasks: [
          { name: 'first', task_type: 'no_such_type' },
          { name: 'second', task_type: 'print', parameters: { message: 5 } },
        ],
        conditions: [],
      },
    };
    await page.fill('textarea[name=flow]', JSON.stringify(broken, null, 2));
    await page.click('text=Check and draw');
    await page.waitForSelector('.problem-listing');
    const problems = await page.$$eval('.problem-listing [data-problem-path]', (els) =>
      els.map((el) => [el.getAttribute('data-problem-path'), el.getAttribute('data-line')]),
    );
    const lines = JSON.stringify(broken, null, 2).split('\n');
    const lineOf = (needle: string) => String(lines.findIndex((l) => l.includes(needle)) + 1);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['flow.tasks[0].task_type', lineOf('"no_such_type"')],
        ['flow.tasks[1].parameters.message', lineOf('"message": 5')],
      ]),
    );
    await screenshot(page, 'flow-page-problems');
    await page.fill('textarea[name=flow]', '{ "flow": { "id": ');
    expect(await page.innerText('.problem-inline')).toMatch(/^Not valid JSON/);
    expect(await page.isDisabled('button:has-text("Run")')).toBe(true);
    expect((await api('GET', '/api/v1/flows/executions?flow_id=console-broken')).body.count).toBe(before);
  });

  it('uploads a flow, saves it as a version, lists it with its versions and runs it from its page', async () => {
    await openConsole('#/new');
    const flow = JSON.parse(sampleText('classic-pipeline.json'));
    flow.flow.id = `console-saved-${Date.now()}`;
    await page.setInputFiles('input[type=file]', {
      name: 'flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(flow)),
    });
    // Polled from the test, not page.waitForFunction with a string: the console's Content-Security-Policy
    // refuses the eval such a predicate needs when the page is not ready at its first check.
    await eventually(
      async () => (await page.inputValue('textarea[name=flow]')).includes('console-saved-'),
      20_000,
      'the uploaded flow in the editor',
    );
    await page.click('text=Save as a version');
    await page.waitForSelector(`text=Saved as ${flow.flow.id} v1.`);
    await page.click('text=Open it');
    await page.waitForSelector(`.saved-flow-page[data-flow="${flow.flow.id}"]`);
    expect(
      await page.$$eval('[data-testid=versions] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-version'))),
    ).toEqual(['1']);
    await page.waitForSelector('svg.graph [data-task=task1]');
    await page.fill('textarea[name=input]', '{"from": "console"}');
    await page.click('button:has-text("Run")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]', { timeout: 30_000 });
    expect(Object.values(await nodeStates())).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Run from a saved flow: its name leads back to the saved flow's page.
    await page.click(`.execution-page a[data-flow-link="${flow.flow.id}"]`);
    await page.waitForSelector(`.saved-flow-page[data-flow="${flow.flow.id}"]`);
    await page.click('text=Saved flows');
    await page.waitForSelector(`[data-testid=saved-flows] tr[data-flow="${flow.flow.id}"]`);
    await screenshot(page, 'saved-flows');
  }, 60_000);

  it('draws a pasted state machine, saves it under a flow id with its input, and runs it', async () => {
    await openConsole('#/new');
    const machine = {
      asl: {
        Comment: 'Console state machine',
        QueryLanguage: 'JSONata',
        StartAt: 'Greet',
        States: {
          Greet: {
            Type: 'Task',
            Resource: 'flow:print',
            Arguments: { message: "{% 'hello ' & $states.input.who %}" },
            Output: '{% $states.input %}',
            Next: 'Big?',
          },
          'Big?': {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.n > 1 %}', Next: 'Pause' }],
            Default: 'Done',
          },
          Pause: { Type: 'Wait', Seconds: 1, Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
      input: { who: 'Ada', n: 2 },
    };
    await page.fill('textarea[name=flow]', JSON.stringify(machine, null, 2));
    expect(JSON.parse(await page.inputValue('textarea[name=input]'))).toEqual({ who: 'Ada', n: 2 });
    await page.click('text=Check and draw');
    await page.waitForSelector('svg.graph [data-task=Pause]');
    expect(Object.keys(await nodeStates()).sort()).toEqual(['Greet', 'Pause']);
    await screenshot(page, 'flow-page-state-machine');

    const id = `console-machine-${Date.now()}`;
    await page.click('text=Save as a version');
    await page.waitForSelector('text=Give a flow id to save the state machine under.');
    await page.fill('input[name=flow-id]', id);
    await page.click('text=Save as a version');
    await page.waitForSelector(`text=Saved as ${id} v1.`);
    const saved = await api('GET', `/api/v1/flows/${id}`);
    expect(saved.body).toMatchObject({
      flow_name: 'Console state machine',
      default_input: { who: 'Ada', n: 2 },
      definition: { id, start_task: 'Greet' },
    });

    await page.click('button:has-text("Run")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]', { timeout: 30_000 });
    expect(await nodeStates()).toEqual({ Greet: 'succeeded', Pause: 'succeeded' });
    await screenshot(page, 'execution-of-state-machine');
  }, 60_000);

  it('draws and runs a JSONPath-mode state machine: its Choice rules as text, its Map as a fan-out', async () => {
    await openConsole('#/new');
    const machine = JSON.parse(sampleText('order-jsonpath.asl.json'));
    const input = jsonPathOrder('gold', 80);
    await page.fill('textarea[name=flow]', JSON.stringify({ asl: machine, input }, null, 2));
    await page.click('text=Check and draw');
    await page.waitForSelector('svg.graph [data-task="Reserve lines"]');
    // A States Language rule is drawn as one line of text on its edge.
    expect(await page.textContent('svg.graph')).toContain('$.customer.tier StringEquals');
    await screenshot(page, 'flow-page-jsonpath-machine');

    await page.click('button:has-text("Run")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]', { timeout: 30_000 });
    const states = await nodeStates();
    expect(states).toMatchObject({ 'Reserve lines': 'succeeded', 'Free shipping': 'succeeded', Receipt: 'succeeded' });
    expect(states['Standard shipping']).not.toBe('succeeded');
    await screenshot(page, 'execution-of-jsonpath-machine');
  }, 60_000);

  it('says which test case of the mock configuration an execution ran on', async () => {
    // tests/support/mock-config.json: the call throws Greeter.Broken, which the catcher takes.
    const started = await api('POST', '/api/v1/flows/execute?wait_seconds=10', {
      json: { asl: MOCKED_GREETER, input: {}, state_machine_name: 'MockedGreeter', test_case: 'CatchPath' },
    });
    expect(started.body.status).toBe('SUCCEEDED');
    await openConsole(`#/executions/${started.body.execution_id as string}`);
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]');
    expect(await page.textContent('[data-testid=test-case]')).toContain('test case CatchPath of MockedGreeter');
    await screenshot(page, 'execution-mocked');
  }, 60_000);

  it('lists executions with filters and paging, and refreshes itself', async () => {
    const flowId = `console-list-${Date.now()}`;
    const body = JSON.parse(sampleText('classic-pipeline.json'));
    body.flow.id = flowId;
    const first = await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: body });
    await openConsole(`#/executions?flow_id=${flowId}`);
    await page.waitForSelector(`[data-testid=executions] tr[data-execution="${first.body.execution_id}"]`);
    expect(await page.inputValue('input[name=flow_id]')).toBe(flowId);
    // Started after the page loaded: the list shows it without a reload.
    const second = await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: body });
    await page.waitForSelector(`[data-testid=executions] tr[data-execution="${second.body.execution_id}"]`, {
      timeout: 15_000,
    });
    expect(
      await page.$$eval('[data-testid=executions] tbody tr[data-execution]', (rows) =>
        rows.map((r) => r.getAttribute('data-execution')),
      ),
    ).toEqual([second.body.execution_id, first.body.execution_id]);
    await screenshot(page, 'executions-list');
    // One per page: the older one is on the next page, and back.
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/console#/executions?flow_id=${flowId}&limit=1`);
    await page.waitForSelector(`tr[data-execution="${second.body.execution_id}"]`);
    await page.click('button:has-text("Older")');
    await page.waitForSelector(`tr[data-execution="${first.body.execution_id}"]`);
    expect(await page.$$eval('tbody tr[data-execution]', (rows) => rows.length)).toBe(1);
    await page.click('button:has-text("Newer")');
    await page.waitForSelector(`tr[data-execution="${second.body.execution_id}"]`);
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/console#/executions?flow_id=${flowId}`);
    await page.waitForSelector(`tr[data-execution="${first.body.execution_id}"]`);
    // A posted flow has no saved-flow page: its name is not a link to one.
    expect(await page.locator(`tr[data-execution="${first.body.execution_id}"] a[data-flow-link]`).count()).toBe(0);
    expect(await page.innerText(`tr[data-execution="${first.body.execution_id}"] .flow-name`)).toBe(body.flow.name);
    // Asked for directly, its saved-flow page says it is not saved and leads to its executions.
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/console#/flows/${flowId}`);
    await page.click('[data-testid=not-saved] a');
    await page.waitForSelector(`tr[data-execution="${first.body.execution_id}"]`);
    await page.selectOption('select[name=status]', 'FAILED');
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('text=No executions match these filters.');
    // The filters are in the address: a reload keeps them.
    expect(page.url()).toContain(`#/executions?status=FAILED&flow_id=${flowId}`);
    await page.reload();
    await page.waitForSelector('text=No executions match these filters.');
    expect(await page.inputValue('select[name=status]')).toBe('FAILED');
    expect(await page.inputValue('input[name=flow_id]')).toBe(flowId);
    await page.selectOption('select[name=status]', '');
    await page.click('button:has-text("Filter")');
    await page.waitForSelector(`tr[data-execution="${first.body.execution_id}"]`);
    // A time range: the last 15 minutes hold both; a range that ended yesterday holds neither.
    await page.selectOption('select[name=range]', '15m');
    await page.click('button:has-text("Filter")');
    await eventually(() => new URL(page.url()).hash.includes('range=15m'), 20_000, 'the range in the URL');
    await page.waitForSelector(`tr[data-execution="${second.body.execution_id}"]`);
    await page.selectOption('select[name=range]', 'custom');
    await page.fill('input[name=from]', '2020-01-01T00:00');
    await page.fill('input[name=to]', '2020-01-02T00:00');
    await page.click('button:has-text("Filter")');
    await page.waitForSelector('text=No executions match these filters.');
    await page.reload();
    await page.waitForSelector('text=No executions match these filters.');
    expect(await page.inputValue('input[name=from]')).toBe('2020-01-01T00:00');
  }, 90_000);

  it('fits each execution on one line at 1280 px, long names and errors cut', async () => {
    const flowId = `console-wide-${Date.now()}`;
    const long = (n: number) => `a-rather-long-name-that-goes-on-${'and-on-'.repeat(n)}`;
    const failing = {
      flow: {
        id: flowId,
        name: `A flow whose name is long enough to wrap ${'on a laptop '.repeat(4)}`,
        start_task: 'fetch',
        tasks: [{ name: 'fetch', task_type: 'fetch_data', parameters: { failure_rate: 1 } }],
        conditions: [],
      },
      name: long(8),
    };
    await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: failing });
    await api('POST', '/api/v1/flows/execute?wait_seconds=15', { json: { ...failing, name: undefined } });
    await page.setViewportSize({ width: 1280, height: 800 });
    await openConsole(`#/executions?flow_id=${flowId}`);
    await page.waitForSelector('[data-testid=executions] tbody tr[data-execution] >> nth=1');
    await eventually(async () =>
      (await page.locator('[data-testid=executions] tbody tr[data-execution]').allInnerTexts()).every((text) =>
        text.includes('FAILED'),
      ),
    );
    await screenshot(page, 'executions-list-1280');
    const heights = await page.$$eval('[data-testid=executions] tbody tr[data-execution]', (rows) =>
      rows.map((r) => r.getBoundingClientRect().height),
    );
    const lineHeight = await page.evaluate<number>(
      `parseFloat(getComputedStyle(document.querySelector('[data-testid=executions] tbody td')).lineHeight)`,
    );
    for (const height of heights) expect(height).toBeLessThan(lineHeight * 2);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  }, 60_000);

  it('shows until when a waiting task waits, and draws choice edges with their condition', async () => {
    const waiting = {
      flow: {
        id: 'console-waiting',
        name: 'Waits a while',
        start_task: 'greet',
        // 3600 flow seconds are one second at the test stack's time scale: two days take 48 s.
        tasks: [
          { name: 'greet', task_type: 'noop' },
          { name: 'pause', task_type: 'wait', parameters: { seconds: 172_800 } },
          { name: 'route', task_type: 'noop' },
          { name: 'big', task_type: 'noop' },
          { name: 'small', task_type: 'noop' },
        ],
        conditions: [
          {
            name: 'by_size',
            source_task: 'route',
            choices: [
              { condition: '{% $states.input.order.total_amount > 1000 and $states.input.express %}', next: 'big' },
            ],
            default: 'small',
          },
        ],
      },
    };
    const started = await api('POST', '/api/v1/flows/execute', { json: waiting });
    try {
      await openConsole(`#/executions/${started.body.execution_id}`);
      await page.waitForSelector('[data-testid=now-at] .waiting-until', { timeout: 20_000 });
      const view = (await api('GET', `/api/v1/flows/executions/${started.body.execution_id}`)).body;
      expect(view.waiting_until).toEqual(expect.any(String));
      expect(await page.getAttribute('[data-testid=now-at] time', 'title')).toBe(view.waiting_until);
      expect(await page.innerText('[data-testid=now-at]')).toMatch(
        /^pause · waiting until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in \d/,
      );
      expect(await page.getAttribute('svg.graph [data-task=pause]', 'data-state')).toBe('waiting');
      const choice = page.locator('svg.graph .edge[data-kind=choice]');
      expect(await choice.locator('text').textContent()).toBe('$states.input.order.total_amo…');
      expect(await choice.locator('title').textContent()).toBe(
        '{% $states.input.order.total_amount > 1000 and $states.input.express %}',
      );
      await screenshot(page, 'execution-waiting');
      // Stop asks first: saying no leaves it running; saying yes stops it.
      await page.click('button:has-text("Stop")');
      await page.waitForSelector('[data-testid=confirm-stop]');
      await screenshot(page, 'execution-stop-confirm');
      await page.click('button:has-text("Keep it running")');
      expect(await page.isVisible('[data-testid=confirm-stop]')).toBe(false);
      expect((await api('GET', `/api/v1/flows/executions/${started.body.execution_id}`)).body.status).toBe('RUNNING');
      await page.click('button:has-text("Stop")');
      await page.click('button:has-text("Yes, stop it")');
      await page.waitForSelector('.execution-page[data-status=ABORTED]');
      // Stopped, it shows where it was: the wait marked on the graph, and a row on the timeline.
      await page.waitForSelector('svg.graph [data-task=pause][data-state=stopped]', { timeout: 10_000 });
      expect(await page.getAttribute('svg.graph [data-task=route]', 'data-state')).toBe('not_reached');
      expect(await page.locator('[data-testid=timeline] tr.stopped').innerText()).toMatch(
        /pause[\s\S]*stopped while waiting/,
      );
      await screenshot(page, 'execution-stopped-wait');
    } finally {
      await api('POST', `/api/v1/flows/executions/${started.body.execution_id}/stop`, { json: {} });
    }
  }, 60_000);

  it('stops a running execution and redrives it, live', async () => {
    const flow = {
      flow: {
        id: 'console-slow',
        name: 'Slow enough to stop',
        start_task: 'slow',
        // Its first run takes the longest a sample task may (10 s), so the stop and the redrive
        // below land while it runs; the redriven run is quick.
        tasks: [
          {
            name: 'slow',
            task_type: 'fetch_data',
            arguments: {
              data_source: 'slow_api',
              delay_ms: '{% $states.context.Execution.RedriveCount = 0 ? 10000 : 200 %}',
            },
          },
        ],
        conditions: [
          {
            name: 'after_slow',
            source_task: 'slow',
            outcome: 'success',
            target_task_success: 'end',
            target_task_failure: 'end',
          },
        ],
      },
    };
    const started = await api('POST', '/api/v1/flows/execute', { json: flow });
    expect(started.status).toBe(202);
    await openConsole(`#/executions/${started.body.execution_id}`);
    await page.waitForSelector('.execution-page[data-status=RUNNING]');
    expect(await nodeStates()).toEqual({ slow: 'running' });
    await screenshot(page, 'execution-running');
    // Stop asks first (saying no is tested on a longer execution, below).
    await page.click('button:has-text("Stop")');
    await page.click('button:has-text("Yes, stop it")');
    await page.waitForSelector('.execution-page[data-status=ABORTED]');
    await page.click('button:has-text("Redrive")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED]', { timeout: 30_000 });
    expect(await nodeStates()).toEqual({ slow: 'succeeded' });
    await screenshot(page, 'execution-redriven');
    expect(await page.innerText('.execution-page dl.facts')).toContain('redriven 1×');
    // The task's first attempt was stopped, the redrive ran its second (not the record's internal rank).
    expect(
      await page.$$eval('[data-testid=timeline] tbody tr td:nth-child(3)', (cells) => cells.map((c) => c.textContent)),
    ).toEqual(['1', '2']);
    const detail = await api('GET', `/api/v1/flows/executions/${started.body.execution_id}`);
    expect(detail.body.task_results.map((r: any) => [r.attempt, r.status, r.error_code])).toEqual([
      [1, 'failure', 'States.Aborted'],
      [1, 'success', null],
    ]);
  }, 60_000);

  it("pages a long execution's timeline on demand", async () => {
    const loop = {
      flow: {
        id: 'console-loop',
        name: 'A long loop',
        start_task: 'again',
        max_steps: 130,
        tasks: [{ name: 'again', task_type: 'noop', parameters: {} }],
        conditions: [
          {
            name: 'c',
            source_task: 'again',
            outcome: 'success',
            target_task_success: 'again',
            target_task_failure: 'end',
          },
        ],
      },
    };
    const started = await api('POST', '/api/v1/flows/execute', { json: loop });
    await openConsole(`#/executions/${started.body.execution_id}`);
    await page.waitForSelector('.execution-page[data-status=FAILED]', { timeout: 60_000 });
    const steps = () =>
      page.$$eval('[data-testid=timeline] tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-step'))));
    expect(await steps()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await page.innerText('.note:has(button)')).toContain('Steps 1–100 of 130 are shown.');
    await page.click('button:has-text("Load more steps")');
    await page.waitForSelector('[data-testid=timeline] tbody tr[data-step="130"]');
    expect(await steps()).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(await page.isVisible('button:has-text("Load more steps")')).toBe(false);
    expect(await page.getAttribute('svg.graph [data-task=again]', 'data-state')).toBe('succeeded');
    // It ran out of max_steps: the API refuses a redrive, so none is offered.
    expect(await page.innerText('[data-testid=execution-error]')).toContain('max_steps_exceeded');
    expect(await page.locator('button:has-text("Redrive")').count()).toBe(0);
    expect(
      (await api('POST', `/api/v1/flows/executions/${started.body.execution_id}/redrive`, { json: {} })).status,
    ).toBe(409);
  }, 90_000);

  it('runs no script with errors on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
