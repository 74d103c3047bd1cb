/**
 * CLM 2.0.1's HMAC_DRBG (HMAC-SHA256), in linear time and without allocating per block.
 *
 * CLM's generator is the NIST HMAC_DRBG without reseeding:
 *
 * ```text
 * K = 0x00 * 32, V = 0x01 * 32
 * update(seed): K = HMAC(K, V || 0x00 || seed); V = HMAC(K, V)
 *               if seed is not empty: K = HMAC(K, V || 0x01 || seed); V = HMAC(K, V)
 * generate(n):  repeat V = HMAC(K, V), append V; until n bytes
 * ```
 *
 * Speed comes from not repeating work, and from a SHA-256 compression written for V8 over
 * @noble/hashes' registers (lib/clm/sha256-compress.ts, cross-checked against noble and node:crypto):
 * - An HMAC key is turned into its two padded-key states once (`keyStates`), and every block under
 *   that key starts from those states: 2 compressions per 32-byte block instead of 4.
 * - The first key is the constant zero key, so its states are computed once per module.
 * - A block message is always 32 bytes, so its SHA-256 padding is constant, and its words go from
 *   the registers into the next compression without passing through bytes.
 * - The two updates hash the same message but for V and the separator: it is padded and turned
 *   into words once per seed, straight from the seed's bytes.
 * - The keystream is written (or XORed with the ciphertext) straight into the caller's buffer; no
 *   `temp += V`, which makes CLM 2.0.1 quadratic in the length.
 * - Seeds that share a prefix (CLM's `phrase_suffix_` before the epoch) can share the compressions
 *   of the first HMAC that read only the prefix: see {@link HmacDrbgPrefix}.
 *
 * Every call wipes what it derived from the seed (keys, V, message words) before it returns.
 * @module
 */
import { ClmInputError } from './errors.ts';
import { SHA256_BLOCK as BLOCK, SHA256_DIGEST as DIGEST, Sha256Registers } from './sha256-registers.ts';

/** Largest keystream one call may produce (256 MiB); a guard against accidental exhaustion. */
export const MAX_DRBG_LENGTH = 2 ** 28;

const IPAD_WORD = 0x36363636;
const OPAD_WORD = 0x5c5c5c5c;
/** Where the seed starts in a DRBG update message `V || separator || seed`. */
const SEED_AT = DIGEST + 1;

/** The inner and outer SHA-256 states of one HMAC key, after absorbing its padded key blocks. */
interface KeyStates {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/**
 * Where an update's inner hash starts: `state` after the first `blocks` blocks of its message.
 * Usually the key's inner state and 0; for the first update of seeds that share a prefix, the
 * state after the blocks that hold only `V0 || 0x00 || prefix` ({@link HmacDrbgPrefix}).
 */
interface Midstate {
  readonly state: Int32Array;
  readonly blocks: number;
}

/**
 * `a[0 .. end]` ← 0. A loop: for the few words a run clears, TypedArray.fill's call costs three
 * times as much (~30 ns against ~10 ns), and a run clears five times.
 */
function clear(a: Int32Array, end: number): void {
  for (let i = 0; i < end; i++) a[i] = 0;
}

/** The 8 words of V's initial value, 0x01 * 32. */
const V0 = new Int32Array(8).fill(0x01010101);

/** Scratch memory reused by every call (JavaScript runs one call at a time). */
class Scratch {
  readonly sha = new Sha256Registers();
  /** V between steps of the seeding, then the current key's states: 24 words, cleared at once. */
  private readonly secrets = new Int32Array(24);
  readonly v = this.secrets.subarray(0, 8);
  /** The current key's states; seeding overwrites them in place (the zero key's are separate). */
  readonly key: KeyStates = { inner: this.secrets.subarray(8, 16), outer: this.secrets.subarray(16, 24) };
  /**
   * The padded-key blocks of a 32-byte HMAC key as words: words 8..15 hold the pad (0x36 inner,
   * 0x5c outer) as for a zero key byte; words 0..7 are written per key.
   */
  readonly ipad = new Int32Array(16).fill(IPAD_WORD);
  readonly opad = new Int32Array(16).fill(OPAD_WORD);
  /** The zero key's states: a constant, not a secret. */
  readonly zero: KeyStates = { inner: new Int32Array(8), outer: new Int32Array(8) };
  readonly zeroFrom: Midstate = { state: this.zero.inner, blocks: 0 };
  readonly keyFrom: Midstate = { state: this.key.inner, blocks: 0 };
  /**
   * An update's message `V || separator || seed`, padded, as big-endian words: written once per
   * seed, then each update writes its V and separator. Grown when a longer seed comes.
   */
  msg = new Int32Array(64);

  constructor() {
    this.sha.load(new Int32Array(8)); // the all-zero key, as a digest
    this.keyStatesFromRegisters(this.zero);
    this.sha.wipe();
  }

