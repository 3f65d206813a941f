import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API keys are configured only as SHA-256 hashes (hex); the keys themselves are never stored. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export const generateApiKey = (): string => `fm_${randomBytes(32).toString('base64url')}`;

const HASH = /^[0-9a-f]{64}$/;

/** "h1,h2" → hashes; several at once, so a new key can be added before the old one is removed. */
export function parseKeyHashes(csv: string): Buffer[] {
  const hashes = csv
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of hashes)
    if (!HASH.test(h)) throw new Error('API key hashes must be 64 hex characters (SHA-256), separated by commas');
  return hashes.map((h) => Buffer.from(h, 'hex'));
}

export type BearerCheck = { ok: true; keyId: string } | { ok: false; reason: 'missing' | 'malformed' | 'unknown_key' };

/**
 * Checks an `Authorization: Bearer <key>` header against the configured hashes. The presented key
 * is hashed and compared with every configured hash in constant time, without stopping early, so
 * timing reveals neither which hash nor how much of it matched.
 */
export function checkBearer(header: string | undefined, hashes: readonly Buffer[]): BearerCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  if (!match) return { ok: false, reason: 'malformed' };
  const presented = createHash('sha256').update(match[1]!, 'utf8').digest();
  let found = -1;
  hashes.forEach((hash, i) => {
    if (timingSafeEqual(presented, hash) && found < 0) found = i;
  });
  return found < 0
    ? { ok: false, reason: 'unknown_key' }
    : { ok: true, keyId: hashes[found]!.toString('hex').slice(0, 8) };
}
