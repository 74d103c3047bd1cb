/**
 * The fast DRBG against a plain reference built on node:crypto's HMAC (an independent
 * implementation of HMAC-SHA256), for lengths and seeds the vectors do not cover.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeHmacDrbg as referenceDrbg } from '../../bench/drbg-reference.ts';
import { ClmInputError, hmacDrbg, MAX_DRBG_LENGTH } from '../../lib/clm.ts';

describe('hmacDrbg', () => {
  it('matches a node:crypto reference for arbitrary seeds and lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 700 }), (seed, length) => {
        expect(hmacDrbg(seed, length)).toEqual(referenceDrbg(seed, length));
      }),
      { numRuns: 400 },
    );
  });

  it('matches at every seed length around the SHA-256 block boundaries', () => {
    // V || separator || seed crosses 64-byte blocks at seed lengths 22..23, 30..31, 86..87, ...
    for (let n = 0; n <= 200; n++) {
      const seed = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(hmacDrbg(seed, 65)).toEqual(referenceDrbg(seed, 65));
    }
  });

  it('is a prefix-consistent stream: a longer request starts with the shorter one', () => {
    const seed = new TextEncoder().encode('phrase_general_1736854567');
    const long = hmacDrbg(seed, 4096);
    for (const n of [0, 1, 31, 32, 33, 1000, 4095]) expect(hmacDrbg(seed, n)).toEqual(long.subarray(0, n));
  });

  it('does not alias or keep the seed', () => {
    const seed = new TextEncoder().encode('abc');
    const before = seed.slice();
    const a = hmacDrbg(seed, 64);
    expect(seed).toEqual(before);
    const b = hmacDrbg(seed, 64);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it.each([
    ['a negative length', new Uint8Array(1), -1],
    ['a fractional length', new Uint8Array(1), 1.5],
    ['NaN', new Uint8Array(1), Number.NaN],
    ['a length over the limit', new Uint8Array(1), MAX_DRBG_LENGTH + 1],
    ['a seed that is not bytes', 'seed' as unknown as Uint8Array, 1],
  ])('refuses %s with ClmInputError', (_, seed, length) => {
    expect(() => hmacDrbg(seed, length)).toThrow(ClmInputError);
  });
});
