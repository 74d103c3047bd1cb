/**
 * Sealed pointers (format v1): what CLM 2.0.1 pointers lack — integrity, a fresh nonce per
 * message, and a wrong phrase that is always recognised. Specified in docs/PROTOCOL.md; test
 * vectors in tests/vectors/sealed-v1.json.
 *
 * ```text
 * root     = scrypt(UTF-8(phrase), salt = "clm-sealed/v1" [|| a chat's own 16-byte salt], N = 2^15, r = 8, p = 1, 32 bytes)
 * chat key = HKDF-SHA256(root, salt = none, info = "clm-sealed/v1/chat" || 0x00 || UTF-8(seed suffix), 32 bytes)
 * bytes    = 0x01 | len(c) | c | epoch (uint48 BE) | len(m) (uint24 BE) | nonce (24) | XChaCha20-Poly1305(m) | tag (16)
 *            where m = UTF-8(sender + ": " + text), and the header (everything before the nonce)
 *            is bound as associated data, prefixed by "clm-sealed/v1"
 * pointer  = "CLM1:" + base32(bytes)
 * ```
 *
 * Pure; randomness is injectable. Errors are {@link PointerError}s, as in lib/clm/format.ts.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base32Value, fromBase32, isBase32Separator, toBase32 } from '../encoding/base32.ts';
import { fromUtf8, utf8 } from '../encoding/bytes.ts';
import { type DiscoveredMessage, discoverPointer, SIGNATURE_SEPARATOR } from '../clm/format.ts';
import { ClmInputError, MAX_POINTER_CHARS, PointerError } from '../clm/errors.ts';

/** The text every sealed pointer starts with (any case is read). */
export const SEALED_PREFIX = 'CLM1:';
export const SEALED_VERSION = 1;
/** Longest message (UTF-8 of "sender: text"): keeps every sealed pointer within MAX_POINTER_CHARS. */
export const MAX_SEALED_MESSAGE_BYTES = 40_000;
/** scrypt parameters of the sealed root key: fixed by the format, so that both sides agree. */
export const SEALED_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

const NONCE = 24;
const TAG = 16;
const MAX_EPOCH = 2 ** 48 - 1;
const AAD_PREFIX = utf8('clm-sealed/v1');
const ROOT_SALT = utf8('clm-sealed/v1');
const CHAT_INFO = utf8('clm-sealed/v1/chat');

/** Bytes of a chat's own root salt ({@link deriveSealedRoot}), carried by invites of version 2. */
export const ROOT_SALT_BYTES = 16;

/**
 * The phrase's sealed root key: the slow step (about 0.1–0.3 s), done once per phrase.
 *
 * Without `salt`, the scrypt salt is the fixed `"clm-sealed/v1"`: what every profile phrase and
 * every chat created before invites of version 2 use, so one guess at a phrase is one scrypt
 * against all of them. With a chat's own random `salt` (16 bytes, chosen when the chat is created
 * and carried by its invite), the scrypt salt is `"clm-sealed/v1" || salt`, and guessing that
 * chat's phrase is work for that chat alone. The chat keys under either root are derived alike
 * ({@link sealedChatKey}).
 * @throws {ClmInputError} `invalid-argument` for a phrase with an unpaired surrogate, or a salt
 *   that is not {@link ROOT_SALT_BYTES} bytes
 */
export async function deriveSealedRoot(phrase: string, salt?: Uint8Array): Promise<Uint8Array> {
  if (typeof phrase !== 'string' || !phrase.isWellFormed()) {
    throw new ClmInputError('invalid-argument', 'phrase must be well-formed text');
  }
  if (salt !== undefined && (!(salt instanceof Uint8Array) || salt.length !== ROOT_SALT_BYTES)) {
    throw new ClmInputError('invalid-argument', `salt must be ${ROOT_SALT_BYTES} bytes`);
  }
  let scryptSalt = ROOT_SALT;
  if (salt !== undefined) {
    scryptSalt = new Uint8Array(ROOT_SALT.length + salt.length);
    scryptSalt.set(ROOT_SALT);
    scryptSalt.set(salt, ROOT_SALT.length);
  }
  return scryptAsync(utf8(phrase), scryptSalt, { ...SEALED_KDF, dkLen: 32, asyncTick: 20 });
}

/**
 * The key of one chat: its seed suffix under the phrase's root. Cheap (one HKDF).
 * @throws {ClmInputError} `invalid-argument` for a bad root or suffix
 */
