/**
 * Opening CLM 2.0.1 pointers: the keystream XOR and CLM's own test of a right phrase, for one
 * pointer ({@link openParsedPointer}) or for many under one phrase and chat
 * ({@link ClmPointerOpener}, {@link openParsedPointers}). Re-exported by lib/clm/format.ts.
 *
 * The seed and the plaintext are staged in scratch buffers that are wiped before each call
 * returns: nothing derived from the phrase outlives the call, and no array is allocated for them.
 * @module
 */
import { HmacDrbgPrefix, hmacDrbgXor } from './drbg.ts';
import { ClmInputError, PointerError } from './errors.ts';

/** The separator CLM puts between the sender's name and the text, and tests for on receive. */
export const SIGNATURE_SEPARATOR = ': ';

const utf8Encoder = new TextEncoder();
// `ignoreBOM: true` keeps a leading U+FEFF in the text, as Python's 'utf-8' codec does.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The three fields of a pointer, read but not decrypted. */
export interface ParsedPointer {
  /** The chat id as CLM names it: `str(c)`. */
  readonly chatId: string;
  /** Seconds; may be negative if someone wrote it so (CLM accepts any integer). */
  readonly epoch: number;
  /** The ciphertext bytes. */
  readonly data: Uint8Array;
}

/** A discovered message. */
export interface DiscoveredMessage {
  readonly chatId: string;
  readonly epoch: number;
  /** What stands before the first `": "` of the signed text. */
  readonly sender: string;
  /** What follows the first `": "`. */
  readonly text: string;
  /** The whole decrypted text, `sender + ": " + text`. */
  readonly signed: string;
}

/**
 * Checks that `value` is a string CLM 2.0.1 could encode (no unpaired UTF-16 surrogate).
 * @throws {ClmInputError} `invalid-argument` otherwise
 */
export function assertText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new ClmInputError('invalid-argument', `${name} must be a string`);
  }
  if (!value.isWellFormed()) {
    throw new ClmInputError('invalid-argument', `${name} contains an unpaired surrogate and cannot be encoded as UTF-8`);
  }
}

function assertSafeEpoch(epoch: number): void {
  if (!Number.isSafeInteger(epoch)) {
    throw new ClmInputError('invalid-argument', 'epoch must be a safe integer');
  }
}

/**
 * The DRBG seed of one message: UTF-8 of `phrase + "_" + seedSuffix + "_" + epoch`.
 *
 * @throws {ClmInputError} `invalid-argument` on text with unpaired surrogates or a bad epoch
 */
export function seedMaterial(phrase: string, seedSuffix: string, epoch: number): Uint8Array {
  assertText(phrase, 'phrase');
  assertText(seedSuffix, 'seedSuffix');
  assertSafeEpoch(epoch);
  return utf8Encoder.encode(`${phrase}_${seedSuffix}_${epoch}`);
}

/** Scratch bytes no longer than this are reused; a longer need gets (and drops) its own array. */
const SCRATCH_LIMIT = 64 * 1024;
let seedScratch: Uint8Array = new Uint8Array(256);
let plainScratch: Uint8Array = new Uint8Array(256);

/** A buffer of at least `n` bytes: the shared scratch while that is small enough. */
function scratchFor(scratch: Uint8Array, n: number): Uint8Array {
  if (n <= scratch.length) return scratch;
  return new Uint8Array(n <= SCRATCH_LIMIT ? Math.min(Math.max(n, 2 * scratch.length), SCRATCH_LIMIT) : n);
}

/**
 * `out[0 .. data.length]` ← `data` XOR CLM's keystream for this phrase, chat suffix and epoch, the
 * seed encoded into a scratch buffer and wiped from it after.
 *
 * @throws {ClmInputError} `invalid-argument` on text with unpaired surrogates or a bad epoch
 */
export function xorWithSeed(phrase: string, seedSuffix: string, epoch: number, data: Uint8Array, out: Uint8Array): void {
  assertText(phrase, 'phrase');
  assertText(seedSuffix, 'seedSuffix');
  assertSafeEpoch(epoch);
  const text = `${phrase}_${seedSuffix}_${epoch}`;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const buffer = scratchFor(seedScratch, 3 * text.length);
  if (buffer.length <= SCRATCH_LIMIT) seedScratch = buffer;
  const { written } = utf8Encoder.encodeInto(text, buffer);
  try {
    hmacDrbgXor(buffer.subarray(0, written), data, out);
  } finally {
    buffer.fill(0, 0, written);
  }
}

/**
 * The message in `plain[0 .. n]` if it is what CLM 2.0.1 accepts as a right phrase (UTF-8 that
 * contains `": "`); wipes those bytes either way.
 * @throws {PointerError} `not-for-this-phrase` otherwise
 */
