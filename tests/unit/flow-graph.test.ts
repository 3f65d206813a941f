import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { executionPath, timesTaken } from '../../src/graph/execution-path';
import { aslRequestToFlowRequest } from '../../src/asl/import';
import { choiceLabel, END_NODE, FAIL_NODE, flowGraph } from '../../src/graph/flow-graph';
import { mermaidText, toMermaid } from '../../src/graph/mermaid';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { sampleFlow } from '../support/flows';

const parsed = (file: string) => parseFlowRequest(sampleFlow(file), defaultRegistry()).flow;

describe('a flow as a graph', () => {
  it('draws condition targets with the outcome that leads there, end and fail as terminals, a failure into end as into fail', () => {
    const graph = flowGraph(parsed('failure-recovery.json'));
    expect(graph.start).toBe('fetch');
    expect(graph.edges).toEqual([
      { from: 'fetch', to: 'process', kind: 'success', label: 'success' },
      // `end` on the failure side ends the execution FAILED: drawn into the fail node.
      { from: 'fetch', to: FAIL_NODE, kind: 'failure', label: 'failure' },
      { from: 'process', to: 'store', kind: 'success', label: 'success' },
      { from: 'process', to: 'notify_failure', kind: 'failure', label: 'failure' },
      { from: 'store', to: 'notify_failure', kind: 'next', label: 'success' },
      { from: 'notify_failure', to: END_NODE, kind: 'success', label: 'success' },
      { from: 'notify_failure', to: FAIL_NODE, kind: 'failure', label: 'failure' },
    ]);
  });

  it('draws retries as loops, catchers, choice rules and the default', () => {
    const edges = flowGraph(parsed('order-flow.json')).edges.filter((e) => e.from === 'charge');
    expect(edges.map((e) => [e.kind, e.to])).toEqual([
      ['retry', 'charge'],
      ['catch', 'notify_declined'],
      ['choice', 'review'],
      ['default', 'settle'],
    ]);
    expect(flowGraph(parsed('order-flow.json')).edges).toContainEqual({
      from: 'review',
      to: FAIL_NODE,
      kind: 'failure',
      label: 'failure',
    });
  });

  it("labels a choice edge with its rule's condition, shortened, keeping the rule index and the whole text", () => {
    const choice = flowGraph(parsed('order-flow.json')).edges.find((e) => e.kind === 'choice');
    expect(choice).toEqual({
      from: 'charge',
      to: 'review',
      kind: 'choice',
      label: '$states.input.amount > 1000',
      rule: 0,
      condition: '{% $states.input.amount > 1000 %}',
    });
    expect(choiceLabel('{% $states.input.order.total_amount >= $limits.review_threshold %}')).toBe(
      '$states.input.order.total_amo…',
    );
    expect([...choiceLabel(`{% ${'x'.repeat(100)} %}`)]).toHaveLength(30);
    expect(choiceLabel('{%\n  $a\n  and $b\n%}')).toBe('$a and $b');
  });

  it('draws a JSONPath Fail state (a raise_error task) failing into the fail node, not on to the next task in the list', () => {
    const { flow } = parseFlowRequest(
      {
        asl: {
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Work' }],
              Default: 'Refuse',
            },
            Refuse: { Type: 'Fail', Error: 'Refused' },
            Work: { Type: 'Pass', End: true },
          },
        },
      },
      defaultRegistry(),
      { asl: true },
    );
    const refuse = flowGraph(flow).edges.filter((e) => e.from === 'Refuse');
    expect(refuse.map((e) => [e.kind, e.to])).toEqual([['failure', FAIL_NODE]]);
  });

  it("draws an imported state machine's failure without a catcher into the fail node, not end", () => {
    const asl = {
      StartAt: 'charge',
      QueryLanguage: 'JSONata',
      States: {
        charge: { Type: 'Task', Resource: 'flow:noop', Next: 'audit' },
        ship: { Type: 'Task', Resource: 'flow:noop', End: true },
        audit: { Type: 'Task', Resource: 'flow:noop', Next: 'ship' },
      },
    };
    const { request } = aslRequestToFlowRequest({ asl });
    const graph = flowGraph(parseFlowRequest(request, defaultRegistry()).flow);
    const failures = graph.edges.filter((e) => e.kind === 'failure');
    expect(failures.length).toBeGreaterThan(0);
    for (const edge of failures) expect([edge.from, edge.to]).toEqual([edge.from, FAIL_NODE]);
    expect(graph.edges.filter((e) => e.to === END_NODE).map((e) => [e.from, e.kind])).toEqual([['ship', 'success']]);
  });

  it('writes a Mermaid state diagram whose ids no task name can break', () => {
    const flow = parseFlowRequest(
      {
        id: 'f',
        name: 'F',
        start_task: 'a: "x"',
        tasks: [
          { name: 'a: "x"', task_type: 'noop' },
          { name: 'b;c', task_type: 'noop' },
        ],
        conditions: [],
      },
      defaultRegistry(),
    ).flow;
    expect(toMermaid(flowGraph(flow))).toBe(
      [
        'stateDiagram-v2',
        '  t0: a#58; #34;x#34; (noop)',
        '  t1: b#59;c (noop)',
        '  [*] --> t0',
        '  t0 --> t1: success',
        '  t1 --> [*]: success',
        '',
      ].join('\n'),
    );
    expect(mermaidText('ok name_1.2 (x)')).toBe('ok name_1.2 (x)');
    expect(mermaidText('a\nb')).toBe('a#10;b');
  });
});

