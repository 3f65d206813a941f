import type { Execution } from '../../src/domain/execution/execution';
import { decodeState, encodeState, executionOutput } from '../../src/domain/execution/execution-state';
import type { TaskDefinition } from '../../src/domain/flow/flow-definition';
import { settleStep, type StepRun } from '../../src/engine/settle-step';
import { afterSuccess } from '../../src/service/step-data';
import { executionView } from '../../src/views/execution-view';
import { stepEvents } from '../../src/views/history-view';
import { finalLines, jsonLines, statusLines } from '../../src/cli/output-lines';
import type { ExecutionView } from '../../src/cli/api-client';
import { flowDef } from '../support/flows';

/** The last task shapes what it hands on with an `output` template: the execution's output. */
const shaping: TaskDefinition = {
  name: 'total',
  task_type: 'noop',
  parameters: {},
  timeout_seconds: 30,
  output: { sum: '{% $states.result.a + $states.result.b %}', order: '{% $states.input.order %}' },
};
const flow = flowDef({ tasks: ['first', shaping] });
const catching = flowDef({
  tasks: [
    {
      name: 'only',
      task_type: 'noop',
      parameters: {},
      timeout_seconds: 30,
      catch: [{ error_equals: ['States.ALL'], next: 'end' }],
    },
  ],
});

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'e',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'output-test',
    status: 'RUNNING',
    created_at: '2026-01-01T00:00:00.000Z',
    cursor: { seq: 2, task: 'total', timeout_seconds: 30 },
    attempts: 1,
    steps_recorded: 1,
    max_steps: 100,
    state: { input: { order: 'A-7' }, results: new Map([['first', { order: 'A-7' }]]), data: { order: 'A-7' } },
    progress: new Map(),
    ...partial,
  };
}

const run = (result: StepRun['result'], partial: Partial<StepRun> = {}): StepRun => ({
  seq: 2,
  task: 'total',
  taskType: 'noop',
  attempt: 1,
  startedAt: new Date('2026-01-01T00:00:01Z'),
  completedAt: new Date('2026-01-01T00:00:02Z'),
  result,
  ...partial,
});

/** What the finishing commit stores (the state as the head keeps it), read back, with the status it wrote. */
function finished(
  before: Execution,
  stepRun: StepRun,
  flowDefinition = flow,
): { execution: Execution; step: ReturnType<typeof settleStep>['step'] } {
  const settled = settleStep(flowDefinition, before, stepRun);
  if (settled.transition.type !== 'finish') throw new Error('expected the step to finish the execution');
  const { cursor: _cursor, ...rest } = before;
  const execution: Execution = {
    ...rest,
    status: settled.transition.status,
    steps_recorded: stepRun.seq,
    completed_at: settled.step.completed_at,
    state: decodeState(encodeState(settled.state)),
    progress: settled.progress,
  };
  return { execution, step: settled.step };
}

const detail = (execution: Execution) => ({ execution, flow, page: { steps: [] } });