  /**
   * Computes the padded-key states of the 32-byte key held as a digest in the registers
   * (2 compressions; the key's words are XORed with the pad as whole words).
   */
  keyStatesFromRegisters(into: KeyStates): void {
    const sha = this.sha;
    sha.saveMasked(this.ipad, IPAD_WORD);
    sha.saveMasked(this.opad, OPAD_WORD);
    sha.loadIv();
    sha.compress(this.ipad, 0);
    sha.save(into.inner);
    sha.loadIv();
    sha.compress(this.opad, 0);
    sha.save(into.outer);
  }

  /** Registers ← HMAC(key, registers): the message is the 32-byte digest in the registers. */
  hmacOfRegisters(key: KeyStates): void {
    this.sha.hashDigestBlock(key.inner);
    this.sha.hashDigestBlock(key.outer);
  }

  /**
   * Writes an update's message `V || separator || seed[0 .. seedLength]` into {@link msg} as
   * big-endian words, padded as an HMAC's inner hash pads it (after the 64-byte key block), with V
   * and the separator left zero for each update to write. Returns the number of blocks.
   */
  writeMessage(seed: Uint8Array, seedLength: number): number {
    const length = SEED_AT + seedLength;
    const blocks = Math.floor((length + 8) / BLOCK) + 1;
    const words = 16 * blocks;
    if (this.msg.length < words) this.msg = new Int32Array(words);
    const w = this.msg;
    clear(w, words);
    for (let k = 0, j = SEED_AT; k < seedLength; k++, j++) w[j >> 2] |= seed[k] << (24 - 8 * (j & 3));
    w[length >> 2] |= 0x80 << (24 - 8 * (length & 3));
    const bits = (BLOCK + length) * 8;
    w[words - 2] = Math.floor(bits / 2 ** 32);
    w[words - 1] = bits;
    return blocks;
  }

  /**
   * Registers ← HMAC(key, the message in {@link msg}), of `blocks` blocks, the inner hash
   * starting from `from`.
   */
  hmacOfMessage(key: KeyStates, from: Midstate, blocks: number): void {
    this.sha.load(from.state);
    for (let b = from.blocks; b < blocks; b++) this.sha.compress(this.msg, 16 * b);
    this.sha.hashDigestBlock(key.outer);
  }

  /** Zeroes everything a run derived from its seed (the zero key's states are no secret). */
  wipe(blocks: number): void {
    clear(this.msg, 16 * blocks);
    clear(this.secrets, 24);
    clear(this.ipad, 8);
    clear(this.opad, 8);
    this.sha.wipe();
  }
}

let scratch: Scratch | undefined;
const getScratch = (): Scratch => (scratch ??= new Scratch());

/**
 * The DRBG on the seed `seed[0 .. seedLength]`: `length` bytes of keystream into `out`, or XORed
 * with `data` into `out` when `data` is given. `from`, if given, is a {@link Midstate} of this
 * seed's prefix. Wipes the scratch before returning.
 */
function run(seed: Uint8Array, seedLength: number, from: Midstate | undefined, data: Uint8Array | undefined, out: Uint8Array, length: number): void {
  const s = getScratch();
  const sha = s.sha;
  const key = s.key;
  const blocks = s.writeMessage(seed, seedLength);
  const msg = s.msg;
  try {
    // K = HMAC(0, V0 || 0x00 || seed); V = HMAC(K, V0)
    msg.set(V0);
    s.hmacOfMessage(s.zero, from ?? s.zeroFrom, blocks);
    s.keyStatesFromRegisters(key);
    sha.load(V0);
    s.hmacOfRegisters(key);
    if (seedLength > 0) {
      // K = HMAC(K, V || 0x01 || seed); V = HMAC(K, V)
      sha.save(s.v);
      sha.save(msg);
      msg[DIGEST >> 2] |= 0x01 << 24;
      s.hmacOfMessage(key, s.keyFrom, blocks);
      s.keyStatesFromRegisters(key);
      sha.load(s.v);
      s.hmacOfRegisters(key);
    }
    // generate: V = HMAC(K, V), appended, until `length` bytes. V stays in the registers.
    for (let off = 0; off < length; off += DIGEST) {
      s.hmacOfRegisters(key);
      const n = Math.min(DIGEST, length - off);
      if (data) sha.xorDigest(data, out, off, n);
      else sha.writeDigest(out, off, n);
    }
  } finally {
    // The key, V and the message words are derived from the secret: leave nothing behind.
    s.wipe(blocks);
  }
}

function checkLength(length: number, fn: string): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_DRBG_LENGTH) {
    throw new ClmInputError('invalid-argument', `${fn}: length must be an integer from 0 to ${MAX_DRBG_LENGTH}`);
  }
}

function checkBytes(value: unknown, name: string, fn: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new ClmInputError('invalid-argument', `${fn}: ${name} must be a Uint8Array`);
  }
}

function checkXorArgs(data: Uint8Array, out: Uint8Array, fn: string): void {
  checkBytes(data, 'data', fn);
  checkBytes(out, 'out', fn);
  checkLength(data.length, fn);
  if (out.length < data.length) {
    throw new ClmInputError('invalid-argument', `${fn}: out must be at least as long as data`);
  }
}

