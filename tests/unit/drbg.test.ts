/**
 * The fast DRBG and the SHA-256 compression under it, each against independent implementations:
 * - the unrolled compression against @noble/hashes' own `process`, on random states and blocks;
 * - SHA-256 and HMAC-SHA256 built on it against noble's sha256/hmac and node:crypto, at every
 *   length 0..300 and at long ones;
 * - the DRBG (one-off seeds, XOR into a buffer, shared prefixes) against a plain reference built
 *   on node:crypto's HMAC, for lengths and seeds the vectors do not cover.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { _SHA256, sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { assert, describe, expect, it } from 'vitest';
import { nodeHmacDrbg as referenceDrbg } from '../../bench/drbg-reference.ts';
import { ClmInputError, hmacDrbg, MAX_DRBG_LENGTH } from '../../lib/clm/format.ts';
import { HmacDrbgPrefix, hmacDrbgXor } from '../../lib/clm/drbg.ts';
import { SHA256_BLOCK, Sha256Registers } from '../../lib/clm/sha256-registers.ts';

/**
 * `actual` equals `expected` byte for byte. A failure names the first differing byte, so that a
 * megabyte that differs is a short message rather than a diff of a million array elements.
 */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length === expected.length && Buffer.from(actual).equals(Buffer.from(expected))) return;
  const at = actual.findIndex((b, i) => b !== expected[i]);
  const near = (bytes: Uint8Array) => Buffer.from(bytes.subarray(Math.max(0, at - 4), at + 12)).toString('hex');
  assert.fail(`${actual.length} bytes, expected ${expected.length}; first difference at ${at}: ${near(actual)} ≠ ${near(expected)}`);
}

/** noble's own compression function: a second implementation to check ours against (tests only; lib/ uses nothing of noble's SHA-256 internals). */
class NobleCompressor extends _SHA256 {
  run(state: Int32Array, block: Uint8Array): Int32Array {
    this.set(state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]);
    this.process(new DataView(block.buffer, block.byteOffset, 64), 0);
    return Int32Array.from(this.get());
  }
}

/** Big-endian words of `bytes` (a multiple of 4 long). */
const words = (bytes: Uint8Array): Int32Array => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, false));
};

const registersOf = (sha: Sha256Registers): Int32Array => {
  const out = new Int32Array(8);
  sha.save(out);
  return out;
};

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** SHA-256 on the unrolled compression (FIPS 180-4 padding done here, in bytes). */
function sha256Unrolled(msg: Uint8Array): Uint8Array {
  const blocks = Math.floor((msg.length + 8) / SHA256_BLOCK) + 1;
  const padded = new Uint8Array(blocks * SHA256_BLOCK);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor((msg.length * 8) / 2 ** 32), false);
  view.setUint32(padded.length - 4, (msg.length * 8) >>> 0, false);
  const w = words(padded);
  const sha = new Sha256Registers();
  sha.loadIv();
  for (let b = 0; b < blocks; b++) sha.compress(w, 16 * b);
  const out = new Uint8Array(32);
  sha.writeDigest(out, 0, 32);
  return out;
}

/** HMAC-SHA256 (RFC 2104) on the unrolled compression, keys of any length. */
function hmacUnrolled(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const k = new Uint8Array(SHA256_BLOCK);
  k.set(key.length > SHA256_BLOCK ? sha256Unrolled(key) : key);
  const inner = sha256Unrolled(concat(k.map((b) => b ^ 0x36), msg));
  return sha256Unrolled(concat(k.map((b) => b ^ 0x5c), inner));
}

const nodeSha256 = (msg: Uint8Array) => new Uint8Array(createHash('sha256').update(msg).digest());
const nodeHmac = (key: Uint8Array, msg: Uint8Array) => new Uint8Array(createHmac('sha256', key).update(msg).digest());
const bytes = (n: number) => new Uint8Array(randomBytes(n));

