import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const isConditionFailure = (error: unknown): error is Error & { Item?: Record<string, AttributeValue> } =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Runs a conditional write; a failed condition is an answer (false), not an error. */
export async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  return (await conditionalWithOld(write)).ok;
}

/**
 * As `conditional`, also returning the item as it was when the condition failed (requested with
 * ReturnValuesOnConditionCheckFailure: ALL_OLD, which costs no read).
 */
export async function conditionalWithOld<T>(
  write: () => Promise<T>,
): Promise<{ ok: true; out: T } | { ok: false; old?: Record<string, unknown> }> {
  try {
    return { ok: true, out: await write() };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { ok: false, ...(error.Item && { old: unmarshall(error.Item) }) };
  }
}

/** An update expression built from parts: `SET #a = :a, …` for defined fields, `REMOVE #b, …`. */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
  extraSets: readonly string[] = [],
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = [...extraSets];
  for (const [field, value] of Object.entries(set)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  for (const field of remove) names[`#${field}`] = field;
  const parts = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.map((f) => `#${f}`).join(', ')}` : '',
  ];
  return { expression: parts.filter(Boolean).join(' '), names, values };
}
