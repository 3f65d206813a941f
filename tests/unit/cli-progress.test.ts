import { chainLength, planOf } from '../../src/cli/flow-length';
import { bar, ProgressRenderer } from '../../src/cli/progress';
import type { ExecutionView } from '../../src/cli/api-client';
import type { HistoryEvent } from '../../src/views/history-view';
import { cond, flowDef, sampleFlow } from '../support/flows';

/** A stream that keeps what was written; a terminal when `isTTY`. */
const stream = (isTTY: boolean, columns = 100) => {
  const written: string[] = [];
  return { written, text: () => written.join(''), write: (text: string) => written.push(text), isTTY, columns };
};

const view = (partial: Partial<ExecutionView>) =>
  ({ status: 'RUNNING', steps_executed: 0, max_steps: 100, current_task: null, ...partial }) as ExecutionView;

const stepEvents = (
  step: number,
  task: string,
  outcome: 'TaskSucceeded' | 'TaskFailed',
  detail: Record<string, unknown> = {},
): HistoryEvent[] => [
  { id: step * 10 + 1, type: 'TaskStarted', time: 't', task, step, detail: { task_type: 'noop', attempt: 1 } },
  { id: step * 10 + 2, type: outcome, time: 't', task, step, detail: { duration_ms: 12, ...detail } },
];

describe('how long a flow is, before it runs', () => {
  it('counts the tasks of a chain: list order, or conditions that lead to one task whatever the outcome', () => {
    expect(chainLength(flowDef({ tasks: ['a', 'b', 'c'] }))).toBe(3);
    expect(
      chainLength(
        flowDef({
          tasks: ['a', 'b', 'c'],
          conditions: [cond('a', 'success', 'b', 'end'), cond('b', 'success', 'c', 'fail')],
        }),
      ),
    ).toBe(3);
    expect(chainLength(flowDef({ tasks: ['a', 'b', 'c'], conditions: [cond('a', 'success', 'c', 'end')] }))).toBe(2);
    expect(planOf(sampleFlow('classic-pipeline.json'))).toEqual({ steps: 3, taskNames: ['task1', 'task2', 'task3'] });
    // A task named `end`, reached in list order, is a step.
    expect(planOf(sampleFlow('print-and-wait.json')).steps).toBe(3);
    // A start on a test case plans the same steps: the test case is the stack's to read.
    expect(
      planOf({ ...sampleFlow('order-notify.asl.json'), state_machine_name: 'order-notify', test_case: 'T' }),
    ).toEqual({
      // Its catcher may end it early: the length is not known.
      steps: undefined,
      taskNames: ['Save order', 'Read it back', 'Notify customer', 'Already placed'],
    });
  });

  it('is unknown for branches, loops and retries, and never more than max_steps', () => {
    expect(
      chainLength(flowDef({ tasks: ['a', 'b', 'c'], conditions: [cond('a', 'success', 'b', 'c')] })),
    ).toBeUndefined();
    expect(chainLength(flowDef({ tasks: ['a', 'b'], conditions: [cond('b', 'success', 'a', 'end')] }))).toBeUndefined();
    const retrying = flowDef({
      tasks: [
        {
          name: 'a',
          task_type: 'noop',
          parameters: {},
          timeout_seconds: 30,
          retry: [
            { error_equals: ['States.ALL'], interval_seconds: 1, max_attempts: 2, backoff_rate: 2, jitter: 'NONE' },
          ],
        },
        'b',
      ],
    });
    expect(chainLength(retrying)).toBeUndefined();
    expect(planOf(sampleFlow('failure-recovery.json')).steps).toBeUndefined();
    expect(chainLength(flowDef({ tasks: ['a', 'b', 'c'], max_steps: 2 }))).toBe(2);
    expect(planOf({ not: 'a flow' })).toEqual({ taskNames: [] });
  });
});

describe('progress', () => {
  it('prints one line per finished step, with its error code and routing, and no status line off a terminal', () => {
    const out = stream(false);
    const progress = new ProgressRenderer(out, 3, ['fetch', 'store']);
    progress.events(stepEvents(1, 'fetch', 'TaskSucceeded'));
    progress.update(view({ steps_executed: 1, current_task: 'store' }));
    progress.events([
      ...stepEvents(2, 'store', 'TaskFailed', { error_code: 'ConnectionTimeout', error: 'Connection timeout' }),
      {
        id: 23,
        type: 'RetryScheduled',
        time: 't',
        task: 'store',
        step: 2,
        detail: { retrier: 0, retries: 1, delay_seconds: 2, next_step: 3 },
      },
    ]);
    progress.finish('FAILED');
    expect(out.text()).toBe(
      [
        '  1  fetch     SUCCEEDED     12 ms',
        '  2  store     FAILED        12 ms  ConnectionTimeout: Connection timeout  -> retry 1 in 2 s (step 3)',
        'FAILED',
        '',
      ].join('\n'),
    );
  });

  it('draws a bar of steps on a terminal, redrawn in place and cleared before each line', () => {
    const out = stream(true);
    const progress = new ProgressRenderer(out, 4);
    progress.update(view({ steps_executed: 1, current_task: 'b' }));
    expect(out.written.at(-1)).toBe('[######------------------] 1/4 steps  running b');
    progress.events(stepEvents(2, 'b', 'TaskSucceeded'));
    expect(out.written.slice(-2)).toEqual(['\r\x1b[2K', '  2  b         SUCCEEDED     12 ms\n']);
    progress.update(view({ steps_executed: 2, current_task: 'c' }));
    expect(out.written.slice(-2)).toEqual([
      '  2  b         SUCCEEDED     12 ms\n',
      '[############------------] 2/4 steps  running c',
    ]);
    progress.finish('SUCCEEDED');
    expect(out.written.slice(-2)).toEqual(['\r\x1b[2K', 'SUCCEEDED\n']);
  });

  it('counts steps against max_steps when the length is unknown, and shows a wait', () => {
    const out = stream(true);
    const progress = new ProgressRenderer(out);
    progress.events([
      {
        id: 21,
        type: 'WaitStarted',
        time: 't',
        task: 'pause',
        step: 2,
        detail: { due_at: '2030-01-01T00:00:00.000Z' },
      },
    ]);
    progress.update(view({ steps_executed: 1, current_task: 'pause', max_steps: 50 }));
    expect(out.text()).toBe('step 2 (at most 50)  running pause, waiting until 2030-01-01T00:00:00.000Z');
  });

  it('keeps the status line within the terminal width', () => {
    const out = stream(true, 20);
    new ProgressRenderer(out, 2).update(view({ current_task: 'a-task-with-a-long-name' }));
    expect(out.text()).toHaveLength(19);
  });

  it('fills the bar in proportion, never past full', () => {
    expect(bar(0, 3)).toBe(`[${'-'.repeat(24)}]`);
    expect(bar(3, 3)).toBe(`[${'#'.repeat(24)}]`);
    expect(bar(5, 3)).toBe(`[${'#'.repeat(24)}]`);
  });
});
