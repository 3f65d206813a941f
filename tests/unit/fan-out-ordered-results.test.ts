import fc from 'fast-check';
import { ErrorCode } from '../../src/domain/error-codes';
import { failedItemOutput, gatherInOrder } from '../../src/engine/fan-out/ordered-results';

describe('a fan-out’s result in index order', () => {
  it('places each output at its index whatever order the pages and children came in', () => {
    const pages = [
      [{ index: 2, output: 'c' }],
      [
        { index: 0, output: { a: 1 } },
        { index: 1, output: [1] },
      ],
    ];
    expect(gatherInOrder(3, pages, 1000)).toEqual({
      ok: true,
      output: [{ a: 1 }, [1], 'c'],
      bytes: JSON.stringify([{ a: 1 }, [1], 'c']).length,
    });
  });

  it('gives [] for no children and a one-element array for one', () => {
    expect(gatherInOrder(0, [], 1000)).toEqual({ ok: true, output: [], bytes: 2 });
    expect(gatherInOrder(1, [[{ index: 0, output: 7 }]], 1000)).toEqual({ ok: true, output: [7], bytes: 3 });
  });

  it('keeps a child that handed on nothing as null', () => {
    expect(
      gatherInOrder(
        2,
        [
          [
            { index: 0, output: undefined },
            { index: 1, output: null },
          ],
        ],
        1000,
      ),
    ).toMatchObject({ ok: true, output: [null, null] });
  });

  it('counts bytes as the JSON array, multi-byte characters included, and accepts a result of exactly the limit', () => {
    const pages = [
      [
        { index: 0, output: 'é' },
        { index: 1, output: '€' },
      ],
    ];
    const exact = Buffer.byteLength(JSON.stringify(['é', '€']), 'utf8');
    expect(gatherInOrder(2, pages, exact)).toEqual({ ok: true, output: ['é', '€'], bytes: exact });
    expect(gatherInOrder(2, pages, exact - 1)).toMatchObject({ ok: false, error_code: ErrorCode.DataLimitExceeded });
  });

  it('fails with States.DataLimitExceeded at the page that crosses the limit, without reading further pages', () => {
    let read = 0;
    function* pages() {
      for (let page = 0; page < 10; page++) {
        read++;
        yield [{ index: page, output: 'x'.repeat(100) }];
      }
    }
    // `[`, `]` and 9 commas, then 102 bytes per output: 317 after three pages, 419 after four.
    const gathered = gatherInOrder(10, pages(), 350);
    expect(gathered).toEqual({
      ok: false,
      error_code: ErrorCode.DataLimitExceeded,
      error: "the children's outputs together are over 350 bytes, the limit of a state's result",
    });
    expect(read).toBe(4);
  });

  it('puts a tolerated failed item’s error object in its place', () => {
    const gathered = gatherInOrder(
      2,
      [
        [
          { index: 1, output: failedItemOutput('Boom', 'broke') },
          { index: 0, output: 1 },
        ],
      ],
      1000,
    );
    expect(gathered).toMatchObject({ ok: true, output: [1, { error: 'Boom', cause: 'broke' }] });
    expect(failedItemOutput('Boom')).toEqual({ error: 'Boom' });
  });

  it('refuses an index outside the fan-out, an index twice, and a missing index', () => {
    expect(() => gatherInOrder(2, [[{ index: 2, output: 1 }]], 1000)).toThrow(/outside 0..1/);
    expect(() => gatherInOrder(2, [[{ index: 0, output: 1 }], [{ index: 0, output: 1 }]], 1000)).toThrow(/came twice/);
    expect(() =>
      gatherInOrder(
        3,
        [
          [
            { index: 0, output: 1 },
            { index: 2, output: 1 },
          ],
        ],
        1000,
      ),
    ).toThrow(/index 1 has no output/);
  });

  it('gives the same array, and its exact JSON size, for any arrival order and any paging', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 40 }).chain((outputs) =>
          fc.tuple(
            fc.constant(outputs),
            fc.shuffledSubarray(
              outputs.map((_, i) => i),
              { minLength: outputs.length },
            ),
            fc.integer({ min: 1, max: 7 }),
          ),
        ),
        ([outputs, order, pageSize]) => {
          const arrivals = order.map((index) => ({ index, output: outputs[index] }));
          const pages = Array.from({ length: Math.ceil(arrivals.length / pageSize) }, (_, p) =>
            arrivals.slice(p * pageSize, (p + 1) * pageSize),
          );
          const gathered = gatherInOrder(outputs.length, pages, Number.MAX_SAFE_INTEGER);
          expect(gathered).toEqual({
            ok: true,
            output: outputs,
            bytes: Buffer.byteLength(JSON.stringify(outputs), 'utf8'),
          });
        },
      ),
    );
  });
});
