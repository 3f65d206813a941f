import type { createScanner as CreateScanner, SyntaxKind } from 'jsonc-parser';
import { formatPath } from '../domain/problems/issue-paths';

// The package's main entry is a UMD bundle whose inner requires esbuild cannot follow
// (microsoft/node-jsonc-parser#57), so the scanner's own module, which requires nothing, is
// loaded directly, typed by the package's public declaration of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: a path inside the package, untyped
const { createScanner } = require('jsonc-parser/lib/umd/impl/scanner') as { createScanner: typeof CreateScanner };

// jsonc-parser declares its token kinds as an ambient const enum, which isolated modules cannot
// read; these are its declared values, and the type annotations make the compiler check them.
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- the numbers are the point: see above */
const OPEN_BRACE: SyntaxKind.OpenBraceToken = 1;
const CLOSE_BRACE: SyntaxKind.CloseBraceToken = 2;
const OPEN_BRACKET: SyntaxKind.OpenBracketToken = 3;
const CLOSE_BRACKET: SyntaxKind.CloseBracketToken = 4;
const COMMA: SyntaxKind.CommaToken = 5;
const STRING: SyntaxKind.StringLiteral = 10;
const EOF: SyntaxKind.EOF = 17;
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

export interface DuplicateKey {
  key: string;
  /** Where the second (third, …) occurrence is, as every error detail writes paths: `flow.tasks[1].name`. */
  path: string;
}

type Container =
  | { kind: 'object'; keys: Set<string>; expectingKey: boolean; key?: string; segment?: string | number }
  | { kind: 'array'; index: number; segment?: string | number };

/**
 * The first `limit` keys that appear more than once in the same object of `text`, which must be
 * valid JSON (JSON.parse decides that; this only looks for what JSON.parse silently resolves by
 * keeping the last value). Keys are compared decoded, so `"name"` and `"n\u0061me"` are the same
 * key. Walks jsonc-parser's token stream with an explicit stack rather than its recursive parser,
 * so a body nested many thousands of levels deep cannot exhaust the call stack.
 */
export function duplicateKeys(text: string, limit: number): DuplicateKey[] {
  const scanner = createScanner(text, true);
  const stack: Container[] = [];
  const found: DuplicateKey[] = [];
  const segmentOfNextValue = (): string | number | undefined => {
    const parent = stack.at(-1);
    return parent?.kind === 'object' ? parent.key : parent?.index;
  };
  // An empty key is shown as `""`, or it would vanish from the path.
  const pathTo = (key: string) =>
    formatPath([...stack.map((c) => c.segment), key].filter((s) => s !== undefined).map((s) => (s === '' ? '""' : s)));

  for (let token = scanner.scan(); token !== EOF && found.length < limit; token = scanner.scan()) {
    const top = stack.at(-1);
    if (token === OPEN_BRACE)
      stack.push({ kind: 'object', keys: new Set(), expectingKey: true, segment: segmentOfNextValue() });
    else if (token === OPEN_BRACKET) stack.push({ kind: 'array', index: 0, segment: segmentOfNextValue() });
    else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) stack.pop();
    else if (token === COMMA && top?.kind === 'object') top.expectingKey = true;
    else if (token === COMMA && top?.kind === 'array') top.index++;
    else if (token === STRING && top?.kind === 'object' && top.expectingKey) {
      const key = scanner.getTokenValue();
      if (top.keys.has(key)) found.push({ key, path: pathTo(key) });
      top.keys.add(key);
      top.key = key;
      top.expectingKey = false;
    }
  }
  return found;
}
