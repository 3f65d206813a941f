import { apiKeyCommand, apiKeyLines } from '../../src/auth/api-key-lines';
import { checkBearer, generateApiKey, hashApiKey, parseKeyHashes } from '../../src/auth/api-keys';

describe('API keys', () => {
  const current = generateApiKey();
  const next = generateApiKey();
  const hashes = parseKeyHashes(`${hashApiKey(current)}, ${hashApiKey(next)}`);

  it('accepts every configured key, so keys can be rotated', () => {
    expect(checkBearer(`Bearer ${current}`, hashes)).toEqual({ ok: true, keyId: hashApiKey(current).slice(0, 8) });
    expect(checkBearer(`bearer ${next}`, hashes)).toEqual({ ok: true, keyId: hashApiKey(next).slice(0, 8) });
  });

  it('refuses missing, malformed and unknown keys, saying which', () => {
    expect(checkBearer(undefined, hashes)).toEqual({ ok: false, reason: 'missing' });
    expect(checkBearer('  ', hashes)).toEqual({ ok: false, reason: 'missing' });
    expect(checkBearer(`Basic ${current}`, hashes)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer('Bearer', hashes)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer(`Bearer ${current} extra`, hashes)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer(`Bearer ${current}x`, hashes)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(checkBearer(`Bearer ${hashApiKey(current)}`, hashes)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('refuses everything when no key is configured', () => {
    expect(checkBearer(`Bearer ${current}`, [])).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('only takes SHA-256 hex hashes', () => {
    expect(() => parseKeyHashes('not-a-hash')).toThrow(/64 hex characters/);
    expect(parseKeyHashes(' , ')).toEqual([]);
  });

  it('generates distinct keys with enough entropy', () => {
    expect(current).toMatch(/^fm_[A-Za-z0-9_-]{43}$/);
    expect(current).not.toBe(next);
  });

  it('npm run api-key says how to have the local stack accept the key it prints, and AWS its hash', () => {
    const key = generateApiKey();
    const text = apiKeyLines(key).join('\n');
    expect(text).toContain(`key:  ${key}\nhash: ${hashApiKey(key)}`);
    expect(text).toContain(`FLOW_API_KEY=${key} npm start`);
    expect(text).toContain('.flow-local/api-key');
    expect(text).toContain(`--value '${hashApiKey(key)}'`);
  });

  it('npm run api-key takes no option for a key: --help prints the usage, another option or a second key is refused', () => {
    expect(apiKeyCommand(['--help'])).toEqual({
      lines: [expect.stringContaining('usage:'), expect.any(String)],
      exitCode: 0,
    });
    expect(apiKeyCommand(['--key=abc']).exitCode).toBe(2);
    expect(apiKeyCommand(['--key=abc']).lines[0]).toBe("unknown option '--key=abc'");
    expect(apiKeyCommand(['a', 'b']).lines[0]).toBe('give at most one key');
    expect(apiKeyCommand(['my-key']).lines[0]).toBe('key:  my-key');
    expect(apiKeyCommand([]).lines[0]).toMatch(/^key: {2}fm_/);
  });
});