describe('the unrolled SHA-256 compression', () => {
  it('equals noble’s process on random states and blocks', () => {
    const noble = new NobleCompressor();
    const sha = new Sha256Registers();
    for (let i = 0; i < 3000; i++) {
      const state = new Int32Array(bytes(32).buffer);
      const block = bytes(64);
      sha.load(state);
      sha.compress(words(block), 0);
      expect(registersOf(sha)).toEqual(noble.run(state, block));
      // At an offset inside a longer array of words, as the DRBG's messages are read.
      sha.load(state);
      sha.compress(words(concat(bytes(64 * (i % 3)), block, bytes(8))), 16 * (i % 3));
      expect(registersOf(sha)).toEqual(noble.run(state, block));
    }
  });

  it('equals noble’s process on extreme words (all zeros, all ones, single bits)', () => {
    const noble = new NobleCompressor();
    const sha = new Sha256Registers();
    const fills = [0x00, 0xff, 0x80, 0x01, 0x7f];
    for (const s of fills) {
      for (const m of fills) {
        const state = new Int32Array(new Uint8Array(32).fill(s).buffer);
        const block = new Uint8Array(64).fill(m);
        sha.load(state);
        sha.compress(words(block), 0);
        expect(registersOf(sha)).toEqual(noble.run(state, block));
      }
    }
  });

  it('makes SHA-256 equal to noble’s and node:crypto’s at every length 0..300', () => {
    for (let n = 0; n <= 300; n++) {
      const msg = bytes(n);
      const expected = nodeSha256(msg);
      expectBytes(sha256(msg), expected);
      expectBytes(sha256Unrolled(msg), expected);
    }
  });

  it('makes SHA-256 equal to node:crypto’s on long messages', () => {
    for (const n of [1000, 4096, 4096 + 55, 4096 + 56, 65_536 + 13, 1_048_576 + 1]) {
      const msg = bytes(n);
      expectBytes(sha256Unrolled(msg), nodeSha256(msg));
    }
  });

  it('makes HMAC-SHA256 equal to noble’s and node:crypto’s for keys and messages of any length', () => {
    for (let n = 0; n <= 300; n++) {
      const key = bytes((n * 7) % 150);
      const msg = bytes(n);
      const expected = nodeHmac(key, msg);
      expectBytes(hmac(sha256, key, msg), expected);
      expectBytes(hmacUnrolled(key, msg), expected);
    }
    const key = bytes(32);
    const long = bytes(200_003);
    expectBytes(hmacUnrolled(key, long), nodeHmac(key, long));
  });

  it('hashes a 32-byte digest after one block (hashDigestBlock) as SHA-256 does', () => {
    const sha = new Sha256Registers();
    for (let i = 0; i < 200; i++) {
      const first = bytes(64);
      const digest = bytes(32);
      sha.loadIv();
      sha.compress(words(first), 0);
      const state = registersOf(sha);
      sha.load(words(concat(digest, new Uint8Array(32))).subarray(0, 8));
      sha.hashDigestBlock(state);
      const out = new Uint8Array(32);
      sha.writeDigest(out, 0, 32);
      expectBytes(out, nodeSha256(concat(first, digest)));
    }
  });

  it('writes and XORs any prefix of the digest at any offset', () => {
    const sha = new Sha256Registers();
    sha.loadIv();
    sha.compress(words(concat(new Uint8Array([0x80]), new Uint8Array(63))), 0);
    const digest = nodeSha256(new Uint8Array(0));
    for (let n = 0; n <= 32; n++) {
      const out = new Uint8Array(40).fill(0xaa);
      sha.writeDigest(out, 3, n);
      expectBytes(out.subarray(3, 3 + n), digest.subarray(0, n));
      expect(out[3 + n]).toBe(0xaa);
      const data = bytes(40);
      const xored = new Uint8Array(40);
      sha.xorDigest(data, xored, 5, n);
      for (let i = 0; i < n; i++) expect(xored[5 + i]).toBe(data[5 + i] ^ digest[i]);
      expect(xored[5 + n] ?? 0).toBe(0);
    }
  });

  it('wipe() leaves zero registers', () => {
    const sha = new Sha256Registers();
    sha.loadIv();
    sha.compress(words(bytes(64)), 0);
    sha.wipe();
    expect(registersOf(sha)).toEqual(new Int32Array(8));
  });
});

