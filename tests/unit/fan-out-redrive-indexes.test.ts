import { countsAfterRedrive, indexesToRerun } from '../../src/engine/fan-out/redrive-indexes';

describe('which children a redrive runs again', () => {
  it('reruns every index whose child did not succeed: failed, timed out, aborted, still unended', () => {
    const children = [
      { index: 0, end: 'SUCCEEDED' as const },
      { index: 1, end: 'FAILED' as const },
      { index: 2, end: 'TIMED_OUT' as const },
      { index: 3, end: 'ABORTED' as const },
      { index: 4 },
      { index: 5, end: 'SUCCEEDED' as const },
    ];
    expect(indexesToRerun(children, 0, 6)).toEqual([1, 2, 3, 4]);
  });

  it('reruns an index no child was started for (a fan-out stopped before it got there)', () => {
    expect(indexesToRerun([{ index: 10, end: 'SUCCEEDED' }], 10, 14)).toEqual([11, 12, 13]);
  });

  it('in pages: each page answers for its own range only, in order whatever order the children came in', () => {
    expect(
      indexesToRerun(
        [
          { index: 101, end: 'SUCCEEDED' },
          { index: 100, end: 'FAILED' },
        ],
        100,
        103,
      ),
    ).toEqual([100, 102]);
  });

  it('reruns nothing when every child succeeded, and everything when none did', () => {
    expect(
      indexesToRerun(
        [0, 1, 2].map((index) => ({ index, end: 'SUCCEEDED' as const })),
        0,
        3,
      ),
    ).toEqual([]);
    expect(indexesToRerun([], 0, 3)).toEqual([0, 1, 2]);
    expect(indexesToRerun([], 0, 0)).toEqual([]);
  });

  it('refuses a child outside the page, listed twice, or a range that is not one', () => {
    expect(() => indexesToRerun([{ index: 3 }], 0, 3)).toThrow(/outside \[0, 3\)/);
    expect(() => indexesToRerun([{ index: 1 }, { index: 1, end: 'SUCCEEDED' }], 0, 3)).toThrow(/listed twice/);
    expect(() => indexesToRerun([], 3, 2)).toThrow(RangeError);
    expect(() => indexesToRerun([], -1, 2)).toThrow(RangeError);
  });

  it('keeps the succeeded children counted and clears the failed and aborted ones', () => {
    expect(countsAfterRedrive({ total: 10, succeeded: 7, failed: 2, aborted: 1 })).toEqual({
      total: 10,
      succeeded: 7,
      failed: 0,
      aborted: 0,
    });
  });
});
