import fc from 'fast-check';
import { childExecutionId, childPlace } from '../../src/engine/fan-out/child-execution-id';

const callerId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

describe('a child execution’s id', () => {
  it('is the parent id, the fan-out’s step number and the index', () => {
    expect(childExecutionId('order-42', 7, 0)).toBe('order-42.7.0');
    expect(childPlace('order-42.7.0')).toEqual({ parentId: 'order-42', fanOutSeq: 7, index: 0 });
  });

  it('nests: a child of a child names the whole path, and reads back its own parent', () => {
    const nested = childExecutionId(childExecutionId(childExecutionId('order-42', 7, 3), 2, 0), 1, 12);
    expect(nested).toBe('order-42.7.3.2.0.1.12');
    expect(childPlace(nested)).toEqual({ parentId: 'order-42.7.3.2.0', fanOutSeq: 1, index: 12 });
    expect(childPlace('order-42.7.3.2.0')).toEqual({ parentId: 'order-42.7.3', fanOutSeq: 2, index: 0 });
  });

  it('is never an id a caller can choose, so no caller can take a child’s place', () => {
    fc.assert(fc.property(callerId, (id) => expect(childPlace(id)).toBeUndefined()));
    fc.assert(
      fc.property(callerId, fc.integer({ min: 1, max: 25_000 }), fc.nat({ max: 1_000_000 }), (parent, seq, index) => {
        expect(/^[A-Za-z0-9_-]+$/.test(childExecutionId(parent, seq, index))).toBe(false);
      }),
    );
  });

  it('is one id per (parent, fan-out, index), and reads back what made it', () => {
    fc.assert(
      fc.property(
        callerId,
        fc.integer({ min: 1, max: 25_000 }),
        fc.nat({ max: 1_000_000 }),
        callerId,
        fc.integer({ min: 1, max: 25_000 }),
        fc.nat({ max: 1_000_000 }),
        (p1, s1, i1, p2, s2, i2) => {
          expect(childPlace(childExecutionId(p1, s1, i1))).toEqual({ parentId: p1, fanOutSeq: s1, index: i1 });
          const same = p1 === p2 && s1 === s2 && i1 === i2;
          expect(childExecutionId(p1, s1, i1) === childExecutionId(p2, s2, i2)).toBe(same);
        },
      ),
    );
  });

  it('refuses what cannot place a child, and reads nothing from ids that are not children', () => {
    expect(() => childExecutionId('', 1, 0)).toThrow(RangeError);
    expect(() => childExecutionId('p.', 1, 0)).toThrow(/not an execution id/);
    expect(() => childExecutionId('a b', 1, 0)).toThrow(/not an execution id/);
    expect(childExecutionId('p.1.0', 2, 3)).toBe('p.1.0.2.3');
    expect(() => childExecutionId('p', 0, 0)).toThrow(/>= 1/);
    expect(() => childExecutionId('p', 1, -1)).toThrow(/>= 0/);
    expect(() => childExecutionId('p', 1, 0.5)).toThrow(RangeError);
    for (const id of ['p.0.1', 'p.1.01', 'p.1', '.1.2', 'p.1.2.', 'p..1.2'])
      expect([id, childPlace(id)]).toEqual([id, undefined]);
  });
});