describe('an execution on its graph', () => {
  const flow = parsed('failure-recovery.json');
  const record = (seq: number, task: string, status: 'SUCCEEDED' | 'FAILED', next: StepRecord['next']): StepRecord => ({
    seq,
    task_name: task,
    task_type: 'x',
    status,
    attempt: 1,
    started_at: '',
    completed_at: '',
    duration_ms: 1,
    next,
  });
  const steps = [
    record(1, 'fetch', 'SUCCEEDED', { type: 'run', task: 'process', seq: 2, via: 'condition' }),
    record(2, 'process', 'FAILED', { type: 'run', task: 'notify_failure', seq: 3, via: 'condition' }),
    record(3, 'notify_failure', 'SUCCEEDED', { type: 'finish', status: 'SUCCEEDED', via: 'condition' }),
  ];
  const progress = (status: 'SUCCEEDED' | 'FAILED') => ({
    status,
    attempts: 1,
    last_seq: 1,
    last_attempt: 1,
    started_at: '',
    completed_at: '',
    duration_ms: 1,
  });
  const execution = {
    status: 'SUCCEEDED',
    steps_recorded: 3,
    attempts: 0,
    progress: new Map([
      ['fetch', progress('SUCCEEDED')],
      ['process', progress('FAILED')],
      ['notify_failure', progress('SUCCEEDED')],
    ]),
  } as unknown as Execution;

  it('colours every task by what happened to it and marks the edges taken', () => {
    const path = executionPath(execution, flow, steps, false);
    expect(Object.fromEntries(path.states)).toEqual({
      fetch: 'succeeded',
      process: 'failed',
      store: 'not_reached',
      notify_failure: 'succeeded',
    });
    const text = toMermaid(flowGraph(flow), path);
    expect(text).toContain('  t0 --> t1: success ✔\n');
    expect(text).toContain('  t1 --> t3: failure ✔\n');
    expect(text).toContain('  t1 --> t2: success\n');
    expect(text).toContain('  t3 --> [*]: success ✔\n');
    expect(text).toContain('  t3 --> Failed: failure\n');
    expect(text).toContain('  class t0,t3 succeeded\n');
    expect(text).toContain('  class t1 failed\n');
    expect(text).toContain('  class t2 not_reached\n');
    expect(text).toMatch(/classDef failed fill:#fbdcdc/);
  });

  it('counts an edge taken again and again (a retry loop)', () => {
    const retried = [1, 2, 3].map((seq) =>
      record(seq, 'fetch', 'FAILED', {
        type: 'run',
        task: 'fetch',
        seq: seq + 1,
        via: 'retry',
        retries: [seq],
        delay_seconds: 1,
      }),
    );
    const looping = parseFlowRequest(
      {
        id: 'f',
        name: 'F',
        start_task: 'fetch',
        tasks: [{ name: 'fetch', task_type: 'flaky', retry: [{ error_equals: ['States.ALL'], max_attempts: 5 }] }],
        conditions: [],
      },
      defaultRegistry(),
    ).flow;
    const text = toMermaid(
      flowGraph(looping),
      executionPath({ ...execution, status: 'RUNNING', progress: new Map() }, looping, retried, true),
    );
    expect(text).toContain('  t0 --> t0: retry States.ALL ×5 ✔ ×3\n');
    expect(text).toContain('%% only the first steps');
  });

  it('counts a choice edge by its rule index', () => {
    const choosing = parsed('order-flow.json');
    const ran = [record(1, 'charge', 'SUCCEEDED', { type: 'run', task: 'review', seq: 2, via: 'choice', rule: 0 })];
    const path = executionPath({ ...execution, status: 'RUNNING', progress: new Map() }, choosing, ran, false);
    const taken = flowGraph(choosing)
      .edges.filter((e) => timesTaken(path, e) > 0)
      .map((e) => [e.from, e.kind, e.to]);
    expect(taken).toEqual([['charge', 'choice', 'review']]);
  });

  it('counts a failure that a condition sends to end on the edge drawn into fail', () => {
    const ran = [
      record(1, 'fetch', 'FAILED', {
        type: 'finish',
        status: 'FAILED',
        failed_task: 'fetch',
        error: 'x',
        reason: 'States.TaskFailed',
      }),
    ];
    const path = executionPath({ ...execution, status: 'FAILED', progress: new Map() }, flow, ran, false);
    const taken = flowGraph(flow)
      .edges.filter((e) => timesTaken(path, e) > 0)
      .map((e) => [e.from, e.kind, e.to]);
    expect(taken).toEqual([['fetch', 'failure', FAIL_NODE]]);
  });
});
