import { type Retrier, RETRY_DEFAULTS } from '../../src/domain/flow/error-handling';
import { catcherFor, errorName, matches, retrierFor } from '../../src/engine/error-matching';
import { nextTransition } from '../../src/engine/next-transition';
import { retryDelaySeconds } from '../../src/engine/retry-policy';
import { flowDef } from '../support/flows';

const retrier = (partial: Partial<Retrier> = {}): Retrier => ({
  error_equals: ['States.ALL'],
  ...RETRY_DEFAULTS,
  ...partial,
});

describe('error names and matching', () => {
  it('names a failure by its own code, a timeout States.Timeout, anything else States.TaskFailed', () => {
    expect(errorName(undefined)).toBe('States.TaskFailed');
    expect(errorName('timeout')).toBe('States.Timeout');
    expect(errorName('ConnectionTimeout')).toBe('ConnectionTimeout');
  });

  it('matches by name, States.ALL anything, States.TaskFailed anything but a timeout', () => {
    expect(matches(['ConnectionTimeout'], 'ConnectionTimeout')).toBe(true);
    expect(matches(['ConnectionTimeout'], 'PaymentDeclined')).toBe(false);
    expect(matches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(matches(['States.TaskFailed'], 'PaymentDeclined')).toBe(true);
    expect(matches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
  });

  it('matches a task timeout by the code its step records, timeout, as well as by States.Timeout', () => {
    expect(matches(['timeout'], errorName('timeout'))).toBe(true);
    expect(matches(['States.Timeout'], errorName('timeout'))).toBe(true);
    expect(matches(['timeout'], errorName('ConnectionTimeout'))).toBe(false);
    expect(matches(['timeout'], errorName(undefined))).toBe(false);
    const flow = flowDef({
      tasks: [
        {
          name: 'slow',
          task_type: 'noop',
          parameters: {},
          timeout_seconds: 1,
          retry: [retrier({ error_equals: ['timeout'], max_attempts: 1 })],
          catch: [{ error_equals: ['timeout'], next: 'cleanup' }],
        },
        'cleanup',
      ] as never,
    });
    expect(nextTransition(flow, 1, { task: 'slow', outcome: 'failure', error_code: 'timeout' })).toMatchObject({
      type: 'run',
      task: 'slow',
      via: 'retry',
      rule: 0,
    });
    expect(
      nextTransition(flow, 2, { task: 'slow', outcome: 'failure', error_code: 'timeout', retries: [1] }),
    ).toMatchObject({ type: 'run', task: 'cleanup', via: 'catch' });
  });

  it('takes the first matching retrier and catcher, in order', () => {
    const retriers = [
      retrier({ error_equals: ['A'] }),
      retrier({ error_equals: ['States.TaskFailed'] }),
      retrier({ error_equals: ['States.ALL'] }),
    ];
    expect(retrierFor(retriers, 'A')).toBe(0);
    expect(retrierFor(retriers, 'B')).toBe(1);
    expect(retrierFor(retriers, 'States.Timeout')).toBe(2);
    expect(retrierFor([retrier({ error_equals: ['A'] })], 'B')).toBe(-1);
    const catchers = [
      { error_equals: ['A'], next: 'x' },
      { error_equals: ['States.ALL'], next: 'y' },
    ];
    expect(catcherFor(catchers, 'A')?.next).toBe('x');
    expect(catcherFor(catchers, 'Z')?.next).toBe('y');
    expect(catcherFor([], 'Z')).toBeUndefined();
  });
});

describe('retry timing', () => {
  it('backs off exponentially from interval_seconds by backoff_rate', () => {
    const r = retrier({ interval_seconds: 2, backoff_rate: 3 });
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(r, n, 0.5))).toEqual([2, 6, 18, 54]);
  });

  it('caps the delay at max_delay_seconds', () => {
    const r = retrier({ interval_seconds: 1, backoff_rate: 2, max_delay_seconds: 5 });
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(r, n, 0.5))).toEqual([1, 2, 4, 5, 5]);
  });

  it('with FULL jitter waits a random share of the capped delay, never more', () => {
    const r = retrier({ interval_seconds: 4, backoff_rate: 2, max_delay_seconds: 10, jitter: 'FULL' });
    expect(retryDelaySeconds(r, 1, 0)).toBe(0);
    expect(retryDelaySeconds(r, 1, 0.25)).toBe(1);
    expect(retryDelaySeconds(r, 3, 0.999)).toBeCloseTo(9.99, 5);
  });
});

