import { ErrorCode } from '../../src/domain/error-codes';
import { joinDecision } from '../../src/engine/fan-out/join-decision';

const counts = (total: number, succeeded = 0, failed = 0, aborted = 0) => ({ total, succeeded, failed, aborted });
const boom = { index: 2, error: 'Boom', cause: 'item 2 broke' };
const parallel = { kind: 'parallel' } as const;
const map = { kind: 'map' } as const;

describe('the join decision of a fan-out', () => {
  it('keeps running until every child ended, then succeeds', () => {
    expect(joinDecision(counts(3, 2), parallel)).toEqual({ status: 'running' });
    expect(joinDecision(counts(3, 3), parallel)).toEqual({ status: 'succeeded' });
    expect(joinDecision(counts(3, 2), map)).toEqual({ status: 'running' });
    expect(joinDecision(counts(3, 3), map)).toEqual({ status: 'succeeded' });
  });

  it('succeeds at once for a map over no items, and waits for a single item', () => {
    expect(joinDecision(counts(0), map)).toEqual({ status: 'succeeded' });
    expect(joinDecision(counts(1), map)).toEqual({ status: 'running' });
    expect(joinDecision(counts(1, 1), map)).toEqual({ status: 'succeeded' });
  });

  it('fails a parallel on its first failed branch, with that branch’s error, without waiting for the others', () => {
    expect(joinDecision(counts(3, 0, 1), parallel, boom)).toEqual({
      status: 'failed',
      index: 2,
      error: 'Boom',
      cause: 'item 2 broke',
    });
    expect(joinDecision(counts(3, 1, 2), parallel, { index: 0, error: 'First' })).toEqual({
      status: 'failed',
      index: 0,
      error: 'First',
    });
  });

  it('fails a map without tolerated failures on its first failed item, with that item’s error', () => {
    expect(joinDecision(counts(100, 10, 1), map, boom)).toEqual({
      status: 'failed',
      index: 2,
      error: 'Boom',
      cause: 'item 2 broke',
    });
    expect(joinDecision(counts(100, 10, 1), { kind: 'map', tolerance: {} }, boom)).toMatchObject({
      status: 'failed',
      error: 'Boom',
    });
  });

  it('fails a fan-out whose child was aborted on its own, like a failed child', () => {
    expect(joinDecision(counts(2, 1, 0, 1), parallel, { index: 1, error: ErrorCode.Aborted })).toEqual({
      status: 'failed',
      index: 1,
      error: ErrorCode.Aborted,
    });
  });

  it('tolerates failures up to a map’s threshold, succeeding once every item ended', () => {
    const tolerant = { kind: 'map', tolerance: { count: 2 } } as const;
    expect(joinDecision(counts(10, 5, 2), tolerant, boom)).toEqual({ status: 'running' });
    expect(joinDecision(counts(10, 8, 2), tolerant, boom)).toEqual({ status: 'succeeded' });
    expect(joinDecision(counts(10, 7, 2, 1), tolerant, boom)).toMatchObject({
      status: 'failed',
      error: ErrorCode.ExceedToleratedFailureThreshold,
    });
  });

  it('fails with States.ExceedToleratedFailureThreshold once a threshold is exceeded, not merely met, naming no child', () => {
    const tenPercent = { kind: 'map', tolerance: { percentage: 10 } } as const;
    expect(joinDecision(counts(20, 3, 2), tenPercent, boom)).toEqual({ status: 'running' });
    const exceeded = joinDecision(counts(20, 3, 3), tenPercent, boom);
    expect(exceeded).toEqual({
      status: 'failed',
      error: ErrorCode.ExceedToleratedFailureThreshold,
      cause: '3 of 20 items failed; the map tolerates 2',
    });
    expect(exceeded).not.toHaveProperty('index');
  });

  it('fails a map with a threshold of 0 by the threshold error on its first failure', () => {
    expect(joinDecision(counts(5, 0, 1), { kind: 'map', tolerance: { count: 0 } }, boom)).toMatchObject({
      status: 'failed',
      error: ErrorCode.ExceedToleratedFailureThreshold,
    });
  });

  it('fails when every item fails, and succeeds then only at 100 %', () => {
    expect(joinDecision(counts(4, 0, 4), map, boom)).toMatchObject({ status: 'failed', error: 'Boom' });
    expect(joinDecision(counts(4, 0, 4), { kind: 'map', tolerance: { percentage: 99 } }, boom)).toMatchObject({
      error: ErrorCode.ExceedToleratedFailureThreshold,
    });
    expect(joinDecision(counts(4, 0, 4), { kind: 'map', tolerance: { percentage: 100 } }, boom)).toEqual({
      status: 'succeeded',
    });
  });

  it('fails a parallel on a failed branch even when the others succeeded', () => {
    expect(joinDecision(counts(3, 2, 1), parallel, boom)).toMatchObject({ status: 'failed', error: 'Boom' });
  });

  it('refuses counts that cannot be, and a failure without the child that failed', () => {
    expect(() => joinDecision(counts(3, 2, 2), map)).toThrow(/4 ended children of 3/);
    expect(() => joinDecision(counts(3, -1), map)).toThrow(RangeError);
    expect(() => joinDecision(counts(3, 1.5), map)).toThrow(RangeError);
    expect(() => joinDecision(counts(3, 0, 1), parallel)).toThrow(/which child failed first/);
  });
});
