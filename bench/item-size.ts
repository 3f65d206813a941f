/**
 * An item's size as DynamoDB counts it for capacity and its 400 KB limit (the rules in its
 * developer guide, "Item sizes and formats"), from the item as the document client reads it:
 * attribute names plus values; a string by its UTF-8 bytes, binary by its length, a number by
 * about one byte per two significant digits plus one, null and booleans one byte, lists and maps 3
 * bytes plus one per element (a map's keys counted as names), sets the sum of their elements.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(String(value));
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...(value as Set<unknown>)].reduce<number>((sum, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object')
    return 3 + Object.entries(value).reduce((sum, [key, v]) => sum + 1 + utf8(key) + valueBytes(v), 0);
  throw new TypeError(`no DynamoDB size for a ${typeof value}`);
}

/** A number's significant digits, two to a byte, plus one byte. */
function numberBytes(text: string): number {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
