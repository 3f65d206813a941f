import { z } from 'zod';
import { isPlainObject } from './flow-schema';

/**
 * The fields of `value` that pass their own schema, whatever is wrong elsewhere in the object.
 * The checks of meaning (references between tasks, task types, parameters) run on these beside
 * the structural checks, so one answer lists every problem. A key absent from the result was
 * unreadable (missing, or malformed and reported as such); a key present with `undefined` was an
 * optional field left out.
 */
export function readableFields<S extends z.ZodObject>(schema: S, value: unknown): Partial<z.output<S>> {
  if (!isPlainObject(value)) return {};
  const readable = Object.create(null) as Record<string, unknown>;
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = z.safeParse(field, Object.hasOwn(value, key) ? value[key] : undefined);
    if (parsed.success) readable[key] = parsed.data;
  }
  return readable as Partial<z.output<S>>;
}
