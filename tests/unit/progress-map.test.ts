import type { TaskProgress } from '../../src/domain/execution/execution';
import { decodeProgress, encodeProgress, withProgress } from '../../src/domain/execution/progress-map';

const at = (ms: number) => new Date(Date.parse('2026-12-05T10:00:00.000Z') + ms).toISOString();
const entry = (seq: number, extra: Partial<TaskProgress> = {}): TaskProgress => ({
  status: 'SUCCEEDED',
  attempts: 1,
  last_seq: seq,
  last_attempt: 1,
  started_at: at(seq * 10),
  completed_at: at(seq * 10 + 3),
  duration_ms: 3,
  ...extra,
});

const plain = new Map<string, TaskProgress>([
  ['fetch', entry(1)],
  ['__proto__', entry(2, { status: 'FAILED', error_code: 'timeout', error: 'too slow', truncated: true })],
  ['odd times', entry(3, { started_at: 'not a time', completed_at: '2026-12-05T10:00:00Z' })],
]);

describe('per-task progress as read from the head', () => {
  it('reads back every entry as it was written, in order, whatever was read first', () => {
    const read = decodeProgress(encodeProgress(plain));
    expect(read.get('odd times')).toEqual(plain.get('odd times'));
    expect([...read]).toEqual([...plain]);
    expect([...read.keys()]).toEqual(['fetch', '__proto__', 'odd times']);
    expect([...read.values()]).toEqual([...plain.values()]);
    expect(read.size).toBe(3);
    expect(read.has('__proto__')).toBe(true);
    expect(read.has('constructor')).toBe(false);
    expect(read.get('constructor')).toBeUndefined();
    const seen: string[] = [];
    read.forEach((p, task) => seen.push(`${task}:${p.last_seq}`));
    expect(seen).toEqual(['fetch:1', '__proto__:2', 'odd times:3']);
  });

  it('stores again exactly what it read, entries read or not', () => {
    const json = encodeProgress(plain);
    const read = decodeProgress(json);
    expect(encodeProgress(read)).toBe(json);
    read.get('fetch');
    expect(encodeProgress(decodeProgress(json))).toBe(json);
  });

  it('replaces one entry and moves it last in a new map, leaving the one it was read from as it was', () => {
    const read = decodeProgress(encodeProgress(plain));
    const next = withProgress(read, 'fetch', entry(4, { attempts: 2 }));
    expect([...next.keys()]).toEqual(['__proto__', 'odd times', 'fetch']);
    expect(next.get('fetch')).toMatchObject({ last_seq: 4, attempts: 2 });
    expect(read.get('fetch')).toEqual(entry(1));
    const expected = new Map(plain);
    expected.delete('fetch');
    expected.set('fetch', entry(4, { attempts: 2 }));
    expect(encodeProgress(next)).toBe(encodeProgress(expected));
    expect(withProgress(plain, 'new', entry(5)).get('new')).toEqual(entry(5));
  });

  it('reads heads written before the tuple form, which hold the named objects', () => {
    const older = JSON.stringify([['fetch', entry(1)]]);
    expect([...decodeProgress(older)]).toEqual([['fetch', entry(1)]]);
    expect(decodeProgress(undefined).size).toBe(0);
  });
});