export function sealedChatKey(root: Uint8Array, seedSuffix: string): Uint8Array {
  if (!(root instanceof Uint8Array) || root.length !== 32) throw new ClmInputError('invalid-argument', 'root must be 32 bytes');
  if (typeof seedSuffix !== 'string' || !seedSuffix.isWellFormed()) {
    throw new ClmInputError('invalid-argument', 'seedSuffix must be well-formed text');
  }
  const info = new Uint8Array(CHAT_INFO.length + 1 + utf8(seedSuffix).length);
  info.set(CHAT_INFO);
  info.set(utf8(seedSuffix), CHAT_INFO.length + 1);
  return hkdf(sha256, root, undefined, info, 32);
}

function header(chatId: Uint8Array, epoch: number, messageLength: number): Uint8Array {
  const out = new Uint8Array(2 + chatId.length + 6 + 3);
  out[0] = SEALED_VERSION;
  out[1] = chatId.length;
  out.set(chatId, 2);
  let o = 2 + chatId.length;
  // uint48 big-endian: the high 16 bits, then the low 32.
  const high = Math.floor(epoch / 2 ** 32);
  out[o++] = (high >>> 8) & 0xff;
  out[o++] = high & 0xff;
  new DataView(out.buffer).setUint32(o, epoch >>> 0, false);
  o += 4;
  out[o++] = (messageLength >>> 16) & 0xff;
  out[o++] = (messageLength >>> 8) & 0xff;
  out[o] = messageLength & 0xff;
  return out;
}

function aad(head: Uint8Array): Uint8Array {
  const out = new Uint8Array(AAD_PREFIX.length + head.length);
  out.set(AAD_PREFIX);
  out.set(head, AAD_PREFIX.length);
  return out;
}

export interface CreateSealedPointerInput {
  /** The chat's key ({@link sealedChatKey}). */
  readonly chatKey: Uint8Array;
  readonly username: string;
  readonly chatId: string;
  /** Whole seconds since 1970, 0 … 2^48-1. */
  readonly epoch: number;
  readonly text: string;
  /** Where the nonce comes from; the platform's CSPRNG unless a test injects one. */
  readonly random?: (length: number) => Uint8Array;
}

/**
 * Seals `username + ": " + text` for a chat.
 * @throws {ClmInputError} `invalid-argument` for a malformed field, `message-too-long` above
 *   {@link MAX_SEALED_MESSAGE_BYTES}
 */
export function createSealedPointer(o: CreateSealedPointerInput): string {
  if (typeof (o as unknown) !== 'object' || (o as unknown) === null) throw new ClmInputError('invalid-argument', 'createSealedPointer expects an object');
  const { chatKey, username, chatId, epoch, text } = o;
  if (!(chatKey instanceof Uint8Array) || chatKey.length !== 32) throw new ClmInputError('invalid-argument', 'chatKey must be 32 bytes');
  for (const [name, value] of [
    ['username', username],
    ['chatId', chatId],
    ['text', text],
  ] as const) {
    if (typeof value !== 'string' || !value.isWellFormed()) throw new ClmInputError('invalid-argument', `${name} must be well-formed text`);
  }
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_EPOCH) {
    throw new ClmInputError('invalid-argument', 'epoch must be a whole number of seconds from 0 to 2^48-1');
  }
  const id = utf8(chatId);
  if (id.length > 255) throw new ClmInputError('invalid-argument', 'chatId must be at most 255 bytes of UTF-8');
  const message = utf8(`${username}${SIGNATURE_SEPARATOR}${text}`);
  if (message.length > MAX_SEALED_MESSAGE_BYTES) {
    throw new ClmInputError(
      'message-too-long',
      `The message is too long: signed, it is ${message.length} bytes of UTF-8 and at most ${MAX_SEALED_MESSAGE_BYTES} fit in a sealed pointer.`,
    );
  }
  const random = o.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const nonce = random(NONCE);
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE) throw new ClmInputError('invalid-argument', 'random must return the bytes asked for');
  const head = header(id, epoch, message.length);
  const sealed = xchacha20poly1305(chatKey, nonce, aad(head)).encrypt(message);
  message.fill(0);
  const bytes = new Uint8Array(head.length + NONCE + sealed.length);
  bytes.set(head);
  bytes.set(nonce, head.length);
  bytes.set(sealed, head.length + NONCE);
  return `${SEALED_PREFIX}${toBase32(bytes)}`;
}