/**
 * CLM 2.0.1's keystream: `HMAC_DRBG(seed).generate(length)`.
 *
 * @param seed - the seed material (CLM: UTF-8 of `phrase + "_" + suffix + "_" + epoch`)
 * @param length - number of bytes, 0 ≤ length ≤ {@link MAX_DRBG_LENGTH}
 * @returns a new array of `length` bytes
 * @throws {ClmInputError} `invalid-argument` if `seed` is not a Uint8Array or `length` is not an
 *   integer in range
 */
export function hmacDrbg(seed: Uint8Array, length: number): Uint8Array {
  checkBytes(seed, 'seed', 'hmacDrbg');
  checkLength(length, 'hmacDrbg');
  const out = new Uint8Array(length);
  run(seed, seed.length, undefined, undefined, out, length);
  return out;
}

/**
 * `out[i] = data[i] XOR HMAC_DRBG(seed).generate(data.length)[i]` for every byte of `data`, with no
 * keystream array in between: how CLM encrypts and decrypts. `out` may be `data` itself.
 *
 * @throws {ClmInputError} `invalid-argument` if an argument is not a Uint8Array, `data` is longer
 *   than {@link MAX_DRBG_LENGTH} or `out` is shorter than `data`
 */
export function hmacDrbgXor(seed: Uint8Array, data: Uint8Array, out: Uint8Array): void {
  checkBytes(seed, 'seed', 'hmacDrbgXor');
  checkXorArgs(data, out, 'hmacDrbgXor');
  run(seed, seed.length, undefined, data, out, data.length);
}

/**
 * HMAC_DRBG for many seeds that begin with the same bytes: CLM's seeds of one phrase and chat,
 * `phrase_suffix_`, differ only in the epoch after it. The prefix is kept here (not re-encoded per
 * seed), and when `V0 || 0x00 || prefix` fills whole SHA-256 blocks (a prefix of 31 bytes or
 * more) the first HMAC's compressions of those blocks are done once, here, for all seeds.
 *
 * It holds the prefix and a state derived from it, both secret: call {@link dispose} when done.
 */
export class HmacDrbgPrefix {
  /** `prefix || suffix`, the seed of one call; grown when a longer suffix comes. */
  private seed: Uint8Array;
  private readonly prefixLength: number;
  private readonly from: Midstate | undefined;
  private disposed = false;

  /**
   * @param prefix - the bytes every seed starts with (copied; the caller may wipe its own)
   * @throws {ClmInputError} `invalid-argument` if `prefix` is not a Uint8Array
   */
  constructor(prefix: Uint8Array) {
    checkBytes(prefix, 'prefix', 'HmacDrbgPrefix');
    this.prefixLength = prefix.length;
    this.seed = new Uint8Array(prefix.length + 32);
    this.seed.set(prefix);
    const blocks = Math.floor((SEED_AT + prefix.length) / BLOCK);
    if (blocks > 0) {
      // The first update's inner hash over the blocks of `V0 || 0x00 || prefix`, done once here.
      const s = getScratch();
      const written = s.writeMessage(prefix, prefix.length);
      s.msg.set(V0);
      s.sha.load(s.zero.inner);
      for (let b = 0; b < blocks; b++) s.sha.compress(s.msg, 16 * b);
      const state = new Int32Array(8);
      s.sha.save(state);
      this.from = { state, blocks };
      s.wipe(written);
    }
  }

  /**
   * `out[i] = data[i] XOR HMAC_DRBG(prefix || suffix).generate(data.length)[i]`: the same bytes
   * as {@link hmacDrbgXor} on the whole seed.
   *
   * @throws {ClmInputError} `invalid-argument` after {@link dispose}, for an argument that is not
   *   a Uint8Array, `data` longer than {@link MAX_DRBG_LENGTH} or `out` shorter than `data`
   */
  xor(suffix: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    if (this.disposed) throw new ClmInputError('invalid-argument', 'HmacDrbgPrefix: used after dispose()');
    checkBytes(suffix, 'suffix', 'HmacDrbgPrefix.xor');
    checkXorArgs(data, out, 'HmacDrbgPrefix.xor');
    const at = this.prefixLength;
    if (this.seed.length < at + suffix.length) {
      const grown = new Uint8Array(at + suffix.length);
      grown.set(this.seed.subarray(0, at));
      this.seed.fill(0);
      this.seed = grown;
    }
    // A suffix is a few bytes (CLM's: an epoch's digits): copied and wiped by hand, cheaper than
    // the set() and fill() builtins' calls.
    const seed = this.seed;
    for (let k = 0; k < suffix.length; k++) seed[at + k] = suffix[k];
    try {
      run(seed, at + suffix.length, this.from, data, out, data.length);
    } finally {
      for (let k = at; k < at + suffix.length; k++) seed[k] = 0;
    }
  }

  /** Wipes the prefix and the state derived from it; the object cannot be used after. */
  dispose(): void {
    this.disposed = true;
    this.seed.fill(0);
    this.from?.state.fill(0);
  }
}
