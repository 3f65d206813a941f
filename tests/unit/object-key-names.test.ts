import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { progressAfter, stateAfter } from '../../src/engine/record-step';
import { flowStatusView } from '../../src/views/flow-status-view';

/** Task names that are also members of every JavaScript object. */
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype'];

const step = (seq: number, task_name: string): StepRecord => ({
  seq,
  task_name,
  task_type: 'noop',
  status: 'SUCCEEDED',
  attempt: 1,
  started_at: '2026-01-01T00:00:00.000Z',
  completed_at: '2026-01-01T00:00:01.000Z',
  duration_ms: 1000,
  output: { ran: task_name },
  next: { type: 'finish', status: 'SUCCEEDED' },
});

/** The head after each named task ran once, in order: built by the engine's own state functions. */
function record(names: string[]): Execution {
  let execution: Execution = {
    execution_id: 'e1',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'h',
    status: 'SUCCEEDED',
    created_at: '2026-01-01T00:00:00.000Z',
    attempts: 0,
    steps_recorded: 0,
    max_steps: 100,
    state: { input: {}, results: new Map() },
    progress: new Map(),
  };
  names.forEach((name, i) => {
    const s = step(i + 1, name);
    execution = {
      ...execution,
      steps_recorded: i + 1,
      state: stateAfter(execution.state, s),
      progress: progressAfter(execution.progress, s),
    };
  });
  return execution;
}

describe('task names that are JavaScript object keys', () => {
  it('are keys like any other in the /flow status document, in its JSON too', () => {
    const view = flowStatusView(record(NAMES));
    const json = JSON.parse(JSON.stringify(view)) as {
      task_results: Record<string, { task_name: string; data: unknown }>;
    };
    expect(Object.keys(json.task_results)).toEqual(NAMES);
    for (const name of NAMES) {
      expect(Object.hasOwn(json.task_results, name)).toBe(true);
      expect(json.task_results[name]).toMatchObject({ task_name: name, status: 'SUCCESS', data: { ran: name } });
    }
    expect(view.completed_tasks).toEqual(NAMES);
  });

  it('give the same document as ordinary names, name for name', () => {
    const ordinary = NAMES.map((_, i) => `task${i + 1}`);
    const rename = (text: string) =>
      NAMES.reduce((out, name, i) => out.split(`"${name}"`).join(`"${ordinary[i]}"`), text);
    expect(rename(JSON.stringify(flowStatusView(record(NAMES))))).toBe(
      JSON.stringify(flowStatusView(record(ordinary))),
    );
  });
});
