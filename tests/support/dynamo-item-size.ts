/**
 * An item's size as DynamoDB bills it ("Item sizes and formats", DynamoDB developer guide):
 * attribute names and strings are their UTF-8 bytes; a number is 1 byte plus 1 per two
 * significant digits; binary is its bytes; a boolean or null is 1; a map or a list is 3 bytes
 * plus, per element, 1 byte, its key's bytes (a map's) and the element's size.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return 1 + Math.ceil(significantDigits(value) / 2);
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (typeof value === 'object')
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [key, v]) => sum + 1 + Buffer.byteLength(key) + valueBytes(v),
        0,
      )
    );
  throw new TypeError(`not a DynamoDB value: ${typeof value}`);
}

/** Digits without leading or trailing zeros: 10000 has 1, 9999 has 4, 0.05 has 1. */
const significantDigits = (n: number): number =>
  Math.max(1, String(Math.abs(n)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length);
