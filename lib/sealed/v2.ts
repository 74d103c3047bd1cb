/**
 * Sealed pointers, version 2: like version 1 (lib/sealed/v1.ts) but nothing is readable without the
 * key — not the chat, not the time, not the length beyond a size class. Made for contacts
 * (lib/contacts/key-agreement.ts), whose readers cannot tell from a pointer which contact wrote it and so try
 * every key they hold. Specified in docs/PROTOCOL.md, section 7.
 *
 * ```text
 * plaintext = epoch (uint48 BE) | len(hint) (1) | hint | len(m) (uint24 BE) | m | zeros to a bucket size
 *             where m = UTF-8(sender + ": " + text)
 * bytes     = nonce (24 random) | XChaCha20-Poly1305(key, nonce, AAD = "clm-sealed/v2", plaintext) | tag (16)
 * pointer   = "CLM2:" + base32(bytes)
 * ```
 *
 * Pure; randomness is injectable. Errors are {@link PointerError}s, with the codes version 1 uses.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { base32Value, fromBase32, isBase32Separator, toBase32 } from '../encoding/base32.ts';
import { SIGNATURE_SEPARATOR } from '../clm/format.ts';
import { ClmInputError, MAX_POINTER_CHARS, PointerError } from '../clm/errors.ts';

/** The text every version-2 sealed pointer starts with (any case is read). */
export const SEALED_V2_PREFIX = 'CLM2:';
/**
 * The sizes a plaintext is padded to: the smallest that holds it. Doubling up to 4 KiB, where a
 * message's size says most about it, then steps of 4 KiB: a pointer gives away no more than its
 * size class.
 */
export const SEALED_V2_BUCKETS: readonly number[] = [64, 128, 256, 512, 1024, 2048, ...Array.from({ length: 9 }, (_, i) => 4096 * (i + 1))];
/**
 * Longest signed message (UTF-8 of "sender: text"). Lower than version 1's 40,000 bytes: the
 * largest bucket (36,864) must hold it with a full hint, and a pointer of that bucket (59,052
 * characters) must stay within MAX_POINTER_CHARS; the next bucket would not (65,605).
 */
export const MAX_SEALED_V2_MESSAGE_BYTES = 36_000;
/** Longest chat hint, in bytes. */
export const MAX_SEALED_V2_HINT_BYTES = 255;

const NONCE = 24;
const TAG = 16;
/** Plaintext bytes around the hint and the message: epoch, hint length, message length. */
const FRAME = 6 + 1 + 3;
const MAX_EPOCH = 2 ** 48 - 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Binds the format: a version-1 key used here, or this ciphertext moved into another format, fails the tag. */
const AAD = encoder.encode('clm-sealed/v2');
const BUCKET_SET: ReadonlySet<number> = new Set(SEALED_V2_BUCKETS);

/**
 * The bucket a plaintext of `length` bytes is padded to.
 * @throws {ClmInputError} `invalid-argument` for a length that is not a whole number,
 *   `message-too-long` above the largest bucket
 */
export function sealedV2Bucket(length: number): number {
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) throw new ClmInputError('invalid-argument', 'length must be a whole number');
  const bucket = SEALED_V2_BUCKETS.find((b) => b >= length);
  if (bucket === undefined) throw new ClmInputError('message-too-long', 'The message is too long for a sealed pointer.');
  return bucket;
}

export interface SealV2Input {
  /** 32 bytes: a contact's chat key ({@link ./contact-key.ts}) or any other chat key. */
  readonly key: Uint8Array;
  /** Whole seconds since 1970, 0 … 2^48 − 1. */
  readonly epoch: number;
  /** Bytes the reader may use to choose a chat among those of one key (0 … 255 bytes); none by default. */
  readonly hint?: Uint8Array;
  /** Who writes: a claim, as in every sealed pointer. Must not contain ": ". */
  readonly sender: string;
  readonly text: string;
  /** 24 bytes, new for every pointer; the platform's CSPRNG unless a test gives one. */
  readonly nonce?: Uint8Array;
}

/** What a version-2 pointer holds, and which key opened it. */
export interface OpenedV2<Id> {
  /** The `id` given with the key that opened it. */
  readonly id: Id;
  readonly epoch: number;
  readonly hint: Uint8Array;
  readonly sender: string;
  readonly text: string;
  /** `sender + ": " + text`, as written. */
  readonly signed: string;
}

export interface KeyToTry<Id> {
  readonly id: Id;
  readonly key: Uint8Array;
}

/**
 * Seals a message into a version-2 pointer.
 * @throws {ClmInputError} `invalid-argument` for a malformed field (a key or nonce of the wrong
 *   size, an epoch out of range, a hint over 255 bytes, text that is not well formed, a sender
 *   with ": "), `message-too-long` above {@link MAX_SEALED_V2_MESSAGE_BYTES}
 */
