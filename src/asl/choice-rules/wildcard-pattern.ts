/**
 * `StringMatches` patterns: `*` matches zero or more characters, nothing else is special, and a
 * backslash escapes (`\*` is a literal `*`, `\\` a literal `\`; in JSON text `"\\*"` and `"\\\\"`).
 * The spec makes an "open" backslash a run-time error; we read any backslash not followed by `*` or
 * `\` as one (it escapes nothing the spec defines), so a definition says what it means or is refused.
 *
 * Matched by hand rather than through a RegExp: the pattern is a definition's text, and a star-only
 * glob matches in one pass (each literal piece found leftmost after the one before), with no
 * backtracking for a crafted pattern to make slow.
 */

export type ParsedPattern = { ok: true; pieces: string[] } | { ok: false; message: string };

/** The literal pieces between the unescaped stars (`a*b\*c` → `['a', 'b*c']`), or why there are none. */
export function parseWildcardPattern(pattern: string): ParsedPattern {
  const pieces: string[] = [];
  let piece = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      pieces.push(piece);
      piece = '';
    } else if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\')
        return {
          ok: false,
          message: `has an open escape at character ${i + 1}: a backslash must be followed by * or \\ (write \\\\ for a backslash)`,
        };
      piece += next;
      i++;
    } else piece += char;
  }
  pieces.push(piece);
  return { ok: true, pieces };
}

/** Whether `text` matches the pattern's pieces as a whole (not a part of it). */
export function matchesPieces(text: string, pieces: readonly string[]): boolean {
  if (pieces.length === 1) return text === pieces[0];
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const end = text.length - last.length;
  for (const middle of pieces.slice(1, -1)) {
    const at = text.indexOf(middle, from);
    if (at < 0 || at + middle.length > end) return false;
    from = at + middle.length;
  }
  return true;
}
