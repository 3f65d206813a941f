import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { outcomeLine } from '../../src/cli/output-lines';
import type { ExecutionView } from '../../src/cli/api-client';
import { nextTransition } from '../../src/engine/next-transition';
import { executionPath, timesTaken } from '../../src/graph/execution-path';
import { flowGraph } from '../../src/graph/flow-graph';
import { toMermaid } from '../../src/graph/mermaid';
import { resumePoint } from '../../src/service/redrive-plan';
import { completionMessage } from '../../src/views/execution-view';
import { headEvents, stepEvents } from '../../src/views/history-view';
import { stoppedStep } from '../../src/views/task-progress';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/** The issue's flow: `charge` (flaky, retried, caught to `cleanup`); `cleanup`'s condition sends both outcomes to `fail`. */
const flow: FlowDefinition = {
  id: 'f',
  name: 'F',
  start_task: 'charge',
  max_steps: 100,
  tasks: [
    {
      name: 'charge',
      task_type: 'flaky',
      parameters: {},
      timeout_seconds: 9,
      retry: [{ error_equals: ['States.ALL'], interval_seconds: 1, max_attempts: 2, backoff_rate: 2 }],
      catch: [{ error_equals: ['States.ALL'], next: 'cleanup' }],
    },
    { name: 'cleanup', task_type: 'noop', parameters: {}, timeout_seconds: 9 },
    { name: 'settle', task_type: 'wait', parameters: { seconds: 60 }, timeout_seconds: 9 },
  ] as FlowDefinition['tasks'],
  conditions: [
    {
      name: 'cleanup-routing',
      source_task: 'cleanup',
      outcome: 'success',
      target_task_success: 'fail',
      target_task_failure: 'fail',
    },
  ],
};

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'e1',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'h',
    status: 'FAILED',
    created_at: iso(0),
    started_at: iso(0),
    attempts: 0,
    steps_recorded: 4,
    max_steps: 100,
    state: { input: {}, results: new Map() },
    progress: new Map(),
    ...partial,
  };
}

const record = (
  seq: number,
  task: string,
  status: StepRecord['status'],
  next: StepRecord['next'],
  extra: Partial<StepRecord> = {},
): StepRecord => ({
  seq,
  task_name: task,
  task_type: 'noop',
  status,
  attempt: 1,
  started_at: iso(seq * 1000),
  completed_at: iso(seq * 1000 + 10),
  duration_ms: 10,
  next,
  ...extra,
});

describe('an execution that a condition routed to fail', () => {
  const ended = nextTransition(flow, 4, { task: 'cleanup', outcome: 'success' });

  it('ends FAILED naming the condition and the fail target, blaming no task', () => {
    expect(ended).toEqual({
      type: 'finish',
      status: 'FAILED',
      via: 'fail',
      reason: 'States.Fail',
      error: "ended in 'fail' by condition 'cleanup-routing' after task 'cleanup'",
      fail_route: { after_task: 'cleanup', by: 'condition', condition: 'cleanup-routing' },
    });
    expect(ended).not.toHaveProperty('failed_task');
  });

  it('words the end the same in the API message and the CLI outcome line', () => {
    const failed = head({
      fail_route: { after_task: 'cleanup', by: 'condition', condition: 'cleanup-routing' },
      error: 'card declined',
      reason: 'States.Fail',
    });
    expect(completionMessage(failed)).toBe(
      "Flow 'F' ended in 'fail' by condition 'cleanup-routing' after task 'cleanup': card declined. Executed 4 task(s).",
    );
    const view = {
      status: 'FAILED',
      execution_id: 'e1',
      created_at: iso(0),
      started_at: iso(0),
      completed_at: iso(5000),
      steps_executed: 4,
      failed_task: null,
      fail_route: failed.fail_route,
      error: "ended in 'fail' by condition 'cleanup-routing' after task 'cleanup'",
      error_code: 'States.Fail',
    } as unknown as ExecutionView;
    expect(outcomeLine(view)).toBe(
      "FAILED, ended in 'fail' by condition 'cleanup-routing' after task 'cleanup' [States.Fail] (4 step(s) in 5.0 s, execution e1)",
    );
  });

  it('names a catcher that routed to fail, and keeps the caught error', () => {
    const caught = {
      ...flow,
      tasks: [
        { ...flow.tasks[0]!, retry: [], catch: [{ error_equals: ['States.ALL'], next: 'fail' }] },
        ...flow.tasks.slice(1),
      ],
    };
    expect(
      nextTransition(caught, 1, { task: 'charge', outcome: 'failure', error: 'boom', error_code: 'ConnectionTimeout' }),
    ).toMatchObject({
      error: 'boom',
      reason: 'ConnectionTimeout',
      fail_route: { after_task: 'charge', by: 'catch', rule: 0 },
    });
  });

  it('counts the edge to fail by the outcome taken: success twice, failure never (graph and Mermaid)', () => {
    const steps = [
      record(1, 'charge', 'FAILED', { type: 'run', task: 'charge', seq: 2, via: 'retry', rule: 0 }),
      record(2, 'charge', 'FAILED', { type: 'run', task: 'cleanup', seq: 3, via: 'catch', rule: 0 }),
      record(3, 'cleanup', 'SUCCEEDED', {
        type: 'finish',
        status: 'FAILED',
        via: 'fail',
        fail_route: { after_task: 'cleanup', by: 'condition', condition: 'cleanup-routing' },
      }),
      // The same end once more, as a second run of cleanup would leave it.
      record(4, 'cleanup', 'SUCCEEDED', {
        type: 'finish',
        status: 'FAILED',
        via: 'fail',
        fail_route: { after_task: 'cleanup', by: 'condition', condition: 'cleanup-routing' },
      }),
    ];
    const graph = flowGraph(flow);
    const path = executionPath(head(), flow, steps, false);
    const toFail = graph.edges.filter((e) => e.from === 'cleanup');
    expect(toFail.map((e) => [e.kind, timesTaken(path, e)])).toEqual([
      ['success', 2],
      ['failure', 0],
    ]);
    const mermaid = toMermaid(graph, path);
    expect(mermaid).toContain('t1 --> Failed: success ✔ ×2\n');
    expect(mermaid).toContain('t1 --> Failed: failure\n');
  });
});

