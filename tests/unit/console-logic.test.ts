import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFlowDocument } from '../../src/console/flow-document';
import { edgePath, layoutGraph } from '../../src/console/graph-layout';
import { fieldLines, lineOf } from '../../src/console/json-locate';
import type { Graph } from '../../src/console/types';

const sample = readFileSync(path.join(__dirname, '..', '..', 'flows', 'order-flow.json'), 'utf8');

describe('where the flow page shows a validation problem', () => {
  const text = [
    '{',
    '  "flow": {',
    '    "id": "f",',
    '    "tasks": [',
    '      { "name": "a",',
    '        "task_type": "nope" },',
    '      { "name": "b" }',
    '    ]',
    '  },',
    '  "input": {}',
    '}',
  ].join('\n');

  it('finds each field by the path an error detail names it', () => {
    const lines = fieldLines(text);
    expect(lines.get('flow')).toBe(2);
    expect(lines.get('flow.id')).toBe(3);
    expect(lines.get('flow.tasks')).toBe(4);
    expect(lines.get('flow.tasks[0]')).toBe(5);
    expect(lines.get('flow.tasks[0].task_type')).toBe(6);
    expect(lines.get('flow.tasks[1].name')).toBe(7);
    expect(lines.get('input')).toBe(10);
  });

  it('puts a missing field on the line of the object that lacks it', () => {
    const lines = fieldLines(text);
    expect(lineOf(lines, 'flow.tasks[1].task_type')).toBe(7);
    expect(lineOf(lines, 'flow.start_task')).toBe(2);
    expect(lineOf(lines, 'headers.content-type')).toBeUndefined();
  });

  it('reads keys with escapes and strings holding brackets without losing its place', () => {
    const lines = fieldLines('{\n "a\\"b": "[{,}]",\n "c": [1,\n 2]\n}');
    expect(lines.get('a"b')).toBe(2);
    expect(lines.get('c[1]')).toBe(4);
  });

  it('takes the samples as written ({ flow, input }) and a bare flow, naming bare fields as the API does', () => {
    const doc = readFlowDocument(sample);
    expect(doc.ok && doc.flow.id).toBe('order-flow');
    expect(doc.ok && doc.input).toEqual(JSON.parse(sample).input);
    const bare = readFlowDocument('{\n  "id": "x",\n  "tasks": []\n}');
    expect(bare.ok && bare.lines.get('flow.tasks')).toBe(3);
    expect(bare.ok && 'input' in bare).toBe(false);
  });

  it('takes a state machine, wrapped as { asl, input } or bare, to send as { asl }, naming its fields as the API does', () => {
    const wrapped = readFlowDocument(
      '{\n  "asl": {\n    "StartAt": "A",\n    "States": {}\n  },\n  "input": { "n": 1 }\n}',
    );
    expect(wrapped).toMatchObject({ ok: true, field: 'asl', flow: { StartAt: 'A', States: {} }, input: { n: 1 } });
    expect(wrapped.ok && wrapped.lines.get('asl.States')).toBe(4);
    const bare = readFlowDocument('{\n  "QueryLanguage": "JSONata",\n  "StartAt": "A",\n  "States": {}\n}');
    expect(bare).toMatchObject({ ok: true, field: 'asl', flow: { StartAt: 'A' } });
    expect(bare.ok && bare.lines.get('asl.StartAt')).toBe(3);
    expect(readFlowDocument(sample)).toMatchObject({ ok: true, field: 'flow' });
  });

  it('says where JSON that does not parse breaks, and what is not a flow', () => {
    const broken = readFlowDocument('{\n  "id": "x",\n  "tasks": [\n}');
    expect(broken).toMatchObject({ ok: false, problem: expect.stringMatching(/^Not valid JSON/) });
    expect(readFlowDocument('[1]')).toEqual({ ok: false, problem: 'The flow must be a JSON object.', line: 1 });
    expect(readFlowDocument('  ')).toMatchObject({ ok: false });
  });
});

describe("the console's graph layout", () => {
  const graph: Graph = {
    start: 'charge',
    tasks: [
      { id: 'charge', name: 'charge', task_type: 'flaky', state: 'succeeded' },
      {
        id: 'a task with a rather long name',
        name: 'a task with a rather long name',
        task_type: 'print',
        state: 'failed',
      },
      { id: 'ship', name: 'ship', task_type: 'print', state: 'not_reached' },
    ],
    groups: [],
    edges: [
      { from: 'charge', to: 'charge', kind: 'retry', label: 'retry States.ALL ×3', times_taken: 2 },
      { from: 'charge', to: 'a task with a rather long name', kind: 'success', label: 'success', times_taken: 1 },
      { from: 'charge', to: '(fail)', kind: 'failure', label: 'failure', times_taken: 0 },
      { from: 'a task with a rather long name', to: 'ship', kind: 'success', label: 'success', times_taken: 0 },
      { from: 'a task with a rather long name', to: '(end)', kind: 'failure', label: 'failure', times_taken: 1 },
      { from: 'ship', to: '(end)', kind: 'next', label: 'success', times_taken: 0 },
    ],
  };
  const layout = layoutGraph(graph);

  it('places every task and end marker once, inside the drawing, without overlaps', () => {
    expect(layout.nodes.map((n) => n.id).sort()).toEqual([
      '(end)',
      '(fail)',
      'a task with a rather long name',
      'charge',
      'ship',
    ]);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect([a.id, b.id, apart]).toEqual([a.id, b.id, true]);
      }
    }
  });

  it('makes each task wide enough for its name and its state', () => {
    const long = layout.nodes.find((n) => n.id === 'a task with a rather long name')!;
    expect(long.sublabel).toBe('print · failed');
    expect(long.width).toBeGreaterThanOrEqual(long.label.length * 7);
    expect(layout.nodes.find((n) => n.id === 'charge')).toMatchObject({
      start: true,
      state: 'succeeded',
      terminal: false,
    });
    expect(layout.nodes.find((n) => n.id === '(end)')).toMatchObject({ terminal: true });
  });

  it('routes every edge, retries as loops, and writes how often each was taken', () => {
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.edges.find((e) => e.kind === 'retry')).toMatchObject({
      from: 'charge',
      to: 'charge',
      label: 'retry States.ALL ×3 · taken 2×',
      timesTaken: 2,
    });
    expect(layout.edges.find((e) => e.kind === 'next')!.label).toBe('success');
  });

  it('draws the same picture for the same graph', () => {
    expect(layoutGraph(graph)).toEqual(layout);
  });

  it('turns routed points into an SVG path', () => {
    expect(edgePath([])).toBe('');
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 10 },
      ]),
    ).toBe('M0,0 L10,10');
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
      ]),
    ).toBe('M0,0 Q10,0 10,10');
  });
});