describe('nextTransition with retry, catch, choices and fail', () => {
  const task = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    task_type: 'noop',
    parameters: {},
    timeout_seconds: 30,
    ...extra,
  });

  const flow = flowDef({
    tasks: [
      task('charge', {
        retry: [
          retrier({ error_equals: ['ConnectionTimeout'], max_attempts: 2, interval_seconds: 3 }),
          retrier({ error_equals: ['States.ALL'], max_attempts: 1 }),
        ],
        catch: [
          { error_equals: ['PaymentDeclined'], next: 'notify' },
          { error_equals: ['States.ALL'], next: 'fail' },
        ],
      }),
      task('notify'),
      task('ship'),
    ] as never,
  });

  it('retries with the first matching retrier while it has attempts, counting per retrier', () => {
    expect(nextTransition(flow, 1, { task: 'charge', outcome: 'failure', error_code: 'ConnectionTimeout' })).toEqual({
      type: 'run',
      task: 'charge',
      seq: 2,
      via: 'retry',
      rule: 0,
      retries: [1, 0],
      delay_seconds: 3,
    });
    expect(
      nextTransition(flow, 2, { task: 'charge', outcome: 'failure', error_code: 'ConnectionTimeout', retries: [1, 0] }),
    ).toMatchObject({ retries: [2, 0], delay_seconds: 6 });
    // The first matching retrier is spent: later retriers are not tried for the same error; the catchers are.
    expect(
      nextTransition(flow, 3, { task: 'charge', outcome: 'failure', error_code: 'ConnectionTimeout', retries: [2, 0] }),
    ).toMatchObject({
      type: 'finish',
      status: 'FAILED',
      reason: 'ConnectionTimeout',
      via: 'fail',
    });
    expect(nextTransition(flow, 1, { task: 'charge', outcome: 'failure', error_code: 'Other' })).toMatchObject({
      via: 'retry',
      rule: 1,
      retries: [0, 1],
    });
  });

  it('catches by name once retries are spent, in order', () => {
    const noRetry = flowDef({
      tasks: [
        task('charge', {
          catch: [
            { error_equals: ['PaymentDeclined'], next: 'notify' },
            { error_equals: ['States.ALL'], next: 'end' },
          ],
        }),
        task('notify'),
      ] as never,
    });
    expect(nextTransition(noRetry, 1, { task: 'charge', outcome: 'failure', error_code: 'PaymentDeclined' })).toEqual({
      type: 'run',
      task: 'notify',
      seq: 2,
      via: 'catch',
      rule: 0,
    });
    // A caught failure that ends the execution is handled: SUCCEEDED.
    expect(nextTransition(noRetry, 1, { task: 'charge', outcome: 'failure', error_code: 'X' })).toEqual({
      type: 'finish',
      status: 'SUCCEEDED',
      via: 'catch',
    });
  });

  it('keeps old flows exactly: no retry or catch means the condition or the list order decides', () => {
    const plain = flowDef({ tasks: ['a', 'b'] });
    expect(nextTransition(plain, 1, { task: 'a', outcome: 'failure', error: 'boom' })).toEqual({
      type: 'finish',
      status: 'FAILED',
      failed_task: 'a',
      error: 'boom',
      reason: 'task_failed',
    });
    expect(nextTransition(plain, 1, { task: 'a', outcome: 'success' })).toEqual({
      type: 'run',
      task: 'b',
      seq: 2,
      via: 'next_task',
    });
  });

  it('never retries past max_steps', () => {
    const short = flowDef({ tasks: [task('a', { retry: [retrier()] })] as never, max_steps: 1 });
    expect(nextTransition(short, 1, { task: 'a', outcome: 'failure' })).toMatchObject({
      type: 'finish',
      reason: 'max_steps_exceeded',
    });
  });
});
