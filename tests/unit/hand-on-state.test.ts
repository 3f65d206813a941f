import { StepMessageSchema } from '../../src/domain/execution/step-message';
import type { ExecutionState, TaskProgress } from '../../src/domain/execution/execution';
import { encodeProgress, encodeState } from '../../src/domain/execution/execution-state';
import { handOnState, headFields } from '../../src/storage/hand-on-state';
import { unpackJson } from '../../src/storage/packed-json';

const progress = (n: number) =>
  new Map<string, TaskProgress>(
    Array.from({ length: n }, (_, i) => [
      `task-${i}`,
      {
        status: 'SUCCEEDED' as const,
        attempts: 1,
        last_seq: i + 1,
        last_attempt: 1,
        started_at: '2026-12-05T00:00:00.000Z',
        completed_at: '2026-12-05T00:00:01.000Z',
        duration_ms: 3,
      },
    ]),
  );

describe('the head state a hand-on invoke carries', () => {
  it.each([
    ['small, kept as plain JSON', { input: { k: 1 }, results: new Map() }, 0],
    [
      'large, packed and sent as base64',
      {
        input: { orders: Array.from({ length: 50 }, (_, i) => ({ order: `o-${i}`, qty: i })) },
        results: new Map([['a', [1, 2]]]),
      },
      20,
    ],
  ])('round-trips %s to exactly the attributes the head stores', (_name, state, tasks) => {
    const { wire, bytes } = handOnState(state, progress(tasks));
    // Through the message as the invoke sends it: JSON, validated by the step's schema.
    const message = StepMessageSchema.parse(
      JSON.parse(
        JSON.stringify({
          execution_id: 'e',
          seq: 2,
          task: 'b',
          commit: { seq: 1, claim_token: 't', completed_at: '2026-12-05T00:00:01.000Z', ...wire },
        }),
      ),
    );
    const fields = headFields({ state: message.commit!.state, progress: message.commit!.progress });
    expect(unpackJson(fields.state_json)).toBe(encodeState(state));
    expect(unpackJson(fields.progress_json)).toBe(encodeProgress(progress(tasks)));
    const size = (v: typeof wire.state) => (typeof v === 'string' ? Buffer.byteLength(v) : v.base64.length);
    expect(bytes).toBe(size(wire.state) + size(wire.progress));
    expect(typeof wire.state).toBe(tasks === 0 ? 'string' : 'object');
  });

  it('packs a large state well under the hand-on budget', () => {
    const state: ExecutionState = {
      input: { orders: Array.from({ length: 2000 }, (_, i) => ({ order: `order-${i}`, customer: 'Zoë', total: i })) },
      results: new Map(),
    };
    const { wire, bytes } = handOnState(state, progress(20));
    expect(typeof wire.state).toBe('object');
    expect(bytes).toBeLessThan(Buffer.byteLength(encodeState(state)) / 4);
  });

  it('refuses a carried commit that is not the shape a step hands on', () => {
    const base = { execution_id: 'e', seq: 2, task: 'b' };
    expect(
      StepMessageSchema.safeParse({
        ...base,
        commit: { seq: 1, claim_token: 't', completed_at: '2026-12-05T00:00:01.000Z', state: '{}' },
      }).success,
    ).toBe(false);
    expect(
      StepMessageSchema.safeParse({
        ...base,
        commit: { seq: 1, claim_token: 't', completed_at: 'yesterday', state: '{}', progress: '[]' },
      }).success,
    ).toBe(false);
    expect(
      StepMessageSchema.safeParse({
        ...base,
        commit: { seq: 1, claim_token: 't', completed_at: '2026-12-05T00:00:01.000Z', state: '{}', progress: '[]' },
      }).success,
    ).toBe(true);
    expect(
      StepMessageSchema.safeParse({ ...base, commit: { seq: 0, claim_token: 't', state: '{}', progress: '[]' } })
        .success,
    ).toBe(false);
    expect(
      StepMessageSchema.safeParse({
        ...base,
        commit: { seq: 1, claim_token: 't', state: { base64: 'AA==' }, progress: '[]', extra: 1 },
      }).success,
    ).toBe(false);
  });
});