describe("an execution's output", () => {
  it("is the last task's handed-on value after its output template, kept by the finishing commit", async () => {
    const before = head();
    const raw = { a: 2, b: 3, noise: 'x'.repeat(50) };
    const after = await afterSuccess(
      { execution: before, task: shaping, enteredAt: new Date('2026-01-01T00:00:01Z') },
      before.definition_hash,
      raw,
    );
    if (!after.ok) throw new Error('the output template failed');
    const { execution, step } = finished(
      before,
      run({ status: 'success', output: raw }, { handedOn: after.value.handedOn }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    // The step record keeps the task's own result; the execution hands out the shaped value.
    expect(step.output).toEqual(raw);
    const view = executionView(detail(execution));
    expect(view.input).toEqual({ order: 'A-7' });
    expect(view.output).toEqual({ sum: 5, order: 'A-7' });
  });

  it('is the task result itself when the last task has no output template, and null when it handed on null', () => {
    const { execution } = finished(head(), run({ status: 'success', output: { plain: true } }));
    expect(executionOutput(execution)).toEqual({ plain: true });
    const nothing = finished(head(), run({ status: 'success' }));
    expect(executionView(detail(nothing.execution)).output).toBeNull();
  });

  it('is the caught error when a catcher routes a failure to the end (as a Step Functions Catch to a Succeed state)', () => {
    const before = head({ cursor: { seq: 1, task: 'only', timeout_seconds: 30 }, steps_recorded: 0 });
    const { execution } = finished(
      before,
      run({ status: 'failure', error_code: 'Boom', error: 'it broke' }, { seq: 1, task: 'only' }),
      catching,
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(executionOutput(execution)).toEqual({ error: 'Boom', cause: 'it broke' });
  });

  it('is null while the execution runs, though the head already holds data to hand on', () => {
    const running = head();
    expect(running.state.data).toEqual({ order: 'A-7' });
    expect(executionView(detail(running)).output).toBeNull();
    expect(executionView(detail(head({ status: 'PENDING' }))).output).toBeNull();
  });

  it('is null after a failure, a stop or a timeout, whatever the head holds', () => {
    const { execution } = finished(head(), run({ status: 'failure', error_code: 'Boom', error: 'it broke' }));
    expect(execution.status).toBe('FAILED');
    // The head keeps the input the task failed on (a redrive runs it again on it), and shows no output.
    expect(execution.state.data).toEqual({ order: 'A-7' });
    expect(executionView(detail(execution)).output).toBeNull();
    for (const status of ['ABORTED', 'TIMED_OUT', 'CANCELLED'] as const)
      expect(executionOutput(head({ status }))).toBeNull();
  });
});

describe('the ExecutionSucceeded event', () => {
  it("carries the execution's output; ExecutionFailed carries none", () => {
    const { execution, step } = finished(
      head(),
      run({ status: 'success', output: { a: 1, b: 1 } }, { handedOn: { sum: 2 } }),
    );
    const events = stepEvents(step, flow, executionOutput(execution));
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', step: 2, detail: { output: { sum: 2 } } });
    // A step that did not end the execution tells no output, even if one is passed.
    const notLast = stepEvents({ ...step, next: { type: 'run', task: 'total', seq: 3, via: 'next_task' } }, flow, {
      sum: 2,
    });
    expect(notLast.map((e) => e.type)).toEqual(['TaskStarted', 'TaskSucceeded']);
    const failed = finished(head(), run({ status: 'failure', error_code: 'Boom', error: 'it broke' }));
    const failedEvent = stepEvents(failed.step, flow, executionOutput(failed.execution)).at(-1)!;
    expect(failedEvent.type).toBe('ExecutionFailed');
    expect(failedEvent.detail).not.toHaveProperty('output');
  });
});

describe('the command line', () => {
  const base = (execution: Execution): ExecutionView => executionView(detail(execution));

  it('status prints the input, and the output once the execution SUCCEEDED', () => {
    const { execution } = finished(head(), run({ status: 'success' }, { handedOn: { sum: 5 } }));
    const lines = statusLines(base(execution));
    expect(lines.slice(-2)).toEqual(['input: {"order":"A-7"}', 'output: {"sum":5}']);
    const running = statusLines(base(head()));
    expect(running.at(-1)).toBe('input: {"order":"A-7"}');
    expect(running.join('\n')).not.toMatch(/^output:/m);
  });

  it('run prints the output before its final status line, which stays last; a failure prints none', () => {
    const { execution } = finished(head(), run({ status: 'success' }, { handedOn: { sum: 5 } }));
    const lines = finalLines(base(execution));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('output: {"sum":5}');
    expect(lines[1]).toMatch(/^SUCCEEDED \(2 step\(s\) in 2\.0 s, execution e\)$/);
    const failed = finished(head(), run({ status: 'failure', error_code: 'Boom', error: 'it broke' }));
    expect(finalLines(base(failed.execution))).toEqual([expect.stringMatching(/^FAILED/)]);
  });

  it('prints a long value indented below its label, one member per line', () => {
    const value = { items: Array.from({ length: 30 }, (_, i) => i), label: 'long enough to leave the line' };
    expect(jsonLines('output', { short: 1 })).toEqual(['output: {"short":1}']);
    const lines = jsonLines('output', value);
    expect(lines[0]).toBe('output:');
    expect(lines.slice(1).join('\n')).toBe(JSON.stringify(value, null, 2).replace(/^/gm, '  '));
    expect(jsonLines('output', null)).toEqual(['output: null']);
  });
});
