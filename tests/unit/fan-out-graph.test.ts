import type { Execution } from '../../src/domain/execution/execution';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { executionPath } from '../../src/graph/execution-path';
import { END_NODE, FAIL_NODE, type FlowGraph, flowGraph } from '../../src/graph/flow-graph';
import { toMermaid } from '../../src/graph/mermaid';
import { definitionGraph, executionGraph } from '../../src/service/execution-graph';
import { InMemoryExecutionStore } from '../../src/storage/in-memory/in-memory-execution-store';
import { InMemoryFanOutStore } from '../../src/storage/in-memory/in-memory-fan-out-store';
import { InMemoryTable } from '../../src/storage/in-memory/in-memory-table';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { sampleFlow } from '../support/flows';
import { mermaidStructure } from '../support/mermaid-structure';

const noop = (name: string) => ({ name, task_type: 'noop' });

/** A parallel of two branches, the second holding a map: the same task names in several scopes. */
const fanOutRequest = (maxConcurrency = 10) => ({
  flow: {
    id: 'orders',
    name: 'Orders',
    start_task: 'charge',
    tasks: [
      noop('charge'),
      {
        name: 'both',
        task_type: 'parallel',
        branches: [
          {
            start_task: 'charge',
            tasks: [noop('charge'), noop('receipt')],
            conditions: [
              {
                name: 'paid',
                source_task: 'charge',
                outcome: 'success',
                target_task_success: 'receipt',
                target_task_failure: 'end',
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
                max_concurrency: maxConcurrency,
                item_processor: {
                  start_task: 'charge',
                  tasks: [noop('charge'), noop('ship')],
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
});

const read = (request: unknown): FlowDefinition => parseFlowRequest(request, defaultRegistry()).flow;
const taskIn = (graph: FlowGraph, group: string | undefined, name: string) =>
  graph.tasks.find((t) => t.group === group && t.name === name)!;

describe('a fan-out task on the flow graph', () => {
  const graph = flowGraph(read(fanOutRequest()));
  const [branch1, branch2, items] = graph.groups;

  it("holds its sub-flows as groups: a parallel's branches in order, a map's item processor labelled with its concurrency", () => {
    expect(graph.groups.map((g) => [g.label, taskIn(graph, undefined, 'both').id === g.task])).toEqual([
      ['branch 1', true],
      ['branch 2', true],
      ['each_order: for each item, at most 10 at once', false],
    ]);
    expect(taskIn(graph, undefined, 'both').fan_out).toEqual({ kind: 'parallel', groups: [branch1!.id, branch2!.id] });
    const map = taskIn(graph, branch2!.id, 'each_order');
    expect(map.fan_out).toEqual({ kind: 'map', groups: [items!.id], max_concurrency: 10 });
    expect(items!.task).toBe(map.id);
    expect(graph.tasks.filter((t) => t.group === branch1!.id).map((t) => t.name)).toEqual(['charge', 'receipt']);
    expect(graph.tasks.filter((t) => t.group === items!.id).map((t) => t.name)).toEqual(['charge', 'ship']);
    expect([branch1!.start, items!.start]).toEqual([
      taskIn(graph, branch1!.id, 'charge').id,
      taskIn(graph, items!.id, 'charge').id,
    ]);
  });

  it('says what a map runs at once: 0 and anything above the bound run at the bound', () => {
    expect(flowGraph(read(fanOutRequest(0))).groups[2]!.label).toBe('each_order: for each item, at most 100 at once');
    expect(flowGraph(read(fanOutRequest(5000))).tasks.find((t) => t.name === 'each_order')!.fan_out).toMatchObject({
      max_concurrency: 100,
    });
  });

  it("keeps the flow's own tasks first, under their names, and gives every node an id of its own", () => {
    expect(graph.tasks.slice(0, 3).map((t) => [t.id, t.group])).toEqual([
      ['charge', undefined],
      ['both', undefined],
      ['notify', undefined],
    ]);
    const ids = [...graph.tasks.map((t) => t.id), ...graph.groups.flatMap((g) => [g.id, g.end, g.fail])];
    expect(new Set([...ids, END_NODE, FAIL_NODE]).size).toBe(ids.length + 2);
    expect(graph.tasks.filter((t) => t.name === 'charge').map((t) => t.id)).toEqual([
      'charge',
      'both/branch 1/charge',
      'both/branch 2/each_order/each item/charge',
    ]);
  });

  it('never gives a nested node an id a task already has, whatever the names', () => {
    const request = fanOutRequest();
    // A top-level task named exactly as the path of a branch's task.
    request.flow.tasks[2] = noop('both/branch 1/charge');
    const tricky = flowGraph(read(request));
    const ids = [...tricky.tasks.map((t) => t.id), ...tricky.groups.flatMap((g) => [g.id, g.end, g.fail])];
    expect(new Set(ids).size).toBe(ids.length);
    expect(taskIn(tricky, undefined, 'both/branch 1/charge').id).toBe('both/branch 1/charge');
    expect(taskIn(tricky, tricky.groups[0]!.id, 'charge').id).toBe('both/branch 1/charge #2');
  });

  it('keeps every edge inside its own sub-flow', () => {
    const groupOf = new Map<string, string | undefined>(graph.tasks.map((t) => [t.id, t.group]));
    for (const g of graph.groups) groupOf.set(g.end, g.id).set(g.fail, g.id);
    groupOf.set(END_NODE, undefined).set(FAIL_NODE, undefined);
    for (const edge of graph.edges) {
      expect([edge.from, groupOf.get(edge.from)]).toEqual([edge.from, edge.group]);
      expect(groupOf.has(edge.to)).toBe(true);
      expect([edge.to, groupOf.get(edge.to)]).toEqual([edge.to, edge.group]);
    }
    expect(graph.edges.filter((e) => e.group === undefined).map((e) => [e.from, e.to])).toEqual([
      ['charge', 'both'],
      ['both', 'notify'],
      ['notify', END_NODE],
    ]);
  });

  it("draws a sub-flow's end and fail as its own, never the flow's", () => {
    const inBranch1 = graph.edges.filter((e) => e.group === branch1!.id);
    expect(inBranch1.map((e) => [e.from, e.kind, e.to])).toEqual([
      ['both/branch 1/charge', 'success', 'both/branch 1/receipt'],
      // `end` on the failure side fails the branch: drawn into the branch's own fail.
      ['both/branch 1/charge', 'failure', branch1!.fail],
      ['both/branch 1/receipt', 'next', branch1!.end],
    ]);
    expect(graph.edges.filter((e) => e.group === items!.id).map((e) => [e.kind, e.to])).toEqual([
      ['next', 'both/branch 2/each_order/each item/ship'],
      ['success', items!.end],
      ['failure', items!.fail],
    ]);
    const nested = graph.edges.filter((e) => e.group !== undefined);
    expect(nested.some((e) => e.to === END_NODE || e.to === FAIL_NODE)).toBe(false);
  });
});

describe('a fan-out task in Mermaid', () => {
  const graph = flowGraph(read(fanOutRequest()));
  const text = toMermaid(graph);
  const root = mermaidStructure(text);

  it('is a composite state; a parallel holds one concurrent region per branch, a map its item processor', () => {
    expect(root.states).toEqual(['t0', 't1', 't2']);
    expect(root.transitions).toEqual([
      { from: '[*]', to: 't0' },
      { from: 't0', to: 't1', label: 'success' },
      { from: 't1', to: 't2', label: 'success' },
      { from: 't2', to: '[*]', label: 'success' },
    ]);
    const parallel = root.composites.get('t1')!;
    expect(parallel).toHaveLength(2);
    expect(text).toContain('  t1: both (parallel)\n  state t1 {\n');
    // Branch 1: its own start, its own end ([*] inside the composite) and its own fail.
    expect(parallel[0]!.states).toEqual(['t3', 't4', 'g0_fail']);
    expect(parallel[0]!.transitions).toEqual([
      { from: '[*]', to: 't3' },
      { from: 't3', to: 't4', label: 'success' },
      { from: 't3', to: 'g0_fail', label: 'failure' },
      { from: 't4', to: '[*]', label: 'success' },
    ]);
    expect(text).toContain('    g0_fail: fail\n');
    // Branch 2 holds the map, a composite in the region, holding the item processor.
    expect(parallel[1]!.states).toEqual(['t5']);
    expect(text).toContain('    t5: each_order (map, for each item, at most 10 at once)\n');
    const map = parallel[1]!.composites.get('t5')!;
    expect(map).toHaveLength(1);
    expect(map[0]!.states).toEqual(['t6', 't7', 'g2_fail']);
    expect(map[0]!.transitions[0]).toEqual({ from: '[*]', to: 't6' });
  });

  it('nests as deep as the fan-outs do, indented, with every brace closed', () => {
    expect(text).toContain('\n    --\n');
    expect(text).toMatch(/\n {4}state t5 \{\n {6}t6: charge \(noop\)\n/);
    expect(text.match(/\{/g)).toHaveLength(2);
    expect(text.match(/\}/g)).toHaveLength(2);
  });

  it.each(['order-flow.json', 'failure-recovery.json', 'poll-until-ready.json', 'classic-pipeline.json'])(
    'leaves the Mermaid of a flow without fan-outs (%s) as it was: flat, every edge between declared states',
    (file) => {
      const flat = mermaidStructure(toMermaid(flowGraph(read(sampleFlow(file)))));
      expect(flat.composites.size).toBe(0);
      expect(flat.transitions.length).toBeGreaterThan(0);
    },
  );

  it('is refused by the structure reader when an edge leaves its region or a brace is missing', () => {
    expect(() => mermaidStructure(text.replace('    t4 --> [*]: success', '    t4 --> t6: success'))).toThrow(
      /names t6, not declared in its region/,
    );
    expect(() => mermaidStructure(text.replace('\n  }\n', '\n'))).toThrow(/left open/);
    expect(() => mermaidStructure(`${text}  --\n`)).toThrow(/-- outside a composite/);
    expect(() => mermaidStructure(text.replace('    t5: each_order', '    t3: again\n    t5: each_order'))).toThrow(
      /t3 declared again elsewhere/,
    );
  });

  it("colours the flow's own tasks on an execution's graph, a fan-out too, and nothing inside it", () => {
    const flow = read(fanOutRequest());
    const execution = {
      status: 'RUNNING',
      steps_recorded: 0,
      attempts: 0,
      progress: new Map(),
    } as unknown as Execution;
    const path = executionPath(execution, flow, [], false);
    expect([...path.states.keys()]).toEqual(['charge', 'both', 'notify']);
    const coloured = toMermaid(flowGraph(flow), path);
    expect(() => mermaidStructure(coloured)).not.toThrow();
    expect(coloured).toContain('  class t0,t1,t2 pending\n');
  });
});

describe('the graph route and a flow with fan-outs', () => {
  it('draws it with its groups', () => {
    const json = definitionGraph(fanOutRequest(), 'json', defaultRegistry());
    expect(json.format === 'json' && json.body.groups.map((g) => g.label)).toEqual([
      'branch 1',
      'branch 2',
      'each_order: for each item, at most 10 at once',
    ]);
    const mermaid = definitionGraph(fanOutRequest(), 'mermaid', defaultRegistry());
    expect(mermaid.format === 'mermaid' && mermaidStructure(mermaid.text).composites.has('t1')).toBe(true);
  });

  it('still answers 400 with every other problem of such a flow', () => {
    const request = fanOutRequest();
    request.flow.tasks[0] = { name: 'charge', task_type: 'nope' };
    expect(() => definitionGraph(request, 'json', defaultRegistry())).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'flow.tasks[0].task_type' })] }),
    );
  });

  it("gives an execution's state to the flow's own tasks only, not to a sub-flow's task of the same name", async () => {
    const store = new InMemoryExecutionStore();
    const flow = read(fanOutRequest());
    const now = '2026-12-06T00:00:00.000Z';
    const execution = {
      execution_id: 'e1',
      flow_id: flow.id,
      flow_name: flow.name,
      definition_hash: definitionHash(flow),
      status: 'RUNNING',
      created_at: now,
      started_at: now,
      cursor: { seq: 1, task: 'charge', timeout_seconds: 30 },
      attempts: 0,
      steps_recorded: 0,
      max_steps: flow.max_steps,
      progress: new Map(),
      state: { input: {}, results: new Map() },
    } as unknown as Execution;
    await store.createExecution(execution, flow);
    const graph = await executionGraph('e1', 'json', { store, fanOuts: new InMemoryFanOutStore(new InMemoryTable()) });
    if (graph.format !== 'json') throw new Error('json asked');
    const states = graph.body.tasks.map((t) => [t.id, t.state]);
    expect(states.slice(0, 3)).toEqual([
      ['charge', 'waiting'],
      ['both', 'pending'],
      ['notify', 'pending'],
    ]);
    expect(states.slice(3).every(([, state]) => state === undefined)).toBe(true);
    expect(graph.body.groups).toHaveLength(3);
  });
});
