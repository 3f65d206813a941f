import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { consoleBrowser } from '../support/console-browser';

/** A parallel of two branches, the second holding a map: what the flow page draws before fan-outs run. */
const flow = {
  id: 'console-fan-out',
  name: 'Console fan-out',
  start_task: 'prepare',
  tasks: [
    { name: 'prepare', task_type: 'noop' },
    {
      name: 'both',
      task_type: 'parallel',
      branches: [
        {
          start_task: 'charge',
          tasks: [
            { name: 'charge', task_type: 'noop' },
            { name: 'receipt', task_type: 'noop' },
          ],
          conditions: [
            {
              name: 'paid',
              source_task: 'charge',
              outcome: 'success',
              target_task_success: 'receipt',
              target_task_failure: 'fail',
            },
          ],
        },
        {
          start_task: 'each_order',
          tasks: [
            {
              name: 'each_order',
              task_type: 'map',
              items: '{% $states.input.orders %}',
              max_concurrency: 10,
              item_processor: {
                start_task: 'pack',
                tasks: [
                  { name: 'pack', task_type: 'noop' },
                  { name: 'ship', task_type: 'noop' },
                ],
                conditions: [],
              },
            },
          ],
          conditions: [],
        },
      ],
    },
    { name: 'notify', task_type: 'noop' },
  ],
  conditions: [],
};

const session = consoleBrowser();
const { pageErrors } = session;
let page: Page;
beforeEach(() => {
  page = session.page;
});

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/** The drawn rectangle of each `kind[attribute]` element of the graph, by the attribute's value. */
const rects = (kind: string, attribute: string) =>
  page.$$eval(
    `svg.graph ${kind}[${attribute}]`,
    (els, name) =>
      Object.fromEntries(
        els.map((el) => {
          const r = el.querySelector('rect')!.getBoundingClientRect();
          return [el.getAttribute(name), { x: r.x, y: r.y, width: r.width, height: r.height }];
        }),
      ),
    attribute,
  ) as Promise<Record<string, Rect>>;

describe("the flow page and a flow's map and parallel tasks", () => {
  it('draws each fan-out as a box holding its sub-flows, and runs it', async () => {
    await session.openConsole('#/new');
    await page.fill('textarea[name=flow]', JSON.stringify({ flow, input: { orders: [1, 2] } }, null, 2));
    await page.click('text=Check and draw');
    await page.waitForSelector('svg.graph [data-fan-out=parallel]');

    expect(await page.$$eval('svg.graph .sub-flow text', (els) => els.map((el) => el.textContent))).toEqual([
      'branch 1',
      'branch 2',
      'each_order: for each item, at most 10 at once',
    ]);
    const groups = await rects('.sub-flow', 'data-group');
    const tasks = await rects('.task', 'data-task');
    const parallel = tasks.both!;
    const map = tasks['both/branch 2/each_order']!;
    const [branch1, branch2, items] = ['both/branch 1', 'both/branch 2', 'both/branch 2/each_order/each item'].map(
      (id) => groups[id]!,
    );
    expect([
      inside(branch1!, parallel),
      inside(branch2!, parallel),
      inside(map, branch2!),
      inside(items!, map),
    ]).toEqual([true, true, true, true]);
    expect(branch1!.x + branch1!.width).toBeLessThan(branch2!.x);
    expect(inside(tasks['both/branch 1/charge']!, branch1!)).toBe(true);
    expect(inside(tasks['both/branch 2/each_order/each item/ship']!, items!)).toBe(true);
    // The branch's `fail` and the item's `end` are drawn inside their own boxes, the flow's end outside.
    const markers = await page.$$eval('svg.graph .marker', (els) =>
      els.map((el) => {
        const r = el.querySelector('rect')!.getBoundingClientRect();
        return { id: el.getAttribute('data-node'), x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    expect(markers.map((m) => m.id).sort()).toEqual([
      '(end)',
      'both/branch 1/(end)',
      'both/branch 1/(fail)',
      'both/branch 2/(end)',
      'both/branch 2/each_order/each item/(end)',
    ]);
    expect(
      inside(
        markers.find((m) => m.id === 'both/branch 1/(fail)')!,
        branch1!,
      ),
    ).toBe(true);
    expect(
      inside(
        markers.find((m) => m.id === '(end)')!,
        parallel,
      ),
    ).toBe(false);
    await screenshot(page, 'flow-page-fan-out');
    // The whole graph, unclipped by its scrolling frame, to look at.
    await page.$eval(
      '.graph-scroll',
      (el) => ((el as unknown as { style: { maxHeight: string } }).style.maxHeight = 'none'),
    );
    await screenshot(page, 'flow-page-fan-out-whole');

    // It runs: the console opens the execution's page, which ends (the map's items come from the input).
    await page.click('button:has-text("Run")');
    await page.waitForSelector('.execution-page[data-status=SUCCEEDED], .execution-page[data-status=FAILED]', {
      timeout: 60_000,
    });
    expect(page.url()).toContain('#/executions/');
    expect(pageErrors).toEqual([]);
  });
});
