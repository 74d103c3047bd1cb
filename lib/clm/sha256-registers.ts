/**
 * SHA-256's eight working registers, our own (FIPS 180-4 §5.3.3's initial value, no subclass of
 * or field access into any library's classes), with the moves HMAC needs between registers, words
 * and bytes around the unrolled compression of ./sha256-compress.ts. Messages come as big-endian
 * words (callers pad them); methods never allocate; {@link Sha256Registers.wipe} clears every copy
 * of the data they held. A known answer is checked when the module loads: a wrong build fails at
 * once, not as keystreams that no peer can read.
 * @module
 */
import { compress, type Sha256State } from './sha256-compress.ts';

/** FIPS 180-4 §5.3.3: SHA-256's initial hash value, as signed 32-bit words. */
const SHA256_IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

/** Bytes in a SHA-256 block. */
export const SHA256_BLOCK = 64;
/** Bytes in a SHA-256 digest. */
export const SHA256_DIGEST = 32;

/** `out[o .. o + 4]` ← `x`, big-endian. */
function putWord(out: Uint8Array, o: number, x: number): void {
  out[o] = x >>> 24;
  out[o + 1] = x >>> 16;
  out[o + 2] = x >>> 8;
  out[o + 3] = x;
}

/** `out[o .. o + 4]` ← `data[o .. o + 4]` XOR `x` big-endian. */
function xorWord(data: Uint8Array, out: Uint8Array, o: number, x: number): void {
  out[o] = data[o] ^ (x >>> 24);
  out[o + 1] = data[o + 1] ^ (x >>> 16);
  out[o + 2] = data[o + 2] ^ (x >>> 8);
  out[o + 3] = data[o + 3] ^ x;
}

/** SHA-256's registers, and what HMAC does with them. */
export class Sha256Registers implements Sha256State {
  A = SHA256_IV[0];
  B = SHA256_IV[1];
  C = SHA256_IV[2];
  D = SHA256_IV[3];
  E = SHA256_IV[4];
  F = SHA256_IV[5];
  G = SHA256_IV[6];
  H = SHA256_IV[7];
  /** SHA-256's initial hash value. */
  readonly iv = SHA256_IV;
  /**
   * The block of a 32-byte message that follows one 64-byte block (an HMAC's padded key): the
   * digest's words, then padding that never changes — 0x80, zeros, the length 96 bytes in bits.
   */
  private readonly digestBlock = new Int32Array(16);

  constructor() {
    this.digestBlock[8] = 0x80000000 | 0;
    this.digestBlock[15] = (SHA256_BLOCK + SHA256_DIGEST) * 8;
  }

  /** Registers ← `state[0..8]`. */
  load(state: Int32Array): void {
    this.A = state[0];
    this.B = state[1];
    this.C = state[2];
    this.D = state[3];
    this.E = state[4];
    this.F = state[5];
    this.G = state[6];
    this.H = state[7];
  }

  /** Registers ← SHA-256's initial hash value. */
  loadIv(): void {
    this.load(this.iv);
  }

  /** `into[0..8]` ← registers. */
  save(into: Int32Array): void {
    into[0] = this.A;
    into[1] = this.B;
    into[2] = this.C;
    into[3] = this.D;
    into[4] = this.E;
    into[5] = this.F;
    into[6] = this.G;
    into[7] = this.H;
  }

  /** `into[0..8]` ← registers, each XORed with `mask` (an HMAC pad byte in all four bytes). */
  saveMasked(into: Int32Array, mask: number): void {
    into[0] = this.A ^ mask;
    into[1] = this.B ^ mask;
    into[2] = this.C ^ mask;
    into[3] = this.D ^ mask;
    into[4] = this.E ^ mask;
    into[5] = this.F ^ mask;
    into[6] = this.G ^ mask;
    into[7] = this.H ^ mask;
  }

  /**
   * Registers ← compress(`state`, the 32 bytes now in the registers padded as the end of a 96-byte
   * message). With an HMAC key's padded-key states as `state`, two calls are one HMAC of a digest.
   */
  hashDigestBlock(state: Int32Array): void {
    this.save(this.digestBlock);
    this.load(state);
    compress(this, this.digestBlock, 0);
  }

  /** `out[offset .. offset + n]` ← the first `n` (≤ 32) bytes of the digest in the registers. */
  writeDigest(out: Uint8Array, offset: number, n: number): void {
    // Every generated block is a whole digest: written a word at a time from the registers, which
    // is ~30 ns a block cheaper than the byte loop below (a tenth of a compression).
    if (n === SHA256_DIGEST) {
      putWord(out, offset, this.A);
      putWord(out, offset + 4, this.B);
      putWord(out, offset + 8, this.C);
      putWord(out, offset + 12, this.D);
      putWord(out, offset + 16, this.E);
      putWord(out, offset + 20, this.F);
      putWord(out, offset + 24, this.G);
      putWord(out, offset + 28, this.H);
      return;
    }
    // A partial digest ends the keystream: a byte loop over a copy (in the block's digest words).
    const w = this.digestBlock;
    this.save(w);
    for (let i = 0; i < n; i++) out[offset + i] = w[i >> 2] >>> (24 - 8 * (i & 3));
  }

  /** `out[offset + i]` ← `data[offset + i]` XOR digest byte `i`, for `i` < `n` (≤ 32). */
  xorDigest(data: Uint8Array, out: Uint8Array, offset: number, n: number): void {
    if (n === SHA256_DIGEST) {
      xorWord(data, out, offset, this.A);
      xorWord(data, out, offset + 4, this.B);
      xorWord(data, out, offset + 8, this.C);
      xorWord(data, out, offset + 12, this.D);
      xorWord(data, out, offset + 16, this.E);
      xorWord(data, out, offset + 20, this.F);
      xorWord(data, out, offset + 24, this.G);
      xorWord(data, out, offset + 28, this.H);
      return;
    }
    const w = this.digestBlock;
    this.save(w);
    for (let i = 0; i < n; i++) out[offset + i] = data[offset + i] ^ (w[i >> 2] >>> (24 - 8 * (i & 3)));
  }

  /** Zeroes the registers and the copy of a digest's words this object keeps. */
  wipe(): void {
    this.A = this.B = this.C = this.D = this.E = this.F = this.G = this.H = 0;
    this.save(this.digestBlock); // the registers' zeros over the digest's copy
  }

  /** Registers ← compress(registers, `w[o .. o + 16]`), message words big-endian. */
  compress(w: Int32Array, o: number): void {
    compress(this, w, o);
  }
}

/**
 * FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea … f20015ad, one padded block.
 * @throws {Error} when this build computes anything else (nothing could be read or written)
 */
function selfCheck(): void {
  const block = new Int32Array(16);
  block[0] = 0x61626380; // "abc", then the 0x80 that ends the message
  block[15] = 24; // its length in bits
  const r = new Sha256Registers();
  r.compress(block, 0);
  const digest = new Int32Array(8);
  r.save(digest);
  const expected = Int32Array.of(0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223, 0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad);
  for (let i = 0; i < 8; i++) if (digest[i] !== expected[i]) throw new Error('SHA-256 self-check failed: this build cannot make CLM keystreams.');
}
selfCheck();
