import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { elapsed, formatDuration as consoleDuration } from '../../src/console/format';
import { formatDuration } from '../../src/domain/duration-text';

describe('formatDuration, one for the command-line client and the web console', () => {
  it('writes milliseconds, tenths of a second, minutes and seconds, then hours and minutes', () => {
    const cases: Array<[number, string]> = [
      [0, '0 ms'],
      [12.4, '12 ms'],
      [999.4, '999 ms'],
      [1400, '1.4 s'],
      [5000, '5.0 s'],
      [59_940, '59.9 s'],
      [185_000, '3 min 5 s'],
      [7_380_000, '2 h 3 min'],
    ];
    expect(cases.map(([ms]) => formatDuration(ms))).toEqual(cases.map(([, text]) => text));
  });

  it('rounds before it picks a form, so a unit never reads as its next one', () => {
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(59_960)).toBe('1 min 0 s');
    expect(formatDuration(119_600)).toBe('2 min 0 s');
    expect(formatDuration(3_599_600)).toBe('1 h 0 min');
  });

  it('reads a negative duration (clocks apart) as 0 ms and a missing one as a dash', () => {
    expect(formatDuration(-5)).toBe('0 ms');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('is the same function in the console, whose elapsed time uses it', () => {
    expect(consoleDuration).toBe(formatDuration);
    expect(elapsed('2026-01-01T00:00:00.000Z', '2026-01-01T00:03:05.000Z')).toBe('3 min 5 s');
  });

  it('is defined once in src/', () => {
    const root = path.join(__dirname, '..', '..');
    const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.tsx?$/.test(f),
    );
    const definitions = files
      .filter((f) => /(function|const) formatDuration\b/.test(readFileSync(path.join(root, 'src', f), 'utf8')))
      .map((f) => path.join('src', f));
    expect(definitions).toEqual([path.join('src', 'domain', 'duration-text.ts')]);
  });
});
