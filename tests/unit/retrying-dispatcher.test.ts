import { backoffMs, isTransient, RetryingDispatcher } from '../../src/dispatch/retrying-dispatcher';
import type { StepMessage } from '../../src/domain/execution/step-message';

const message: StepMessage = { execution_id: 'e', seq: 1, task: 'a', timeout_seconds: 30 };
const throttled = () =>
  Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });

function flaky(failures: unknown[]) {
  const calls: number[] = [];
  return {
    calls,
    dispatcher: {
      async dispatch() {
        calls.push(calls.length + 1);
        const failure = failures.shift();
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the SDK throws is not always an Error: each case says
        if (failure) throw failure;
      },
    },
  };
}

describe('RetryingDispatcher', () => {
  it('retries throttling, 5xx and network errors with capped, jittered backoff, then succeeds', async () => {
    const inner = flaky([
      throttled(),
      Object.assign(new Error('x'), { $fault: 'server', $metadata: { httpStatusCode: 503 } }),
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    ]);
    const waits: number[] = [];
    const d = new RetryingDispatcher(
      inner.dispatcher,
      { attempts: 5, baseDelayMs: 100, maxDelayMs: 250 },
      async (ms) => void waits.push(ms),
      () => 0.999,
    );
    await d.dispatch(message);
    expect(inner.calls).toHaveLength(4);
    expect(waits).toEqual([99, 199, 249]);
  });

  it('gives up after its attempts, and at once on an error retrying cannot help', async () => {
    const always = flaky(Array.from({ length: 10 }, throttled));
    const d = new RetryingDispatcher(
      always.dispatcher,
      { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      async () => undefined,
    );
    await expect(d.dispatch(message)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(always.calls).toHaveLength(3);
    const denied = flaky([
      Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }),
    ]);
    await expect(new RetryingDispatcher(denied.dispatcher).dispatch(message)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(denied.calls).toHaveLength(1);
  });

  it('classifies errors and draws full-jitter delays under the cap', () => {
    expect(isTransient(throttled())).toBe(true);
    expect(
      isTransient(
        Object.assign(new Error(), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }),
      ),
    ).toBe(false);
    const policy = { attempts: 9, baseDelayMs: 50, maxDelayMs: 1000 };
    expect(backoffMs(1, policy, () => 0)).toBe(0);
    expect(backoffMs(3, policy, () => 0.5)).toBe(100);
    expect(backoffMs(8, policy, () => 0.999)).toBe(999);
  });
});
