import { layoutGraph, type PlacedGroup, type PlacedNode } from '../../src/console/graph-layout';
import type { Graph } from '../../src/console/types';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { flowGraph } from '../../src/graph/flow-graph';
import { defaultRegistry } from '../../src/tasks/default-registry';

const noop = (name: string) => ({ name, task_type: 'noop' });
const sub = (...names: string[]) => ({ start_task: names[0], tasks: names.map(noop), conditions: [] });

/** A parallel of two branches, the second holding a map whose item can fail. */
const request = {
  flow: {
    id: 'orders',
    name: 'Orders',
    start_task: 'prepare',
    tasks: [
      noop('prepare'),
      {
        name: 'both',
        task_type: 'parallel',
        branches: [
          sub('charge', 'receipt'),
          {
            start_task: 'each_order',
            tasks: [
              {
                name: 'each_order',
                task_type: 'map',
                max_concurrency: 10,
                item_processor: {
                  ...sub('pack', 'ship'),
                  conditions: [
                    {
                      name: 'shipped',
                      source_task: 'ship',
                      outcome: 'success',
                      target_task_success: 'end',
                      target_task_failure: 'fail',
                    },
                  ],
                },
              },
            ],
            conditions: [],
          },
        ],
      },
      noop('notify'),
    ],
    conditions: [],
  },
};

type Box = Pick<PlacedNode, 'x' | 'y' | 'width' | 'height'>;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const apart = (a: Box, b: Box) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

describe("the console's layout of map and parallel tasks", () => {
  const graph: Graph = flowGraph(parseFlowRequest(request, defaultRegistry()).flow);
  const layout = layoutGraph(graph);
  const node = (id: string) => layout.nodes.find((n) => n.id === id)!;
  const group = (label: string) => layout.groups.find((g) => g.label === label)!;
  const membersOf = (g: PlacedGroup) => layout.nodes.filter((n) => n.group === g.id);

  it('draws a fan-out as a box holding one labelled box per sub-flow, each holding its tasks', () => {
    expect(layout.groups.map((g) => g.label)).toEqual([
      'branch 1',
      'branch 2',
      'each_order: for each item, at most 10 at once',
    ]);
    const parallel = node('both');
    expect(parallel).toMatchObject({ fanOut: 'parallel', label: 'both', sublabel: 'parallel · 2 branches', depth: 0 });
    const [branch1, branch2, items] = [group('branch 1'), group('branch 2'), group(layout.groups[2]!.label)];
    for (const g of [branch1, branch2]) expect([g.id, inside(g, parallel)]).toEqual([g.id, true]);
    const map = node('both/branch 2/each_order');
    expect(map).toMatchObject({ fanOut: 'map', group: branch2.id, depth: 1 });
    expect(inside(map, branch2)).toBe(true);
    expect(inside(items, map)).toBe(true);
    expect(membersOf(branch1).map((n) => n.label)).toEqual(['charge', 'receipt', 'end']);
    expect(membersOf(items).map((n) => n.label)).toEqual(['pack', 'ship', 'end', 'fail']);
    for (const g of layout.groups)
      for (const n of membersOf(g)) expect([g.label, n.id, inside(n, g)]).toEqual([g.label, n.id, true]);
  });

  it("puts a parallel's branches side by side, below its title", () => {
    const [branch1, branch2] = [group('branch 1'), group('branch 2')];
    expect(branch1.y).toBe(branch2.y);
    expect(branch1.x + branch1.width).toBeLessThan(branch2.x);
    expect(branch1.y).toBeGreaterThanOrEqual(node('both').y + 40);
  });

  it("draws each sub-flow's end and fail inside it, its start marked", () => {
    const items = layout.groups[2]!;
    const markers = membersOf(items).filter((n) => n.terminal);
    expect(markers.map((n) => [n.marker, inside(n, items)])).toEqual([
      ['end', true],
      ['fail', true],
    ]);
    expect(layout.nodes.filter((n) => n.start).map((n) => n.id)).toEqual([
      'prepare',
      'both/branch 1/charge',
      'both/branch 2/each_order',
      'both/branch 2/each_order/each item/pack',
    ]);
    // The flow's own end is one node, outside every box.
    const end = layout.nodes.filter((n) => n.marker === 'end' && n.group === undefined);
    expect(end.map((n) => [n.id, apart(n, node('both'))])).toEqual([['(end)', true]]);
  });

  it('keeps every node of a flow apart from the others, and every edge within its box', () => {
    for (const a of layout.nodes)
      for (const b of layout.nodes)
        if (a !== b && a.group === b.group) expect([a.id, b.id, apart(a, b)]).toEqual([a.id, b.id, true]);
    for (const edge of layout.edges) {
      const from = node(edge.from);
      const box = from.group === undefined ? undefined : layout.groups.find((g) => g.id === from.group)!;
      for (const p of edge.points) {
        const point = { x: p.x, y: p.y, width: 0, height: 0 };
        expect([
          edge.from,
          edge.to,
          inside(point, box ?? { x: 0, y: 0, width: layout.width, height: layout.height }),
        ]).toEqual([edge.from, edge.to, true]);
      }
    }
    expect(layout.edges).toHaveLength(graph.edges.length);
  });

  it("writes a fan-out's counts once the engine fills them in", () => {
    const ran: Graph = {
      ...graph,
      tasks: graph.tasks.map((t) =>
        t.id === 'both'
          ? {
              ...t,
              state: 'running',
              fan_out: { ...t.fan_out!, counts: { total: 2, succeeded: 1, failed: 0, aborted: 0 } },
            }
          : t,
      ),
    };
    expect(layoutGraph(ran).nodes.find((n) => n.id === 'both')!.sublabel).toBe(
      'parallel · 2 branches · 1 of 2 succeeded · running',
    );
  });

  it('draws the same picture for the same graph', () => {
    expect(layoutGraph(graph)).toEqual(layout);
  });
});