/** A sealed pointer read but not opened. */
export interface ParsedSealedPointer {
  readonly version: number;
  readonly chatId: string;
  readonly epoch: number;
  /** Everything before the nonce: bound as associated data. */
  readonly header: Uint8Array;
  readonly nonce: Uint8Array;
  /** Ciphertext and tag. */
  readonly sealed: Uint8Array;
  /** The pointer in canonical form: prefix upper-case, no separators. */
  readonly canonical: string;
}

/** Whether `text` (trimmed) starts like a sealed pointer, in any case. */
export function isSealedPointerText(text: string): boolean {
  return typeof text === 'string' && text.trim().slice(0, SEALED_PREFIX.length).toUpperCase() === SEALED_PREFIX;
}

const notAPointer = (why: string) => new PointerError('not-a-pointer', `This is not a sealed pointer: ${why}.`);

/**
 * Reads a sealed pointer (any case; spaces, line breaks and hyphens between digits ignored).
 * @throws {PointerError} `too-long`, `not-a-pointer` (prefix, base32, length),
 *   `unsupported-version`, `bad-chat-id`
 */
export function parseSealedPointer(input: string): ParsedSealedPointer {
  if (typeof input !== 'string') throw notAPointer('expected text');
  if (input.length > MAX_POINTER_CHARS) {
    throw new PointerError('too-long', `This text is too long to be a pointer (${input.length} characters; the limit is ${MAX_POINTER_CHARS}).`);
  }
  const text = input.trim();
  if (!isSealedPointerText(text)) throw notAPointer(`it does not start with ${SEALED_PREFIX}`);
  const bytes = fromBase32(text.slice(SEALED_PREFIX.length));
  if (!(bytes instanceof Uint8Array)) {
    const at = bytes.badIndex + SEALED_PREFIX.length;
    throw notAPointer(at >= text.length ? 'it ends in the middle of a byte (cut off?)' : `${JSON.stringify(text.charAt(at))} at position ${at + 1} is not a base32 digit`);
  }
  if (bytes.length < 2) throw notAPointer('it is too short');
  if (bytes[0] !== SEALED_VERSION) {
    throw new PointerError('unsupported-version', `This sealed pointer is of version ${bytes[0]}, which this extension does not read yet.`);
  }
  const idLength = bytes[1];
  const headLength = 2 + idLength + 6 + 3;
  if (bytes.length < headLength) throw notAPointer('it is cut off');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let chatId: string;
  try {
    chatId = fromUtf8(bytes.subarray(2, 2 + idLength));
  } catch {
    throw new PointerError('bad-chat-id', 'The chat id of this sealed pointer is not text.');
  }
  const o = 2 + idLength;
  const epoch = view.getUint16(o, false) * 2 ** 32 + view.getUint32(o + 2, false);
  const messageLength = (bytes[o + 6] << 16) | (bytes[o + 7] << 8) | bytes[o + 8];
  const expected = headLength + NONCE + messageLength + TAG;
  if (bytes.length !== expected) {
    throw notAPointer(bytes.length < expected ? 'it is cut off' : 'it has extra data at the end');
  }
  return {
    version: SEALED_VERSION,
    chatId,
    epoch,
    header: bytes.slice(0, headLength),
    nonce: bytes.slice(headLength, headLength + NONCE),
    sealed: bytes.slice(headLength + NONCE),
    canonical: `${SEALED_PREFIX}${toBase32(bytes)}`,
  };
}

/**
 * Opens a parsed sealed pointer with a chat key: only an intact pointer under the right key opens.
 * @throws {PointerError} `not-for-this-phrase` ("altered or not for this phrase") when the tag
 *   does not verify, or the message inside is not a signed CLM message
 */
export function openSealedPointer(parsed: ParsedSealedPointer, chatKey: Uint8Array): DiscoveredMessage {
  if (!(chatKey instanceof Uint8Array) || chatKey.length !== 32) throw new ClmInputError('invalid-argument', 'chatKey must be 32 bytes');
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(chatKey, parsed.nonce, aad(parsed.header)).decrypt(parsed.sealed);
  } catch {
    throw new PointerError(
      'not-for-this-phrase',
      'This sealed pointer is altered or not for this phrase: its integrity check failed, so nothing of it can be trusted.',
    );
  }
  let signed: string;
  try {
    signed = fromUtf8(plain);
  } catch {
    throw new PointerError('not-for-this-phrase', 'This sealed pointer holds no text.');
  } finally {
    plain.fill(0);
  }
  const at = signed.indexOf(SIGNATURE_SEPARATOR);
  if (at < 0) throw new PointerError('not-for-this-phrase', 'This sealed pointer holds no signed message.');
  return { chatId: parsed.chatId, epoch: parsed.epoch, sender: signed.slice(0, at), text: signed.slice(at + SIGNATURE_SEPARATOR.length), signed };
}

