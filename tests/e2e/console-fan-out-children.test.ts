import type { Page } from 'playwright-core';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { screenshot } from '../support/browser';
import { consoleBrowser } from '../support/console-browser';
import { items, mapTask, oneTask } from '../support/fan-out-view-flows';
import { api } from '../support/http';

const session = consoleBrowser();
const { pageErrors } = session;
let page: Page;
beforeEach(() => {
  page = session.page;
});

const MAP = 'price each order';
/** Every fifth item, from index 3, fails its iteration; the map tolerates it and the parallel runs after. */
const failing = (n: number) => n % 5 === 3;
const flowRequest = {
  id: 'console-fan-out-children',
  name: 'Console fan-out children',
  start_task: MAP,
  tasks: [
    mapTask(MAP, { max_concurrency: 5, tolerated_failure_percentage: 100 }),
    { name: 'both', task_type: 'parallel', branches: [oneTask('left', 'L'), oneTask('right', 'R')] },
  ],
  conditions: [
    { name: 'priced', source_task: MAP, outcome: 'success', target_task_success: 'both', target_task_failure: 'fail' },
  ],
};

/** The execution, started over HTTP as a user starts one, once it has ended. */
async function ranFanOutExecution(): Promise<string> {
  const started = await api('POST', '/api/v1/flows/execute', {
    json: { flow: flowRequest, input: { list: items(25, failing) } },
  });
  expect(started.status).toBe(202);
  const id = started.body.execution_id as string;
  for (let tries = 0; tries < 6; tries++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
    if (view.body.status !== 'RUNNING') break;
  }
  expect((await api('GET', `/api/v1/flows/executions/${id}`)).body.status).toBe('SUCCEEDED');
  return id;
}

/** The children list's rows as drawn: index, status, the execution each links to, its error code. */
const childRows = () =>
  page.$$eval('[data-testid=children] tr[data-child]', (rows) =>
    rows.map((row) => ({
      index: Number(row.getAttribute('data-index')),
      status: row.querySelector('[data-status]')!.getAttribute('data-status'),
      href: row.querySelector('a')!.getAttribute('href'),
      errorCode: row.lastElementChild!.textContent,
    })),
  );