function signedMessage(parsed: ParsedPointer, plain: Uint8Array, n: number): DiscoveredMessage {
  let signed: string;
  try {
    signed = utf8Decoder.decode(plain.subarray(0, n));
  } catch {
    throw notForThisPhrase();
  } finally {
    plain.fill(0, 0, n);
  }
  const at = signed.indexOf(SIGNATURE_SEPARATOR);
  if (at < 0) throw notForThisPhrase();
  return {
    chatId: parsed.chatId,
    epoch: parsed.epoch,
    sender: signed.slice(0, at),
    text: signed.slice(at + SIGNATURE_SEPARATOR.length),
    signed,
  };
}

function plainBufferFor(n: number): Uint8Array {
  const buffer = scratchFor(plainScratch, n);
  if (buffer.length <= SCRATCH_LIMIT) plainScratch = buffer;
  return buffer;
}

/**
 * Decrypts an already parsed pointer (lets a caller parse once, then pick the chat's suffix).
 *
 * @throws {PointerError} `not-for-this-phrase`
 * @throws {ClmInputError} `invalid-argument` if `phrase` or `seedSuffix` is not well-formed text,
 *   or `parsed` does not hold a safe-integer epoch and bytes
 */
export function openParsedPointer(parsed: ParsedPointer, phrase: string, seedSuffix: string): DiscoveredMessage {
  const n = parsed.data.length;
  const plain = plainBufferFor(n);
  xorWithSeed(phrase, seedSuffix, parsed.epoch, parsed.data, plain);
  return signedMessage(parsed, plain, n);
}

/**
 * Opens many pointers under one phrase and chat suffix, as a page scan or an import tries them:
 * the seed's shared `phrase_suffix_` is encoded once and the DRBG work that depends on it alone is
 * done once ({@link HmacDrbgPrefix}). Each {@link open} gives exactly what
 * {@link openParsedPointer} gives with the same phrase and suffix.
 *
 * It keeps secret state (the phrase's bytes and a hash state of them) until {@link dispose}: call
 * it when the batch is done, in a `finally`.
 */
export class ClmPointerOpener {
  private readonly prefix: HmacDrbgPrefix;
  /** The epoch's digits, the only part of the seed that differs between pointers. */
  private readonly digits = new Uint8Array(24);

  /** @throws {ClmInputError} `invalid-argument` if `phrase` or `seedSuffix` is not well-formed text */
  constructor(phrase: string, seedSuffix: string) {
    assertText(phrase, 'phrase');
    assertText(seedSuffix, 'seedSuffix');
    const prefix = utf8Encoder.encode(`${phrase}_${seedSuffix}_`);
    this.prefix = new HmacDrbgPrefix(prefix);
    prefix.fill(0);
  }

  /**
   * Decrypts a parsed pointer and applies CLM's test of a right phrase.
   *
   * @throws {PointerError} `not-for-this-phrase`
   * @throws {ClmInputError} `invalid-argument` after {@link dispose}, or if `parsed` does not hold
   *   a safe-integer epoch and bytes
   */
  open(parsed: ParsedPointer): DiscoveredMessage {
    assertSafeEpoch(parsed.epoch);
    // `${epoch}` of a safe integer is ASCII ("-" and digits), so its UTF-8 is its char codes.
    const text = String(parsed.epoch);
    const digits = this.digits;
    for (let i = 0; i < text.length; i++) digits[i] = text.charCodeAt(i);
    const n = parsed.data.length;
    const plain = plainBufferFor(n);
    this.prefix.xor(digits.subarray(0, text.length), parsed.data, plain);
    return signedMessage(parsed, plain, n);
  }

  /** Wipes the phrase's bytes and the state derived from them; {@link open} refuses after. */
  dispose(): void {
    this.prefix.dispose();
  }
}

/**
 * Opens each pointer under one phrase and chat suffix; a pointer that does not open gives its
 * `not-for-this-phrase` error in its place instead of stopping the others.
 *
 * @returns one result per pointer, in order
 * @throws {ClmInputError} `invalid-argument` if `phrase` or `seedSuffix` is not well-formed text,
 *   or a pointer does not hold a safe-integer epoch and bytes
 */
export function openParsedPointers(pointers: readonly ParsedPointer[], phrase: string, seedSuffix: string): (DiscoveredMessage | PointerError)[] {
  const opener = new ClmPointerOpener(phrase, seedSuffix);
  try {
    return pointers.map((parsed) => {
      try {
        return opener.open(parsed);
      } catch (error) {
        if (error instanceof PointerError) return error;
        throw error;
      }
    });
  } finally {
    opener.dispose();
  }
}

function notForThisPhrase(): PointerError {
  return new PointerError(
    'not-for-this-phrase',
    'This pointer does not open with this phrase in this chat: the phrase or the chat differs, or the pointer was altered.',
  );
}
