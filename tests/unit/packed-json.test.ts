import { packJson, unpackJson } from '../../src/storage/packed-json';

describe('packed JSON in the head', () => {
  it('keeps short text as it is: too small to gain from packing', () => {
    const json = JSON.stringify({ a: 1, b: [true, null] });
    expect(packJson(json)).toBe(json);
    expect(unpackJson(json)).toBe(json);
  });

  it('packs repetitive JSON to a fraction of its size and reads it back exactly', () => {
    const progress = JSON.stringify(
      Array.from({ length: 20 }, (_, i) => [`t${i + 1}`, [1, 1, i + 1, 1, 1796425459551 + 7 * i, 1, 1]]),
    );
    const packed = packJson(progress);
    expect(packed).toBeInstanceOf(Uint8Array);
    expect((packed as Uint8Array).length).toBeLessThan(progress.length / 2);
    expect(unpackJson(packed)).toBe(progress);
  });

  it('reads back any text, whatever its characters', () => {
    const json = JSON.stringify({ text: 'é — 日本語 🙂 \u0000 '.repeat(40), __proto__: { constructor: 1 } });
    expect(unpackJson(packJson(json))).toBe(json);
  });

  it('refuses a packed value in a format it does not know, rather than misreading it', () => {
    expect(() => unpackJson(new Uint8Array([9, 1, 2, 3]))).toThrow('unknown format (9)');
  });

  it('reads an absent value as absent', () => {
    expect(unpackJson(undefined)).toBeUndefined();
  });
});