export function sealV2(o: SealV2Input): string {
  if (typeof (o as unknown) !== 'object' || (o as unknown) === null) throw new ClmInputError('invalid-argument', 'sealV2 expects an object');
  const { key, epoch, sender, text } = o;
  const hint = o.hint ?? new Uint8Array(0);
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new ClmInputError('invalid-argument', 'key must be 32 bytes');
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_EPOCH) {
    throw new ClmInputError('invalid-argument', 'epoch must be a whole number of seconds from 0 to 2^48-1');
  }
  if (!(hint instanceof Uint8Array) || hint.length > MAX_SEALED_V2_HINT_BYTES) throw new ClmInputError('invalid-argument', 'hint must be at most 255 bytes');
  for (const [name, value] of [
    ['sender', sender],
    ['text', text],
  ] as const) {
    if (typeof value !== 'string' || !value.isWellFormed()) throw new ClmInputError('invalid-argument', `${name} must be well-formed text`);
  }
  // A reader splits at the first ": "; a sender containing one would come back as another sender.
  if (sender.includes(SIGNATURE_SEPARATOR)) throw new ClmInputError('invalid-argument', 'sender must not contain ": "');
  const nonce = o.nonce ?? crypto.getRandomValues(new Uint8Array(NONCE));
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE) throw new ClmInputError('invalid-argument', 'nonce must be 24 bytes');
  const message = encoder.encode(`${sender}${SIGNATURE_SEPARATOR}${text}`);
  if (message.length > MAX_SEALED_V2_MESSAGE_BYTES) {
    throw new ClmInputError(
      'message-too-long',
      `The message is too long: signed, it is ${message.length} bytes of UTF-8 and at most ${MAX_SEALED_V2_MESSAGE_BYTES} fit in a sealed pointer of version 2.`,
    );
  }
  const used = FRAME + hint.length + message.length;
  const plain = new Uint8Array(sealedV2Bucket(used)); // zero-filled: the padding
  const view = new DataView(plain.buffer);
  view.setUint16(0, Math.floor(epoch / 2 ** 32), false);
  view.setUint32(2, epoch >>> 0, false);
  plain[6] = hint.length;
  plain.set(hint, 7);
  let o2 = 7 + hint.length;
  plain[o2++] = (message.length >>> 16) & 0xff;
  plain[o2++] = (message.length >>> 8) & 0xff;
  plain[o2++] = message.length & 0xff;
  plain.set(message, o2);
  message.fill(0);
  const sealed = xchacha20poly1305(key, nonce, AAD).encrypt(plain);
  plain.fill(0);
  const bytes = new Uint8Array(NONCE + sealed.length);
  bytes.set(nonce);
  bytes.set(sealed, NONCE);
  return `${SEALED_V2_PREFIX}${toBase32(bytes)}`;
}

/** Whether `text` (trimmed) starts like a version-2 sealed pointer, in any case. */
export function isSealedV2PointerText(text: string): boolean {
  return typeof text === 'string' && text.trim().slice(0, SEALED_V2_PREFIX.length).toUpperCase() === SEALED_V2_PREFIX;
}

const notAPointer = (why: string) => new PointerError('not-a-pointer', `This is not a sealed pointer of version 2: ${why}.`);

/** The nonce and the ciphertext+tag of a pointer whose shape is right, before any key is tried. */
function parseV2(input: string): { readonly nonce: Uint8Array; readonly sealed: Uint8Array } {
  if (typeof input !== 'string') throw notAPointer('expected text');
  if (input.length > MAX_POINTER_CHARS) {
    throw new PointerError('too-long', `This text is too long to be a pointer (${input.length} characters; the limit is ${MAX_POINTER_CHARS}).`);
  }
  const text = input.trim();
  if (!isSealedV2PointerText(text)) throw notAPointer(`it does not start with ${SEALED_V2_PREFIX}`);
  const bytes = fromBase32(text.slice(SEALED_V2_PREFIX.length));
  if (!(bytes instanceof Uint8Array)) {
    const at = bytes.badIndex + SEALED_V2_PREFIX.length;
    throw notAPointer(at >= text.length ? 'it ends in the middle of a byte (cut off?)' : `${JSON.stringify(text.charAt(at))} at position ${at + 1} is not a base32 digit`);
  }
  // Every pointer is a nonce, a bucket and a tag long: any other length is cut off or has extra.
  if (!BUCKET_SET.has(bytes.length - NONCE - TAG)) throw notAPointer('it is cut off or has extra characters (its length is not one a pointer can have)');
  return { nonce: bytes.subarray(0, NONCE), sealed: bytes.subarray(NONCE) };
}

