/** Keys that mean something to JavaScript objects; never accepted as data, at any depth. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Problems with a free-form JSON document (execution input, task parameters): nesting deeper than
 * `maxDepth` (the callers pass LIMITS.maxJsonDepth), and keys in FORBIDDEN_KEYS. Iterative, so a hostile document cannot
 * exhaust the stack; stops at the first problem of each kind.
 */
export function jsonDocumentProblems(
  value: unknown,
  path: string,
  maxDepth: number,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  let tooDeep = false;
  let badKey = false;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 1 }];
  while (stack.length > 0 && !(tooDeep && badKey)) {
    const node = stack.pop()!;
    if (typeof node.value !== 'object' || node.value === null) continue;
    if (node.depth > maxDepth) {
      if (!tooDeep) problems.push({ path, message: `must not be nested deeper than ${maxDepth} levels` });
      tooDeep = true;
      continue;
    }
    if (Array.isArray(node.value)) {
      node.value.forEach((item, i) => stack.push({ value: item, path: `${node.path}[${i}]`, depth: node.depth + 1 }));
      continue;
    }
    for (const key of Object.keys(node.value)) {
      const childPath = `${node.path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        if (!badKey) problems.push({ path: childPath, message: `key '${key}' is not allowed` });
        badKey = true;
        continue;
      }
      stack.push({ value: (node.value as Record<string, unknown>)[key], path: childPath, depth: node.depth + 1 });
    }
  }
  return problems;
}
