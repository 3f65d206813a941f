/**
 * Whether a string can be a Reference Path, as a Choice rule's `Variable` and `…Path` operands must
 * be: `$` (the state's input), `$$` (the context object) or `$name` (a workflow variable), alone or followed by `.name` or `[…]`
 * steps, and one value only, so none of the operators that select several (`@`, `,`, `:`, `?`,
 * `*`, `..`) unless escaped with a backslash or inside a quoted name (`$['a,b']`).
 *
 * Only the shape, so a definition is refused up front with the field named; reading the value is
 * the JSONPath reader's job (injected into chooseNext), and a path that passes here but matches
 * nothing is a run-time `States.Runtime`.
 */
export function isReferencePath(text: string): boolean {
  const variable = VARIABLE_HEAD.exec(text)?.[0];
  const rest = text.startsWith('$$')
    ? text.slice(2)
    : variable !== undefined
      ? text.slice(variable.length)
      : text.startsWith('$')
        ? text.slice(1)
        : undefined;
  if (rest === undefined) return false;
  if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) return false;
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const char = rest[i]!;
    if (char === '\\') {
      if (i === rest.length - 1) return false;
      i++;
      continue;
    }
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if ('@,:?*'.includes(char)) return false;
    else if (char === '.' && (rest[i + 1] === '.' || i === rest.length - 1)) return false;
  }
  return quote === undefined;
}

/** `$` then an identifier: a workflow variable's name (src/asl/jsonpath/path-syntax.ts reads it the same). */
const VARIABLE_HEAD = /^\$[\p{ID_Start}_][\p{ID_Continue}]*/u;