describe("the links between a fan-out's box and its children", () => {
  it('leads from a map box to its children, filters and pages them, opens a child, and goes back up to the parent', async () => {
    const id = await ranFanOutExecution();
    const mapChild = (index: number) => childExecutionId(id, 1, index);
    await session.openConsole(`#/executions/${id}`);
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED] svg.graph [data-fan-out=map]');

    // The box's counts are the link; the parallel, which ran too, links as well.
    const mapLink = page.locator(`svg.graph a[data-children-of="${MAP}"]`);
    expect(await mapLink.textContent()).toBe('map · 20 of 25 succeeded, 5 failed · succeeded');
    expect(await page.textContent('svg.graph a[data-children-of=both]')).toContain('2 of 2 succeeded');
    expect(await page.textContent(`li[data-fan-out-task="${MAP}"]`)).toBe(
      `${MAP}: 25 children · 20 succeeded · 5 failed`,
    );
    // A caller's execution has no parent.
    expect(await page.locator('[data-testid=parent]').count()).toBe(0);
    await screenshot(page, 'execution-page-fan-out-links');

    await mapLink.click();
    await page.waitForSelector('[data-testid=children] tr[data-child]');
    expect(await page.evaluate('location.hash')).toBe(`#/executions/${id}/children?task=price+each+order`);
    expect(await page.textContent('[data-testid=child-counts]')).toBe('25 children · 20 succeeded · 5 failed');
    const firstPage = await childRows();
    expect(firstPage.map((r) => r.index)).toEqual([...Array(20).keys()]);
    expect(firstPage.map((r) => r.status)).toEqual(
      [...Array(20).keys()].map((n) => (failing(n) ? 'FAILED' : 'SUCCEEDED')),
    );
    expect(firstPage[7]!.href).toBe(`#/executions/${encodeURIComponent(mapChild(7))}`);
    await page.click('button:has-text("Load more")');
    await page.waitForSelector('[data-testid=children] tr[data-index="24"]');
    expect((await childRows()).map((r) => r.index)).toEqual([...Array(25).keys()]);
    expect(await page.locator('button:has-text("Load more")').count()).toBe(0);
    await screenshot(page, 'children-list');

    await page.click('.status-filter [data-filter=FAILED]');
    await page.waitForSelector('.children-page [aria-current=page][data-filter=FAILED]');
    await page.waitForFunction('document.querySelectorAll("[data-testid=children] tr[data-child]").length === 5');
    const failed = await childRows();
    const fromApi = await api(
      'GET',
      `/api/v1/flows/executions/${id}/children?task=${encodeURIComponent(MAP)}&status=FAILED`,
    );
    expect(failed).toEqual(
      fromApi.body.children.map((c: { index: number; execution_id: string; error_code: string }) => ({
        index: c.index,
        status: 'FAILED',
        href: `#/executions/${encodeURIComponent(c.execution_id)}`,
        errorCode: c.error_code,
      })),
    );
    expect(failed.map((r) => r.index)).toEqual([3, 8, 13, 18, 23]);
    expect(failed.every((r) => r.errorCode !== '')).toBe(true);
    await screenshot(page, 'children-list-failed');

    // A child's own page: its sub-flow's graph, its parent, and no Stop or Redrive of its own.
    await page.click('[data-testid=children] tr[data-index="8"] a');
    await page.waitForSelector(`.execution-page[data-execution="${mapChild(8)}"] svg.graph [data-task=check]`);
    expect(await page.getAttribute('.execution-page', 'data-status')).toBe('FAILED');
    expect(await page.getAttribute('svg.graph [data-task=check]', 'data-state')).toBe('failed');
    expect(await page.textContent('[data-testid=parent]')).toBe(
      `${id} · index 8 of its map or parallel task at step 1`,
    );
    expect(await page.locator('button:has-text("Redrive"), button:has-text("Stop")').count()).toBe(0);
    // The graph route takes a child's id, as the other read routes do; stop and redrive do not.
    const childGraph = await api('GET', `/api/v1/flows/executions/${mapChild(8)}/graph`);
    expect([
      childGraph.status,
      childGraph.body.tasks.map((t: { id: string; state: string }) => [t.id, t.state]),
    ]).toEqual([200, [['check', 'failed']]]);
    expect((await api('POST', `/api/v1/flows/executions/${mapChild(8)}/redrive`, { json: {} })).status).toBe(400);
    await screenshot(page, 'child-execution-page');

    await page.click('[data-testid=parent-link]');
    await page.waitForSelector(`.execution-page[data-execution="${id}"] svg.graph [data-fan-out=parallel]`);
    // The parallel's branches, from the execution's list of its fan-outs.
    await page.click('li[data-fan-out-task=both] a');
    await page.waitForSelector('.children-page[data-task=both] tr[data-child]');
    expect((await childRows()).map((r) => [r.index, r.status, r.href])).toEqual([
      [0, 'SUCCEEDED', `#/executions/${encodeURIComponent(childExecutionId(id, 2, 0))}`],
      [1, 'SUCCEEDED', `#/executions/${encodeURIComponent(childExecutionId(id, 2, 1))}`],
    ]);
    await page.click('[data-testid=parent-link]');
    await page.waitForSelector(`.execution-page[data-execution="${id}"]`);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("leads from a start_flow task's runs to the children they started, and from a detached child back up", async () => {
    const childFlow = `console-child-${Date.now().toString(36)}`;
    const saved = await api('PUT', `/api/v1/flows/${childFlow}`, {
      json: { name: 'Console child', start_task: 'only', tasks: [{ name: 'only', task_type: 'noop' }], conditions: [] },
    });
    expect(saved.status).toBe(201);
    const started = await api('POST', '/api/v1/flows/execute', {
      json: {
        flow: {
          id: 'console-child-flows',
          name: 'Console child flows',
          start_task: 'waited',
          tasks: [
            { name: 'waited', task_type: 'start_flow', parameters: { flow_id: childFlow, wait: true } },
            { name: 'detached', task_type: 'start_flow', parameters: { flow_id: childFlow } },
          ],
          conditions: [],
        },
      },
    });
    const id = started.body.execution_id as string;
    let view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
    if (view.body.status === 'RUNNING') view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=20`);
    expect(view.body.status).toBe('SUCCEEDED');
    const detachedChild = (view.body.output as { execution_id: string }).execution_id;

    await session.openConsole(`#/executions/${id}`);
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED] svg.graph [data-task=waited]');
    await page.click('svg.graph [data-task=waited]');
    const waitedLink = page.locator('[data-testid=task-details][data-task=waited] [data-testid=child-execution] a');
    expect(await waitedLink.getAttribute('href')).toBe(
      `#/executions/${encodeURIComponent(childExecutionId(id, 1, 0))}`,
    );
    await page.click('svg.graph [data-task=detached]');
    const detachedLink = page.locator('[data-testid=task-details][data-task=detached] [data-testid=child-execution] a');
    expect(await detachedLink.textContent()).toBe(detachedChild);
    await screenshot(page, 'execution-page-child-flow-link');
    await detachedLink.click();
    await page.waitForSelector(`.execution-page[data-execution="${detachedChild}"][data-status=SUCCEEDED]`);
    expect(await page.textContent('[data-testid=started-by]')).toBe(`${id} · its task detached at step 2`);
    await screenshot(page, 'child-flow-started-by');
    await page.click('[data-testid=started-by] a');
    await page.waitForSelector(`.execution-page[data-execution="${id}"]`);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
