import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../lib/encoding/base32.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('base32 (RFC 4648, no padding)', () => {
  // RFC 4648 §10 test vectors, padding removed.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (plain, encoded) => {
    expect(toBase32(enc(plain))).toBe(encoded);
    expect(fromBase32(encoded)).toEqual(enc(plain));
    expect(fromBase32(encoded.toLowerCase())).toEqual(enc(plain));
  });

  it('round-trips any bytes, and ignores spaces, line breaks and hyphens', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (bytes, seed) => {
        const text = toBase32(bytes);
        expect(fromBase32(text)).toEqual(bytes);
        const spaced = text.replace(/(.{4})/g, (m, _g: string, i: number) => (i % 3 === seed % 3 ? `${m}\n` : `${m}-`));
        expect(fromBase32(spaced)).toEqual(bytes);
      }),
    );
  });

  it('points at what is not base32', () => {
    expect(fromBase32('MZXW1')).toEqual({ badIndex: 4 });
    expect(fromBase32('MZXW8')).toEqual({ badIndex: 4 });
    expect(fromBase32('M')).toEqual({ badIndex: 1 });
  });
});
