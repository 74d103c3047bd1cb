/**
 * CLM 2.0.1, byte for byte: its public key, its keystream, its pointers and its chat rules.
 *
 * Pure TypeScript with no browser import. Everything here is checked against vectors produced by
 * running CLM 2.0.1 itself (`tests/vectors/clm-2.0.1.json`).
 *
 * A pointer is the text CLM prints after sending: `{"c": "<chat id>", "e": <epoch>, "d": "<hex>"}`,
 * where `d` is `UTF-8("username: text")` XOR `HMAC_DRBG(UTF-8(phrase + "_" + suffix + "_" + epoch))`.
 * Opening a parsed pointer, one or many at a time, lives in lib/clm/open.ts and is re-exported here.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../encoding/bytes.ts';
import { assertText, type DiscoveredMessage, openParsedPointer, type ParsedPointer, SIGNATURE_SEPARATOR, xorWithSeed } from './open.ts';
import { ClmInputError, MAX_POINTER_CHARS, PointerError } from './errors.ts';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { parsePythonJson, PyJsonSyntaxError, pythonJsonString, type PyJsonValue } from './python-json.ts';
import { pythonInt, pythonStrip } from '../encoding/python-text.ts';

export { hmacDrbg, hmacDrbgXor, MAX_DRBG_LENGTH } from './drbg.ts';
export {
  ClmPointerOpener,
  openParsedPointer,
  openParsedPointers,
  seedMaterial,
  SIGNATURE_SEPARATOR,
  type DiscoveredMessage,
  type ParsedPointer,
} from './open.ts';
export {
  ClmInputError,
  MAX_POINTER_CHARS,
  POINTER_ERROR_CODES,
  PointerError,
  type ClmInputErrorCode,
  type PointerErrorCode,
} from './errors.ts';


/** Checks that an options argument is an object (callers may be untyped JavaScript). */
function assertOptions(value: unknown, fn: string): void {
  if (typeof value !== 'object' || value === null) {
    throw new ClmInputError('invalid-argument', `${fn} expects an object`);
  }
}

function assertEpoch(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ClmInputError('invalid-argument', 'epoch must be a whole number of seconds from 0 to 2^53-1');
  }
}

/**
 * CLM 2.0.1's "public key": base64(HMAC-SHA256(key = `clm-auth-key`, UTF-8(`username:phrase`))).
 * It is a fast, unsalted verifier; it is shown so a CLM user can compare, never used alone to unlock.
 *
 * @throws {ClmInputError} `invalid-argument` if either argument is not well-formed text
 */
