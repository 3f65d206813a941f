import type { Execution, TaskProgress } from '../../src/domain/execution/execution';
import {
  decodeProgress,
  decodeState,
  encodeProgress,
  encodeState,
  resultsRecord,
  stateBytes,
  truncateUtf8,
} from '../../src/domain/execution/execution-state';
import { LIMITS } from '../../src/domain/limits';
import { settleStep, type StepRun } from '../../src/engine/settle-step';
import { cond, flowDef } from '../support/flows';

const flow = flowDef({ tasks: ['a', 'b', 'handler'], conditions: [cond('a', 'success', 'b', 'handler')] });

function head(partial: Partial<Execution> = {}): Execution {
  return {
    execution_id: 'e',
    flow_id: 'f',
    flow_name: 'F',
    definition_hash: 'h',
    status: 'RUNNING',
    created_at: 'x',
    cursor: { seq: 1, task: 'a', timeout_seconds: 30 },
    attempts: 1,
    steps_recorded: 0,
    max_steps: 100,
    state: { input: { order: 7 }, results: new Map() },
    progress: new Map(),
    ...partial,
  };
}

const run = (result: StepRun['result'], partial: Partial<StepRun> = {}): StepRun => ({
  seq: 1,
  task: 'a',
  taskType: 'noop',
  attempt: 1,
  startedAt: new Date('2026-01-01T00:00:00Z'),
  completedAt: new Date('2026-01-01T00:00:01.500Z'),
  result,
  ...partial,
});

describe('settleStep', () => {
  it('records the result, routes it, and keeps the output as the task latest result', () => {
    const settled = settleStep(flow, head(), run({ status: 'success', output: { id: 1 }, message: 'ok' }));
    expect(settled.transition).toEqual({ type: 'run', task: 'b', seq: 2, via: 'condition' });
    expect(settled.step).toMatchObject({
      seq: 1,
      task_name: 'a',
      status: 'SUCCEEDED',
      duration_ms: 1500,
      output: { id: 1 },
      message: 'ok',
    });
    expect([...settled.state.results]).toEqual([['a', { id: 1 }]]);
    expect(settled.progress.get('a')).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 1,
      last_seq: 1,
      duration_ms: 1500,
    });
  });

  it('moves a task that runs again to the end of the results (latest run last) and adds up its attempts', () => {
    const before = head({
      state: {
        input: {},
        results: new Map<string, unknown>([
          ['a', 1],
          ['b', 2],
        ]),
      },
      progress: new Map([
        [
          'a',
          {
            status: 'FAILED',
            attempts: 2,
            last_seq: 1,
            last_attempt: 2,
            started_at: 'x',
            completed_at: 'y',
            duration_ms: 1,
          } as const,
        ],
      ]),
    });
    const settled = settleStep(flow, before, run({ status: 'success', output: 3 }, { seq: 3, attempt: 3 }));
    expect([...settled.state.results]).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    expect(settled.progress.get('a')).toMatchObject({ attempts: 5, last_seq: 3, last_attempt: 3 });
  });

  it('fails a step with States.DataLimitExceeded when its output would push the state past the limit, and routes the failure', () => {
    const big = 'x'.repeat(LIMITS.maxStateBytes);
    const settled = settleStep(flow, head(), run({ status: 'success', output: { big } }));
    expect(settled.step).toMatchObject({ status: 'FAILED', error_code: 'States.DataLimitExceeded' });
    expect(settled.step.error).toMatch(/the limit is 262144 bytes/);
    expect(settled.step.output).toBeUndefined();
    expect(settled.state.results.size).toBe(0);
    expect(settled.transition).toEqual({ type: 'run', task: 'handler', seq: 2, via: 'condition' });
    expect(stateBytes(settled.state, settled.progress)).toBeLessThan(LIMITS.maxStateBytes);
  });

  it('cuts error and message to their limits and says so, and fails the execution with the step error code', () => {
    const lone = flowDef({ tasks: ['a'] });
    const settled = settleStep(
      lone,
      head(),
      run({ status: 'failure', error: 'é'.repeat(10_000), error_code: 'Custom.Code' }),
    );
    expect(Buffer.byteLength(settled.step.error!, 'utf8')).toBeLessThanOrEqual(LIMITS.maxErrorBytes);
    expect(settled.step.truncated).toBe(true);
    expect(settled.step.error!.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(settled.progress.get('a')!.error!, 'utf8')).toBeLessThanOrEqual(
      LIMITS.maxSummaryErrorBytes,
    );
    expect(settled.transition).toMatchObject({
      type: 'finish',
      status: 'FAILED',
      failed_task: 'a',
      reason: 'Custom.Code',
    });
  });
});

