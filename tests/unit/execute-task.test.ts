import { z } from 'zod';
import { executeTask, type TaskInvocation } from '../../src/service/execute-task';
import { defineTask } from '../../src/tasks/task-type';
import fetchData from '../../src/tasks/types/fetch_data';

const ctx: TaskInvocation = {
  input: {},
  results: {},
  attempt: 1,
  taskRuns: 1,
  executionId: 'e',
  taskName: 't',
  seq: 1,
  idempotencyKey: 'e:t:1',
  logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() },
};
const task = (run: () => Promise<unknown>) =>
  defineTask({ type: 'probe', description: '', parameters: z.strictObject({}), run: run as never });

describe('executeTask', () => {
  it('fails a task that runs past its timeout with error code timeout, and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const slow = defineTask({
      type: 'slow',
      description: '',
      parameters: z.strictObject({}),
      run: async (c) => {
        signal = c.signal;
        await new Promise((r) => setTimeout(r, 2000));
        return { status: 'success' };
      },
    });
    const result = await executeTask(slow, ctx, {}, 0.05);
    expect(result).toEqual({ status: 'failure', error: 'task timed out after 0.05 s', error_code: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('lets a sample task stop its simulated delay early when it times out', async () => {
    const started = Date.now();
    const result = await executeTask(fetchData, ctx, { delay_ms: 10_000 }, 0.1);
    expect(result.error_code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('turns a throw into a failure with its message', async () => {
    expect(
      await executeTask(
        task(async () => {
          throw new Error('kaput');
        }),
        ctx,
        {},
        5,
      ),
    ).toEqual({ status: 'failure', error: 'kaput' });
  });

  it('rejects a malformed result and an output that cannot be stored as JSON', async () => {
    expect(
      (
        await executeTask(
          task(async () => ({ status: 'maybe' })),
          ctx,
          {},
          5,
        )
      ).error,
    ).toMatch(/no valid status/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(
      (
        await executeTask(
          task(async () => ({ status: 'success', output: cyclic })),
          ctx,
          {},
          5,
        )
      ).error,
    ).toMatch(/not JSON-serialisable/);
  });

  it(`fails an output above 64 KB with error code output_too_large, and accepts one just under`, async () => {
    const big = await executeTask(
      task(async () => ({ status: 'success', output: { blob: 'x'.repeat(64 * 1024) } })),
      ctx,
      {},
      5,
    );
    expect(big).toMatchObject({ status: 'failure', error_code: 'output_too_large' });
    const fits = await executeTask(
      task(async () => ({ status: 'success', output: { blob: 'x'.repeat(60 * 1024) } })),
      ctx,
      {},
      5,
    );
    expect(fits.status).toBe('success');
  });

  it('fails when stored parameters no longer match the schema', async () => {
    expect((await executeTask(fetchData, ctx, { delay_ms: 'x' }, 5)).error).toMatch(
      /parameters no longer match task type 'fetch_data'/,
    );
  });
});
