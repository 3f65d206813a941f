import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/**
 * The valid name closest to a misspelt one, when it is close enough to be what was meant: at
 * most 2 edits, and at most a third of the longer name (so that `id` does not suggest `to`).
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; edits: number } | undefined;
  for (const name of candidates) {
    const edits = distance(word.toLowerCase(), name.toLowerCase());
    if (edits <= 2 && edits <= Math.max(word.length, name.length) / 3 && (!best || edits < best.edits))
      best = { name, edits };
  }
  return best?.name;
}

/** ` (did you mean 'message'?)`, or nothing. */
export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const name = closestName(word, candidates);
  return name === undefined ? '' : ` (did you mean '${name}'?)`;
};

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The field names an object schema knows at `path` inside `schema` (through optional, default,
 * pipe, array, union, record and lazy schemas), for naming the field a misspelt one was meant to be.
 */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return knownFieldsAt(def.innerType!, path);
    case 'pipe':
      return knownFieldsAt(def.in!, path);
    case 'lazy':
      return knownFieldsAt(def.getter!(), path);
    case 'union':
      return [...new Set(def.options!.flatMap((option) => knownFieldsAt(option, path)))];
    case 'object':
      if (path.length === 0) return Object.keys(def.shape!);
      return Object.hasOwn(def.shape!, path[0] as string)
        ? knownFieldsAt(def.shape![path[0] as string]!, path.slice(1))
        : [];
    case 'array':
      return path.length === 0 ? [] : knownFieldsAt(def.element!, path.slice(1));
    case 'record':
      return path.length === 0 ? [] : knownFieldsAt(def.valueType!, path.slice(1));
    default:
      return [];
  }
}