describe('hmacDrbg', () => {
  it('matches a node:crypto reference for arbitrary seeds and lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 700 }), (seed, length) => {
        expectBytes(hmacDrbg(seed, length), referenceDrbg(seed, length));
      }),
      { numRuns: 400 },
    );
  });

  it('matches at every seed length around the SHA-256 block boundaries', () => {
    // V || separator || seed crosses 64-byte blocks at seed lengths 22..23, 30..31, 86..87, ...
    for (let n = 0; n <= 300; n++) {
      const seed = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expectBytes(hmacDrbg(seed, 65), referenceDrbg(seed, 65));
    }
  });

  it('matches for a long keystream and a long seed', () => {
    const seed = bytes(5000);
    expectBytes(hmacDrbg(seed, 100_000), referenceDrbg(seed, 100_000));
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
    expectBytes(seed, before);
    const b = hmacDrbg(seed, 64);
    expectBytes(a, b);
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

/** `data` XOR the reference keystream of `seed`. */
const referenceXor = (seed: Uint8Array, data: Uint8Array) => referenceDrbg(seed, data.length).map((k, i) => k ^ data[i]);

describe('hmacDrbgXor', () => {
  it('is data XOR the keystream, for arbitrary seeds and data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 400 }), (seed, data) => {
        const out = new Uint8Array(data.length + 3).fill(0x5a);
        hmacDrbgXor(seed, data, out);
        expectBytes(out.subarray(0, data.length), referenceXor(seed, data));
        expectBytes(out.subarray(data.length), new Uint8Array(3).fill(0x5a));
      }),
      { numRuns: 300 },
    );
  });

  it('works in place (out is data)', () => {
    const seed = bytes(40);
    const data = bytes(1000);
    const expected = referenceXor(seed, data);
    hmacDrbgXor(seed, data, data);
    expectBytes(data, expected);
  });

  it.each([
    ['a seed that is not bytes', 'seed' as unknown as Uint8Array, new Uint8Array(4), new Uint8Array(4)],
    ['data that is not bytes', new Uint8Array(1), [1, 2] as unknown as Uint8Array, new Uint8Array(4)],
    ['an out that is not bytes', new Uint8Array(1), new Uint8Array(4), [0, 0, 0, 0] as unknown as Uint8Array],
    ['an out shorter than data', new Uint8Array(1), new Uint8Array(4), new Uint8Array(3)],
  ])('refuses %s with ClmInputError', (_, seed, data, out) => {
    expect(() => {
      hmacDrbgXor(seed, data, out);
    }).toThrow(ClmInputError);
  });
});

describe('HmacDrbgPrefix', () => {
  it('gives the keystream of prefix || suffix for every prefix length 0..200 (midstates of 0, 1, 2 blocks)', () => {
    for (let n = 0; n <= 200; n++) {
      const prefix = bytes(n);
      const drbg = new HmacDrbgPrefix(prefix);
      for (const suffixLength of [0, 1, 10, 33, 90]) {
        const suffix = bytes(suffixLength);
        const data = bytes((n * 13 + suffixLength) % 150);
        const out = new Uint8Array(data.length);
        drbg.xor(suffix, data, out);
        expectBytes(out, referenceXor(concat(prefix, suffix), data));
      }
      drbg.dispose();
    }
  });

  it('stays right across many seeds, interleaved with one-off seeds and other prefixes', () => {
    const a = new HmacDrbgPrefix(new TextEncoder().encode('correct horse battery staple_general_'));
    const b = new HmacDrbgPrefix(new TextEncoder().encode('p_s_'));
    for (let i = 0; i < 50; i++) {
      const epoch = new TextEncoder().encode(String(1736854567 + i));
      const data = bytes(97);
      const outA = new Uint8Array(97);
      const outB = new Uint8Array(97);
      a.xor(epoch, data, outA);
      hmacDrbg(bytes(i), i);
      b.xor(epoch, data, outB);
      expectBytes(outA, referenceXor(new TextEncoder().encode(`correct horse battery staple_general_${1736854567 + i}`), data));
      expectBytes(outB, referenceXor(new TextEncoder().encode(`p_s_${1736854567 + i}`), data));
    }
    a.dispose();
    b.dispose();
  });

  it('copies the prefix and keeps nothing of a suffix', () => {
    const prefix = bytes(40);
    const kept = prefix.slice();
    const drbg = new HmacDrbgPrefix(prefix);
    prefix.fill(0);
    const data = bytes(50);
    const out = new Uint8Array(50);
    drbg.xor(new Uint8Array([1, 2, 3]), data, out);
    expectBytes(out, referenceXor(concat(kept, new Uint8Array([1, 2, 3])), data));
    drbg.xor(new Uint8Array(0), data, out);
    expectBytes(out, referenceXor(kept, data));
    drbg.dispose();
  });

  it('wipes the prefix and its midstate on dispose, and refuses to work after', () => {
    const drbg = new HmacDrbgPrefix(bytes(100));
    const inside = drbg as unknown as { seed: Uint8Array; from: { state: Int32Array } };
    drbg.dispose();
    expect(inside.seed.every((b) => b === 0)).toBe(true);
    expect(inside.from.state.every((w) => w === 0)).toBe(true);
    expect(() => {
      drbg.xor(new Uint8Array(1), new Uint8Array(1), new Uint8Array(1));
    }).toThrow(ClmInputError);
  });

  it('refuses arguments that are not bytes with ClmInputError', () => {
    expect(() => new HmacDrbgPrefix('p' as unknown as Uint8Array)).toThrow(ClmInputError);
    const drbg = new HmacDrbgPrefix(new Uint8Array(1));
    expect(() => {
      drbg.xor('1' as unknown as Uint8Array, new Uint8Array(1), new Uint8Array(1));
    }).toThrow(ClmInputError);
    expect(() => {
      drbg.xor(new Uint8Array(1), new Uint8Array(2), new Uint8Array(1));
    }).toThrow(ClmInputError);
    drbg.dispose();
  });
});