/**
 * Opens a version-2 pointer with the first key (in the order given) whose tag verifies. A key
 * whose tag fails costs one Poly1305 over the pointer and reveals nothing: the plaintext is
 * decrypted only under the key that verified, and read only then.
 * @throws {PointerError} `too-long`; `not-a-pointer` (no `CLM2:` prefix, a character that is not
 *   a base32 digit, a length no pointer has: cut off or extra); `not-for-this-phrase` when no key
 *   opens it ("altered, or not for any of these keys"), or the key that opened it finds no
 *   well-formed message inside (a faulty writer holding the key)
 * @throws {ClmInputError} `invalid-argument` when `keys` is not a list of `{ id, key }` with
 *   32-byte keys
 */
export function openV2<Id>(pointer: string, keys: readonly KeyToTry<Id>[]): OpenedV2<Id> {
  const list: unknown = keys;
  if (!Array.isArray(list)) throw new ClmInputError('invalid-argument', 'keys must be a list');
  for (const k of keys) {
    if (typeof (k as unknown) !== 'object' || (k as unknown) === null || !(k.key instanceof Uint8Array) || k.key.length !== 32) {
      throw new ClmInputError('invalid-argument', 'every key must be { id, key } with a 32-byte key');
    }
  }
  const { nonce, sealed } = parseV2(pointer);
  for (const { id, key } of keys) {
    let plain: Uint8Array;
    try {
      plain = xchacha20poly1305(key, nonce, AAD).decrypt(sealed);
    } catch {
      continue; // the tag failed: not this key, and nothing was decrypted
    }
    try {
      return { id, ...readPlaintext(plain) };
    } finally {
      plain.fill(0);
    }
  }
  throw new PointerError(
    'not-for-this-phrase',
    'No key of yours opens this pointer: it is altered, or it is not for any of your contacts or chats. Nothing of it can be trusted.',
  );
}

const malformed = (why: string) => new PointerError('not-for-this-phrase', `This pointer opened, but what is inside is not a message (${why}); it was written by a faulty program.`);

/** The fields of an authenticated plaintext, checked as strictly as sealV2 writes them. */
function readPlaintext(plain: Uint8Array): Omit<OpenedV2<never>, 'id'> {
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const epoch = view.getUint16(0, false) * 2 ** 32 + view.getUint32(2, false);
  const hintLength = plain[6];
  const at = 7 + hintLength;
  // The smallest bucket (64) always holds the frame and the largest hint's length byte; a long
  // hint may still run past the end.
  if (at + 3 > plain.length) throw malformed('the lengths do not add up');
  const messageLength = (plain[at] << 16) | (plain[at + 1] << 8) | plain[at + 2];
  const end = at + 3 + messageLength;
  if (messageLength > MAX_SEALED_V2_MESSAGE_BYTES || end > plain.length) throw malformed('the lengths do not add up');
  if (sealedV2Bucket(end) !== plain.length) throw malformed('it is padded to the wrong size');
  for (let i = end; i < plain.length; i++) if (plain[i] !== 0) throw malformed('the padding is not zero');
  let signed: string;
  try {
    signed = decoder.decode(plain.subarray(at + 3, end));
  } catch {
    throw malformed('the message is not text');
  }
  const split = signed.indexOf(SIGNATURE_SEPARATOR);
  if (split < 0) throw malformed('no sender');
  return { epoch, hint: plain.slice(7, at), sender: signed.slice(0, split), text: signed.slice(split + SIGNATURE_SEPARATOR.length), signed };
}

/** How many base32 digits a version-2 pointer of each bucket has, shortest first. */
const DIGITS_BY_BUCKET: readonly number[] = SEALED_V2_BUCKETS.map((b) => Math.ceil(((NONCE + b + TAG) * 8) / 5));

/**
 * Where the base32 body of a version-2 pointer that starts at `bodyStart` ends (the index after
 * its last digit), or -1 when no pointer length fits (cut off). The body is as long as one of the
 * bucket lengths: of the digits that follow (separators skipped), the longest run that is such a
 * length, so that a word in capitals after a space is not taken for part of it. When digits go on
 * right after that length, with nothing between, the pointer cannot be told from what follows
 * (cut off, or run into other text): -1 as well. Reads each character at most once, never more
 * than {@link MAX_POINTER_CHARS} of them.
 */
export function sealedV2BodyEnd(text: string, bodyStart: number): number {
  const limit = Math.min(text.length, bodyStart + MAX_POINTER_CHARS);
  const ends = new Map<number, number>();
  const wanted = new Set(DIGITS_BY_BUCKET);
  let digits = 0;
  for (let i = bodyStart; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (base32Value(c) < 0) {
      if (!isBase32Separator(c) || digits === 0) break;
      continue;
    }
    digits++;
    if (wanted.has(digits)) ends.set(digits, i + 1);
  }
  let best = -1;
  for (const [count, end] of ends) if (count <= digits && end > best) best = end;
  if (best >= 0 && best < text.length && base32Value(text.charCodeAt(best)) >= 0) return -1;
  return best;
}