describe('a redrive of a stopped execution', () => {
  const waiting = head({
    status: 'ABORTED',
    steps_recorded: 2,
    completed_at: iso(9000),
    reason: 'Operator',
    error: 'by hand',
    cursor: { seq: 3, task: 'settle', timeout_seconds: 9, due_at: iso(60_000), wait_started_at: iso(5000) },
  });

  it('closes a wait the stop interrupted with a record, so the wait stays in the history', () => {
    expect(resumePoint(waiting, flow)).toEqual({
      cursor: { seq: 4, task: 'settle', timeout_seconds: 9 },
      stepsRecorded: 3,
      interrupted: { seq: 3, task: 'settle' },
    });
  });

  it('keeps the stop event after the redrive: the first step it ran tells it, before ExecutionRedriven', () => {
    const resumed = record(
      4,
      'settle',
      'SUCCEEDED',
      { type: 'finish', status: 'SUCCEEDED' },
      {
        redrive: {
          at: iso(20_000),
          seq: 4,
          count: 1,
          from_status: 'ABORTED',
          from_error: 'Operator',
          from_at: iso(9000),
          from_cause: 'by hand',
        },
      },
    );
    const events = stepEvents(resumed, flow);
    expect(events.slice(0, 3).map((e) => [e.id, e.type])).toEqual([
      [39, 'ExecutionAborted'],
      [40, 'ExecutionRedriven'],
      [42, 'WaitStarted'],
    ]);
    expect(events[0]).toMatchObject({ time: iso(9000), detail: { error_code: 'Operator', error: 'by hand' } });
    // Until that step is recorded, the head tells the same events.
    const running = head({
      status: 'RUNNING',
      steps_recorded: 3,
      redrive_count: 1,
      redrive: {
        at: iso(20_000),
        seq: 4,
        from_status: 'ABORTED',
        from_error: 'Operator',
        from_at: iso(9000),
        from_cause: 'by hand',
      },
    });
    expect(headEvents(running).map((e) => [e.id, e.type])).toEqual([
      [39, 'ExecutionAborted'],
      [40, 'ExecutionRedriven'],
    ]);
  });
});

describe('a stopped execution shows where it was', () => {
  it('in the history: the wait that had started, then the stop', () => {
    const stopped = head({
      status: 'ABORTED',
      steps_recorded: 2,
      completed_at: iso(9000),
      reason: 'Operator',
      cursor: { seq: 3, task: 'settle', timeout_seconds: 9, due_at: iso(60_000), wait_started_at: iso(5000) },
    });
    expect(headEvents(stopped, flow).map((e) => [e.id, e.type, e.task])).toEqual([
      [31, 'WaitStarted', 'settle'],
      [39, 'ExecutionAborted', undefined],
    ]);
  });

  it('in the history: the task an attempt was running', () => {
    const stopped = head({
      status: 'TIMED_OUT',
      steps_recorded: 0,
      completed_at: iso(9000),
      attempts: 2,
      cursor: { seq: 1, task: 'charge', timeout_seconds: 9 },
      claim: { token: 't', claimed_at: iso(3000), lease_expires_at: T0 + 1e9 },
    });
    expect(headEvents(stopped, flow)).toEqual([
      {
        id: 11,
        type: 'TaskStarted',
        time: iso(3000),
        task: 'charge',
        step: 1,
        detail: { task_type: 'flaky', attempt: 2 },
      },
      { id: 19, type: 'ExecutionTimedOut', time: iso(9000), detail: {} },
    ]);
  });

  it('in the graph: the task it stopped at is marked stopped, not "not reached"', () => {
    const stopped = head({
      status: 'ABORTED',
      steps_recorded: 2,
      completed_at: iso(9000),
      cursor: { seq: 3, task: 'settle', timeout_seconds: 9, wait_started_at: iso(5000) },
    });
    expect(stoppedStep(stopped)).toEqual({
      seq: 3,
      task: 'settle',
      state: 'waiting',
      started_at: iso(5000),
      stopped_at: iso(9000),
    });
    const path = executionPath(stopped, flow, [], false);
    expect(path.states.get('settle')).toBe('stopped');
    expect(toMermaid(flowGraph(flow), path)).toMatch(/class t2 stopped\n/);
    // A step that recorded its result late, or an execution that never started, was not stopped mid-step.
    expect(stoppedStep({ ...stopped, steps_recorded: 3 })).toBeUndefined();
    expect(stoppedStep({ ...stopped, started_at: undefined })).toBeUndefined();
  });
});
