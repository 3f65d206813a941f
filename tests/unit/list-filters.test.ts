import { DomainError } from '../../src/domain/errors';
import { ListQuerySchema } from '../../src/http/list-query';
import { filterCondition, keyCondition } from '../../src/storage/dynamo/list-conditions';
import { filterDigest, keyRange } from '../../src/storage/list-plan';
import { decodeListToken, encodeListToken } from '../../src/storage/list-token';
import { TABLE } from '../../src/storage/table-schema';

const T1 = '2026-01-31T12:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';
const KEY = `2026-01-31T18:00:00.000Z#abc`;

describe('the created-time range of a list page', () => {
  it('bounds created_key from `started_after` (inclusive) and below `started_before` (exclusive)', () => {
    expect(keyRange({}, undefined)).toEqual({});
    expect(keyRange({ createdFrom: T1 }, undefined)).toEqual({ from: T1 });
    expect(keyRange({ createdBefore: T2 }, undefined)).toEqual({ below: `${T2}#` });
    // Keys of the instant itself: in for the lower bound, out for the upper.
    expect(`${T1}#x` >= T1).toBe(true);
    expect(`${T2}#x` < `${T2}#`).toBe(false);
    expect(`2026-01-31T23:59:59.999Z#zz` < `${T2}#`).toBe(true);
  });

  it('takes the lower of the previous page’s boundary and `started_before`', () => {
    expect(keyRange({ createdBefore: T2 }, KEY)).toEqual({ below: KEY });
    expect(keyRange({ createdBefore: T1 }, KEY)).toEqual({ below: `${T1}#` });
    expect(keyRange({ createdFrom: T1, createdBefore: T2 }, KEY)).toEqual({ from: T1, below: KEY });
  });

  it('is empty when nothing can be below the upper bound and at or above the lower one', () => {
    expect(keyRange({ createdFrom: T2 }, KEY)).toBeUndefined();
    expect(keyRange({ createdFrom: T1, createdBefore: T1 }, undefined)).toEqual({ from: T1, below: `${T1}#` });
  });
});

describe('key and filter conditions', () => {
  const index = TABLE.indexes.byCreated;

  it('uses one sort key condition: <, >=, or BETWEEN with the exclusive end dropped', () => {
    expect(keyCondition(index, 'EXECUTIONS#3', {})).toEqual({
      expression: '#pk = :pk',
      names: { '#pk': 'list_pk' },
      values: { ':pk': 'EXECUTIONS#3' },
    });
    expect(keyCondition(index, 'p', { below: KEY })).toMatchObject({
      expression: '#pk = :pk AND #sk < :below',
      values: { ':below': KEY },
    });
    expect(keyCondition(index, 'p', { from: T1 })).toMatchObject({
      expression: '#pk = :pk AND #sk >= :from',
      names: { '#sk': 'created_key' },
    });
    expect(keyCondition(index, 'p', { from: T1, below: KEY })).toMatchObject({
      expression: '#pk = :pk AND #sk BETWEEN :from AND :below',
      values: { ':from': T1, ':below': KEY },
      dropKey: KEY,
    });
  });

  it('filters on status and the name prefix (name is a reserved word), or not at all', () => {
    expect(filterCondition({})).toBeUndefined();
    expect(filterCondition({ status: 'FAILED', namePrefix: 'order-' })).toEqual({
      expression: '#status = :status AND begins_with(#name, :namePrefix)',
      names: { '#status': 'status', '#name': 'name' },
      values: { ':status': 'FAILED', ':namePrefix': 'order-' },
    });
  });
});

describe('paging tokens are bound to their filters', () => {
  const scope = { index: 'by_created', value: 'EXECUTIONS', filters: filterDigest({ namePrefix: 'a' }) };

  it('digests only the filters beyond the index value, and nothing when there are none', () => {
    expect(filterDigest({})).toBeUndefined();
    const digests = [
      filterDigest({ namePrefix: 'a' }),
      filterDigest({ namePrefix: 'b' }),
      filterDigest({ status: 'FAILED' }),
      filterDigest({ createdFrom: T1 }),
      filterDigest({ createdBefore: T1 }),
      filterDigest({ namePrefix: 'a', createdFrom: T1 }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
    expect(filterDigest({ namePrefix: 'a' })).toBe(digests[0]);
  });

  it('accepts a token for its own listing and refuses it for any other', () => {
    const token = encodeListToken(scope, KEY);
    expect(decodeListToken(token, scope)).toBe(KEY);
    for (const other of [
      { ...scope, filters: filterDigest({ namePrefix: 'b' }) },
      { ...scope, filters: undefined },
      { ...scope, value: 'FAILED' },
      { ...scope, index: 'by_status' },
    ]) {
      expect(() => decodeListToken(token, other)).toThrow(DomainError);
    }
    // A token without filters (as earlier versions wrote them) is still one of an unfiltered listing.
    const plain = { index: 'by_created', value: 'EXECUTIONS' };
    expect(decodeListToken(encodeListToken(plain, KEY), plain)).toBe(KEY);
  });
});

describe('the list route’s query parameters', () => {
  const parse = (query: Record<string, string>) => ListQuerySchema.safeParse(query);
  const problems = (query: Record<string, string>) =>
    parse(query).error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('turns the instants into stored form and keeps the prefix as given', () => {
    expect(
      parse({ name_prefix: ' order ', started_after: '2026-01-31T14:00:00+02:00', started_before: '2026-02-01' }).data,
    ).toMatchObject({
      name_prefix: ' order ',
      started_after: T1,
      started_before: T2,
    });
  });

  it('names the parameter of each bad value', () => {
    expect(problems({ started_after: 'soon' })).toEqual([
      ['started_after', expect.stringContaining('started_after must be an ISO 8601')],
    ]);
    expect(problems({ started_before: '2026-02-30' })).toEqual([
      ['started_before', expect.stringContaining('started_before must be an ISO 8601')],
    ]);
    expect(problems({ name_prefix: '\u202e' })).toEqual([
      ['name_prefix', 'name_prefix must not contain a bidirectional control character (U+202E at index 0)'],
    ]);
    expect(problems({ name_prefix: 'a', colour: 'red' })).toEqual([['', expect.stringContaining('colour')]]);
  });

  it('refuses a range that ends before it starts; an empty one (after = before) is a valid, empty range', () => {
    expect(problems({ started_after: T2, started_before: T1 })).toEqual([
      ['started_after', 'started_after must not be later than started_before'],
    ]);
    expect(parse({ started_after: T1, started_before: T1 }).success).toBe(true);
  });
});