describe('execution state encoding', () => {
  it('round-trips results and progress in run order, whatever the task names', () => {
    const results = new Map<string, unknown>([
      ['__proto__', { a: 1 }],
      ['2', 'two'],
      ['constructor', null],
      ['1', 'one'],
    ]);
    const state = { input: { k: 'v' }, results };
    const back = decodeState(encodeState(state));
    expect([...back.results]).toEqual([...results]);
    const progress = new Map([
      [
        'hasOwnProperty',
        {
          status: 'SUCCEEDED',
          attempts: 1,
          last_seq: 1,
          last_attempt: 1,
          started_at: 'a',
          completed_at: 'b',
          duration_ms: 0,
        } as const,
      ],
    ]);
    expect([...decodeProgress(encodeProgress(progress))]).toEqual([...progress]);
  });

  it('stores progress as compact tuples that read back exactly, times, errors and all', () => {
    const progress = new Map<string, TaskProgress>([
      [
        'fetch',
        {
          status: 'SUCCEEDED',
          attempts: 1,
          last_seq: 1,
          last_attempt: 1,
          started_at: '2026-12-02T14:00:04.123Z',
          completed_at: '2026-12-02T14:00:04.158Z',
          duration_ms: 31,
          message: 'fetched',
        },
      ],
      [
        'charge',
        {
          status: 'FAILED',
          attempts: 3,
          last_seq: 4,
          last_attempt: 3,
          started_at: '2026-12-02T14:00:05.000Z',
          completed_at: '2026-12-02T14:00:06.500Z',
          duration_ms: 1499,
          error_code: 'PaymentDeclined',
          error: 'declined',
          truncated: true,
        },
      ],
    ]);
    const json = encodeProgress(progress);
    expect([...decodeProgress(json)]).toEqual([...progress]);
    const named = JSON.stringify([...progress]);
    expect(Buffer.byteLength(json)).toBeLessThan(Buffer.byteLength(named) * 0.6);
    // A head written by the earlier release holds named objects: it still reads the same.
    expect([...decodeProgress(named)]).toEqual([...progress]);
  });

  it('gives tasks a prototype-free results record', () => {
    const record = resultsRecord(new Map<string, unknown>([['__proto__', { polluted: true }]]));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(record.__proto__).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('truncates on a character boundary', () => {
    expect(truncateUtf8('abc', 10)).toEqual({ text: 'abc', truncated: false });
    const cut = truncateUtf8('😀😀😀😀', 9);
    expect(cut.truncated).toBe(true);
    expect(cut.text).toBe('😀…');
  });
});

describe('data between steps', () => {
  it('keeps the variables and hands the output on through a later success with an output of its own', () => {
    const withVariables = head({
      state: { input: {}, results: new Map(), data: { a: 1 }, variables: new Map([['order_id', 'A-1']]) },
    });
    const settled = settleStep(flow, withVariables, run({ status: 'success', output: { shipped: true } }));
    expect(settled.state.variables).toEqual(new Map([['order_id', 'A-1']]));
    expect(settled.state.data).toEqual({ shipped: true });
  });
});
