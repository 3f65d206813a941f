import { type Retrier, RETRY_DEFAULTS } from '../../src/domain/error-handling';
import { catcherFor, errorName, matches, retrierFor } from '../../src/engine/error-matching';
import { retryDelaySeconds } from '../../src/engine/retry-policy';

const retrier = (partial: Partial<Retrier> = {}): Retrier => ({ error_equals: ['States.ALL'], ...RETRY_DEFAULTS, ...partial });

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

  it('takes the first matching retrier and catcher, in order', () => {
    const retriers = [retrier({ error_equals: ['A'] }), retrier({ error_equals: ['States.TaskFailed'] }), retrier({ error_equals: ['States.ALL'] })];
    expect(retrierFor(retriers, 'A')).toBe(0);
    expect(retrierFor(retriers, 'B')).toBe(1);
    expect(retrierFor(retriers, 'States.Timeout')).toBe(2);
    expect(retrierFor([retrier({ error_equals: ['A'] })], 'B')).toBe(-1);
    const catchers = [{ error_equals: ['A'], next: 'x' }, { error_equals: ['States.ALL'], next: 'y' }];
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
