import type { CallbackWait } from '../../src/domain/execution/callback-wait';
import type { ExecutionStore } from '../../src/ports/execution-store';
import { claim, createIn } from './store-fixtures';

const at = (ms: number) => new Date(Date.parse('2030-01-01T00:00:00.000Z') + ms).toISOString();
const wait = (token: string, dueMs = 60_000): CallbackWait => ({
  token,
  attempt: 1,
  started_at: at(0),
  timeout_at: at(dueMs),
  due_at: at(dueMs),
});

/**
 * The callback writes of the ExecutionStore port (docs/callbacks.md): the same conditions and
 * answers on DynamoDB Local and in memory. `store` makes a store whose clock-free writes the test
 * times with explicit instants.
 */
export function callbackWritesContract(store: () => ExecutionStore): void {
  /** A running execution whose step 1 is claimed by `token-1` at `at(0)`. */
  async function claimed(s: ExecutionStore) {
    const execution = await createIn(s, 'store-callbacks', at(0), 'RUNNING');
    const id = execution.execution_id;
    expect(await s.claimStep({ ...claim(id), claimedAt: at(0), leaseExpiresAt: Date.parse(at(60_000)) })).toMatchObject(
      { claimed: true },
    );
    return id;
  }

  it('puts a callback step off into the timers index, takes one callback, and refuses the duplicate', async () => {
    const s = store();
    const id = await claimed(s);
    const put = await s.waitForCallback({
      executionId: id,
      claimToken: 'token-1',
      dueAt: at(60_000),
      at: at(1),
      callback: wait('ft1.x.1.1.secret'),
    });
    expect(put).toBe('waiting');
    const head = (await s.loadExecution(id))!;
    expect(head.claim).toBeUndefined();
    expect(head.cursor).toMatchObject({ due_at: at(60_000), callback: { token: 'ft1.x.1.1.secret', waiting: true } });
    const shard = (await Promise.all([...Array(s.shards).keys()].map((i) => s.duePage(i, at(60_000), 100)))).flat();
    expect(shard).toContain(id);

    const write = { executionId: id, seq: 1, token: 'ft1.x.1.1.secret', at: at(2) };
    const taken = await s.completeCallback({ ...write, outcome: { status: 'success', output: { ok: true } } });
    expect(taken).toMatchObject({
      ok: true,
      execution: { cursor: { due_at: at(2), callback: { outcome: { status: 'success', output: { ok: true } } } } },
    });
    // The duplicate meets the taken outcome and changes nothing.
    const again = await s.completeCallback({ ...write, at: at(3), outcome: { status: 'failure', error: 'Late' } });
    expect(again).toMatchObject({ ok: false, execution: { cursor: { callback: { outcome: { status: 'success' } } } } });
    expect((await s.loadExecution(id))!.cursor?.callback?.outcome).toEqual({ status: 'success', output: { ok: true } });
    // The step, now due, is claimed and sees the outcome.
    const next = await s.claimStep({
      ...claim(id, 1, 'a', 'token-2'),
      claimedAt: at(4),
      leaseExpiresAt: Date.parse(at(60_000)),
    });
    expect(next).toMatchObject({
      claimed: true,
      execution: { cursor: { callback: { outcome: { status: 'success' } } } },
    });
  });

  it('refuses a callback with another token, for another step, past its time, or once the execution ended', async () => {
    const s = store();
    const id = await claimed(s);
    await s.waitForCallback({
      executionId: id,
      claimToken: 'token-1',
      dueAt: at(10_000),
      at: at(1),
      callback: wait('t', 10_000),
    });
    const outcome = { status: 'success' as const, output: 1 };
    expect((await s.completeCallback({ executionId: id, seq: 1, token: 'other', at: at(2), outcome })).ok).toBe(false);
    expect((await s.completeCallback({ executionId: id, seq: 2, token: 't', at: at(2), outcome })).ok).toBe(false);
    expect((await s.completeCallback({ executionId: id, seq: 1, token: 't', at: at(10_000), outcome })).ok).toBe(false);
    expect(await s.completeCallback({ executionId: 'no-such', seq: 1, token: 't', at: at(2), outcome })).toEqual({
      ok: false,
    });
    expect((await s.endExecution({ executionId: id, status: 'ABORTED', at: at(3), reason: 'States.Aborted' })).ok).toBe(
      true,
    );
    expect((await s.completeCallback({ executionId: id, seq: 1, token: 't', at: at(4), outcome })).ok).toBe(false);
    expect(
      (
        await s.heartbeatCallback({
          executionId: id,
          seq: 1,
          token: 't',
          at: at(4),
          dueAt: at(9_000),
          cursorDueAt: at(9_000),
        })
      ).ok,
    ).toBe(false);
  });

  it('moves the wait on with a heartbeat', async () => {
    const s = store();
    const id = await claimed(s);
    await s.waitForCallback({
      executionId: id,
      claimToken: 'token-1',
      dueAt: at(5_000),
      at: at(1),
      callback: wait('t', 5_000),
    });
    const beat = await s.heartbeatCallback({
      executionId: id,
      seq: 1,
      token: 't',
      at: at(4_000),
      dueAt: at(9_000),
      cursorDueAt: at(9_000),
    });
    expect(beat).toMatchObject({
      ok: true,
      execution: { cursor: { due_at: at(9_000), callback: { due_at: at(9_000) } } },
    });
    // Not due at the old time any more.
    expect((await s.claimStep({ ...claim(id, 1, 'a', 'token-2'), claimedAt: at(6_000) })).claimed).toBe(false);
  });

  it('keeps a callback that came while the body ran: putting the step off is then refused', async () => {
    const s = store();
    const id = await claimed(s);
    expect(await s.armCallback({ executionId: id, claimToken: 'token-1', callback: wait('t') })).toBe(true);
    const taken = await s.completeCallback({
      executionId: id,
      seq: 1,
      token: 't',
      at: at(1),
      outcome: { status: 'success', output: 2 },
    });
    expect(taken.ok).toBe(true);
    expect(await s.waitForCallback({ executionId: id, claimToken: 'token-1', dueAt: at(60_000), at: at(2) })).toBe(
      'completed',
    );
    expect(await s.waitForCallback({ executionId: id, claimToken: 'stale', dueAt: at(60_000), at: at(2) })).toBe(
      'lost',
    );
    expect(await s.armCallback({ executionId: id, claimToken: 'stale', callback: wait('u') })).toBe(false);
    expect((await s.loadExecution(id))!.claim?.token).toBe('token-1');
  });
}