export type PointerFormat = 'clm' | 'sealed';

/** Which format `text` is in, judged by its start: `sealed` for CLM1:, else `clm`. */
export function pointerFormat(text: string): PointerFormat {
  return isSealedPointerText(text) ? 'sealed' : 'clm';
}

export interface DiscoverAnyPointerInput {
  readonly pointer: string;
  /** For a CLM 2.0.1 pointer: the phrase and the seed suffix of the chat it names. */
  readonly phrase: string;
  readonly seedSuffix: string;
  /** For a sealed pointer: the chat's key ({@link sealedChatKey}). */
  readonly sealedKey: Uint8Array;
}

export interface DiscoveredAnyMessage extends DiscoveredMessage {
  readonly format: PointerFormat;
  /** True only for sealed pointers: the text is exactly what the sender wrote. */
  readonly integrityProtected: boolean;
}

/**
 * Discovers a pointer of either format, told apart by its first characters.
 * @throws {PointerError} any code of `parsePointer` / {@link parseSealedPointer} /
 *   {@link openSealedPointer}
 * @throws {ClmInputError} `invalid-argument` for malformed keys or text
 */
export function discoverAnyPointer(o: DiscoverAnyPointerInput): DiscoveredAnyMessage {
  if (typeof (o as unknown) !== 'object' || (o as unknown) === null) throw new ClmInputError('invalid-argument', 'discoverAnyPointer expects an object');
  if (pointerFormat(o.pointer) === 'sealed') {
    return { ...openSealedPointer(parseSealedPointer(o.pointer), o.sealedKey), format: 'sealed', integrityProtected: true };
  }
  return { ...discoverPointer({ phrase: o.phrase, seedSuffix: o.seedSuffix, pointer: o.pointer }), format: 'clm', integrityProtected: false };
}

/**
 * The length, in characters of `text` from `start`, of the sealed pointer that starts there
 * (prefix included, separators counted), or -1 when it is cut off. Lets an extractor find where
 * a sealed pointer ends even when prose follows without a space: the header says how long it is.
 */
export function sealedPointerExtent(text: string, start: number): number {
  const end = sealedBodyEnd(text, start + SEALED_PREFIX.length);
  return end < 0 ? -1 : end - start;
}

/**
 * Where the base32 body of a sealed pointer that starts at `bodyStart` ends (the index after its
 * last digit), or -1 when it is cut off or longer than a pointer can be. Reads each character at
 * most once and never more than {@link MAX_POINTER_CHARS} of them, whatever follows.
 */
export function sealedBodyEnd(text: string, bodyStart: number): number {
  const limit = Math.min(text.length, bodyStart + MAX_POINTER_CHARS);
  let i = bodyStart;
  let digits = 0;
  let needed = Infinity;
  const head: number[] = [];
  let buffer = 0;
  let bits = 0;
  let lastDigit = -1;
  while (i < limit && digits < needed) {
    const c = text.charCodeAt(i);
    const v = base32Value(c);
    if (v < 0) {
      if (!isBase32Separator(c) || digits === 0) break;
      i++;
      continue;
    }
    digits++;
    lastDigit = i;
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      const byte = (buffer >>> bits) & 0xff;
      if (head.length < 2) {
        head.push(byte);
        if (head.length === 2) {
          const total = 2 + (head[1] ?? 0) + 6 + 3;
          needed = Math.ceil((total * 8) / 5); // enough digits for the whole header, for now
        }
      } else if (head.length < 2 + (head[1] ?? 0) + 9) {
        head.push(byte);
        if (head.length === 2 + (head[1] ?? 0) + 9) {
          const m = ((head[head.length - 3] ?? 0) << 16) | ((head[head.length - 2] ?? 0) << 8) | (head[head.length - 1] ?? 0);
          const total = head.length + NONCE + m + TAG;
          needed = Math.ceil((total * 8) / 5);
        }
      }
    }
    i++;
  }
  return digits === needed && lastDigit >= 0 ? lastDigit + 1 : -1;
}