export function clmPublicKey(username: string, phrase: string): string {
  assertText(username, 'username');
  assertText(phrase, 'phrase');
  const mac = hmac(sha256, utf8('clm-auth-key'), utf8(`${username}:${phrase}`));
  return bytesToBase64(mac);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** What {@link createPointer} needs. */
export interface CreatePointerInput {
  readonly phrase: string;
  readonly username: string;
  readonly chatId: string;
  readonly seedSuffix: string;
  /** Whole seconds since 1970 (CLM uses `int(time.time())`). */
  readonly epoch: number;
  readonly text: string;
}

/** Length of the pointer text for these parts, without building it. */
export function pointerLength(chatId: string, epoch: number, signedBytes: number): number {
  return `{"c": , "e": , "d": ""}`.length + pythonJsonString(chatId).length + String(epoch).length + 2 * signedBytes;
}

/**
 * Encrypts `username + ": " + text` as CLM 2.0.1 does and returns the pointer exactly as CLM prints
 * it (Python `json.dumps(..., ensure_ascii=False)`).
 *
 * @throws {ClmInputError} `invalid-argument` for a missing or malformed field; `message-too-long`
 *   if the pointer would be longer than {@link MAX_POINTER_CHARS}, which this library would then
 *   refuse to read back
 */
export function createPointer(o: CreatePointerInput): string {
  assertOptions(o, 'createPointer');
  const { phrase, username, chatId, seedSuffix, epoch, text } = o;
  assertText(phrase, 'phrase');
  assertText(username, 'username');
  assertText(chatId, 'chatId');
  assertText(seedSuffix, 'seedSuffix');
  assertText(text, 'text');
  assertEpoch(epoch);
  const signed = utf8(`${username}${SIGNATURE_SEPARATOR}${text}`);
  const length = pointerLength(chatId, epoch, signed.length);
  if (length > MAX_POINTER_CHARS) {
    const overhead = length - 2 * signed.length;
    const maxBytes = Math.max(0, Math.floor((MAX_POINTER_CHARS - overhead) / 2));
    throw new ClmInputError(
      'message-too-long',
      `The message is too long: signed, it is ${signed.length} bytes of UTF-8 and at most ${maxBytes} fit in a pointer.`,
    );
  }
  const data = new Uint8Array(signed.length);
  xorWithSeed(phrase, seedSuffix, epoch, signed, data);
  signed.fill(0);
  return formatPointer(chatId, epoch, data);
}

/**
 * A pointer exactly as CLM 2.0.1 prints it: `json.dumps({'c': c, 'e': e, 'd': d.hex()},
 * ensure_ascii=False)`. The one place a CLM pointer's text is made; a pointer read with other
 * spacing, case or key order maps to this form.
 */
export function formatPointer(chatId: string, epoch: number, data: Uint8Array): string {
  return `{"c": ${pythonJsonString(chatId)}, "e": ${epoch}, "d": "${bytesToHex(data)}"}`;
}

const POINTER_SHAPE = 'a pointer looks like {"c": "1", "e": 1736854567, "d": "a1b2…"}';

function field(members: ReadonlyMap<string, PyJsonValue>, key: string): PyJsonValue {
  const value = members.get(key);
  if (value === undefined) {
    throw new PointerError('not-a-pointer', `This is not a pointer: it has no "${key}" field (${POINTER_SHAPE}).`);
  }
  return value;
}

function readChatId(value: PyJsonValue): string {
  if (value.kind === 'string') {
    if (!value.value.isWellFormed()) {
      throw new PointerError('bad-chat-id', 'The chat id ("c") contains an invalid \\u escape (an unpaired surrogate).');
    }
    return value.value;
  }
  if (value.kind === 'number' && value.integer) {
    // Python: str(int(literal)). JSON integers have no leading zeros; only "-0" needs care.
    return value.literal === '-0' ? '0' : value.literal;
  }
  throw new PointerError('bad-chat-id', 'The chat id ("c") must be text or a whole number.');
}

function readEpoch(value: PyJsonValue): number {
  if (value.kind === 'string') {
    // CLM reads "e" with int(), which takes text too: "1736854567", " 17 ", "1_000", "+5".
    const n = pythonInt(value.value);
    if (n === undefined) throw new PointerError('bad-epoch', 'The time ("e") must be a whole number of seconds.');
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new PointerError('bad-epoch', 'The time ("e") is out of range.');
    return Number(n);
  }
  if (value.kind === 'number') {
    // Python reads 1e3 and 5.0 as floats and int() makes them 1000 and 5; a double rounds the same
    // way here. Unlike CLM we refuse a fractional epoch instead of silently truncating it.
    const n = Number(value.literal);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    if (Number.isInteger(n) || !Number.isFinite(n)) {
      throw new PointerError('bad-epoch', 'The time ("e") is out of range.');
    }
  }
  throw new PointerError('bad-epoch', 'The time ("e") must be a whole number of seconds.');
}

function readCiphertext(value: PyJsonValue, into: Uint8Array | undefined): Uint8Array {
  if (value.kind !== 'string') {
    throw new PointerError('bad-ciphertext', 'The ciphertext ("d") must be a string of hex digits.');
  }
  const bytes = hexToBytes(value.value, into);
  if (bytes instanceof Uint8Array) return bytes;
  const at = bytes.badIndex;
  const ch = value.value.charAt(at);
  throw new PointerError(
    'bad-ciphertext',
    ch === ''
      ? 'The ciphertext ("d") is not hex: it ends with half a byte (an odd number of hex digits).'
      : `The ciphertext ("d") is not hex: ${JSON.stringify(ch)} at position ${at + 1} is not a hex digit${
          /\s/.test(ch) ? ' (spaces may separate bytes, not split one)' : ''
        }.`,
  );
}

/**
 * Reads a pointer as CLM 2.0.1 does (`json.loads`, then `str(c)`, `int(e)`, `bytes.fromhex(d)`):
 * any JSON object with `c`, `e` and `d`, other keys ignored, the last of duplicate keys winning,
 * whitespace around the text trimmed. `c` may be a string or an integer; `e` a whole number (5.0
 * and 1e3 included, as CLM reads them); `d` hex in either case, bytes optionally separated by
 * ASCII whitespace. Deviations, each refusing what CLM would mangle: a fractional `e` (CLM
 * truncates it), a non-string `d` (CLM crashes) and `c` other than text or an integer.
 *
 * @throws {PointerError} `too-long` (more than {@link MAX_POINTER_CHARS} UTF-16 code units,
 *   refused without parsing), `not-a-pointer`, `bad-chat-id`, `bad-epoch`, `bad-ciphertext`
 */
export function parsePointer(input: string): ParsedPointer {
  return readPointer(input, undefined);
}

/** {@link parsePointer}, the ciphertext decoded into `into` (see `hexToBytes`) when it is given. */
function readPointer(input: string, into: Uint8Array | undefined): ParsedPointer {
  if (typeof (input as unknown) !== 'string') {
    throw new PointerError('not-a-pointer', 'This is not a pointer: expected text.');
  }
  if (input.length > MAX_POINTER_CHARS) {
    throw new PointerError(
      'too-long',
      `This text is too long to be a pointer (${input.length} characters; the limit is ${MAX_POINTER_CHARS}).`,
    );
  }
  // CLM strips the line it reads with Python's str.strip(), whose whitespace is not trim()'s.
  const text = pythonStrip(input);
  if (text === '') throw new PointerError('not-a-pointer', `This is empty; ${POINTER_SHAPE}.`);
  let root: PyJsonValue;
  try {
    root = parsePythonJson(text);
  } catch (error) {
    if (error instanceof PyJsonSyntaxError) {
      throw new PointerError(
        'not-a-pointer',
        `This is not a pointer: it is not valid JSON (${error.message} at character ${error.offset + 1}); ${POINTER_SHAPE}.`,
      );
    }
    throw error;
  }
  if (root.kind !== 'object') {
    throw new PointerError('not-a-pointer', `This is not a pointer: it is not a JSON object; ${POINTER_SHAPE}.`);
  }
  const chatId = readChatId(field(root.members, 'c'));
  const epoch = readEpoch(field(root.members, 'e'));
  const data = readCiphertext(field(root.members, 'd'), into);
  return { chatId, epoch, data };
}

/** What {@link discoverPointer} needs. */
export interface DiscoverPointerInput {
  readonly phrase: string;
  /** The seed suffix of the chat the pointer names (see {@link seedSuffixForChat}). */
  readonly seedSuffix: string;
  readonly pointer: string;
}

/**
 * Decrypts a pointer with a phrase and the seed suffix of its chat, and applies CLM 2.0.1's own
 * test of a right phrase: the bytes must be UTF-8 and contain `": "`.
 *
 * @throws {PointerError} any code of {@link parsePointer}, or `not-for-this-phrase`
 * @throws {ClmInputError} `invalid-argument` if `phrase` or `seedSuffix` is not well-formed text
 */
export function discoverPointer(o: DiscoverPointerInput): DiscoveredMessage {
  assertOptions(o, 'discoverPointer');
  const { phrase, seedSuffix, pointer } = o;
  assertText(phrase, 'phrase');
  assertText(seedSuffix, 'seedSuffix');
  // The ciphertext does not outlive this call: it is decoded into a scratch buffer rather than a
  // new array (an array over 64 bytes costs V8 ~0.3 µs, a tenth of the time left outside the DRBG).
  if (typeof pointer === 'string' && pointer.length <= MAX_POINTER_CHARS && ciphertextScratch.length < pointer.length >> 1) {
    ciphertextScratch = new Uint8Array(pointer.length >> 1);
  }
  const parsed = readPointer(pointer, ciphertextScratch);
  return openParsedPointer(parsed, phrase, seedSuffix);
}

let ciphertextScratch = new Uint8Array(1024);

// ---------------------------------------------------------------------------------------------
// Chat rules

/** A CLM chat: its id (digits, as CLM makes them), display name and seed suffix. */
export interface ClmChat {
  readonly id: string;
  readonly name: string;
  readonly seedSuffix: string;
}

/** The chats CLM 2.0.1 creates on setup. */
export const DEFAULT_CHATS: readonly ClmChat[] = Object.freeze([
  Object.freeze({ id: '0', name: '⚡️ Urgent', seedSuffix: 'urgent' }),
  Object.freeze({ id: '1', name: '💬 General chat', seedSuffix: 'general' }),
  Object.freeze({ id: '2', name: '🤫 Secrets', seedSuffix: 'secrets' }),
]);

const ASCII_DIGITS = /^[0-9]+$/;

/**
 * The id CLM gives a new chat: the largest numeric id + 1, or `"0"` when there is none. Ids that
 * are not all digits are ignored, as CLM ignores them. Exact for any number of digits.
 *
 * @throws {ClmInputError} `invalid-argument` if `existingIds` holds something other than strings
 */
export function nextChatId(existingIds: Iterable<string>): string {
  let max = -1n;
  for (const id of existingIds) {
    if (typeof id !== 'string') throw new ClmInputError('invalid-argument', 'chat ids must be strings');
    if (ASCII_DIGITS.test(id)) {
      const n = BigInt(id);
      if (n > max) max = n;
    }
  }
  return String(max + 1n);
}

/**
 * The seed suffix CLM uses for a chat id it has no suffix for: `chat_<id>` (also the default for
 * a new chat created without one).
 *
 * @throws {ClmInputError} `invalid-argument` if `chatId` is not well-formed text
 */
export function defaultSeedSuffix(chatId: string): string {
  assertText(chatId, 'chatId');
  return `chat_${chatId}`;
}

/**
 * The seed suffix to use for `chatId` on receive: the chat's own if it exists, otherwise CLM's rule
 * for unknown ids, `chat_<id>`.
 *
 * @throws {ClmInputError} `invalid-argument` if `chatId` is not well-formed text
 */
export function seedSuffixForChat(chats: Iterable<ClmChat>, chatId: string): string {
  assertText(chatId, 'chatId');
  for (const chat of chats) if (chat.id === chatId) return chat.seedSuffix;
  return defaultSeedSuffix(chatId);
}
