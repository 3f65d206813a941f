import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, ErrorCode } from '../../src/domain/error-codes';
import { defaultRegistry } from '../../src/tasks/default-registry';

const root = path.join(__dirname, '..', '..');
const VOCABULARY_FILE = path.join('src', 'domain', 'error-codes.ts');

/** Every TypeScript source under src/ (console included), but the vocabulary and generated files. */
function sources(dir = path.join(root, 'src')): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    const file = path.relative(root, full);
    if (!/\.tsx?$/.test(entry.name) || file === VOCABULARY_FILE || entry.name.endsWith('.generated.ts')) return [];
    return [{ file, text: readFileSync(full, 'utf8') }];
  });
}

const all = sources();
const hits = (pattern: RegExp) =>
  all.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));

describe('one vocabulary of error codes (src/domain/error-codes.ts)', () => {
  it('has no code of the engine spelled as a string literal anywhere else in src/', () => {
    const quoted = [...ERROR_CODES].map((code) => code.replace(/\./g, '\\.')).join('|');
    expect(hits(new RegExp(`(['"])(${quoted})\\1`, 'g'))).toEqual([]);
  });

  it('has no States.* name in src/ that is not in the vocabulary', () => {
    const unknown = hits(/(['"`])States\.[A-Za-z]+\1/g).filter(
      (hit) => !ERROR_CODES.has(hit.split(': ')[1]!.slice(1, -1)),
    );
    expect(unknown).toEqual([]);
  });

  it('lets only task types set a literal error_code, each one their type declares', () => {
    const literal = /error_code: (['"])([^'"]+)\1/g;
    const outsideTaskTypes = all.filter(({ file }) => !file.startsWith(path.join('src', 'tasks', 'types')));
    expect(
      outsideTaskTypes.flatMap(({ file, text }) => [...text.matchAll(literal)].map((m) => `${file}: ${m[0]}`)),
    ).toEqual([]);
    const registry = defaultRegistry();
    const undeclared = all
      .filter(({ file }) => file.startsWith(path.join('src', 'tasks', 'types')))
      .flatMap(({ file, text }) =>
        [...text.matchAll(literal)].flatMap((m) => {
          const declared = registry.get(path.basename(file, '.ts'))?.errorCodes;
          return declared === 'any' || declared?.includes(m[2]!) ? [] : [`${file}: ${m[2]}`];
        }),
      );
    expect(undeclared).toEqual([]);
  });

  it('says for every code when it happens', () => {
    const text = readFileSync(path.join(root, VOCABULARY_FILE), 'utf8');
    for (const key of Object.keys(ErrorCode))
      expect([key, new RegExp(`\\*/\\n\\s+${key}: '`).test(text)]).toEqual([key, true]);
  });

  it('documents every name error_equals can match in docs/flow-language.md', () => {
    const doc = readFileSync(path.join(root, 'docs', 'flow-language.md'), 'utf8');
    const matchable = Object.values(ErrorCode).filter(
      (code) =>
        ![
          ErrorCode.Aborted,
          ErrorCode.Fail,
          ErrorCode.NoChoiceMatched,
          ErrorCode.MaxStepsExceeded,
          ErrorCode.FailedWithoutCode,
          ErrorCode.DispatchFailed,
        ].includes(code as never),
    );
    for (const code of matchable) expect([code, doc.includes(`\`${code}\``)]).toEqual([code, true]);
  });
});
