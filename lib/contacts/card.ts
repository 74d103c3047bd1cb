/**
 * Contact cards: the text a person gives out so that others can talk to them without sharing a
 * secret first — a display name and an X25519 public key ({@link ./identity.ts}). A card holds
 * nothing secret; what makes it trustworthy is comparing the safety number
 * ({@link ./contact-key.ts}) by another channel. Specified in docs/PROTOCOL.md, section 6.
 *
 * ```text
 * bytes = 0x01 | len(name) | UTF-8(name) | public key (32) | first 4 bytes of SHA-256(everything before)
 * card  = "CLMCARD1:" + base32(bytes)
 * ```
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase32, toBase32 } from '../encoding/base32.ts';
import { constantTimeEqual } from '../encoding/bytes.ts';
import { ClmInputError, MAX_POINTER_CHARS } from '../clm/errors.ts';
import { publicKeyProblem, X25519_KEY_BYTES } from './identity.ts';
import { pythonStrip } from '../encoding/python-text.ts';
import { LibError } from '../errors.ts';

export const CARD_PREFIX = 'CLMCARD1:';
export const CARD_VERSION = 1;
/**
 * Longest display name, in bytes of UTF-8. The profile's name may be far longer
 * (`LIMITS.username`, 4,096 code units, more than a length byte holds); a card is meant to be
 * read, typed and put in a QR code, so it takes a short name: 64 Latin letters, 32 Cyrillic
 * or 21 CJK characters, 16 emoji.
 */
export const MAX_CARD_NAME_BYTES = 64;
const CHECKSUM_BYTES = 4;
/** Bytes of a card around its name: version, name length, key, checksum. */
const FIXED_BYTES = 1 + 1 + X25519_KEY_BYTES + CHECKSUM_BYTES;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What a card says. */
export interface ContactCard {
  /** The name its owner gave, cleaned ({@link cleanCardName}). A claim, not a proof. */
  readonly name: string;
  /** X25519 public key, 32 bytes, canonical and not of low order. */
  readonly publicKey: Uint8Array;
}

/**
 * - `not-a-card` — no `CLMCARD1:` anywhere in the text;
 * - `damaged` — cut off, extra or missing characters, lengths that do not add up;
 * - `checksum` — the right length but the checksum fails: a character changed;
 * - `unsupported-version` — a card of a newer version;
 * - `bad-key` — a public key that must not be used (low order, or not canonically encoded);
 * - `bad-name` — a name that is not clean text (empty, too long, control characters, `": "`).
 */
export type CardErrorCode = 'not-a-card' | 'damaged' | 'checksum' | 'unsupported-version' | 'bad-key' | 'bad-name';

/** Every {@link CardErrorCode}, for exhaustive checks and tests. */
export const CARD_ERROR_CODES: readonly CardErrorCode[] = ['not-a-card', 'damaged', 'checksum', 'unsupported-version', 'bad-key', 'bad-name'];

/** A card that cannot be read or made; `message` is a sentence for a person. */
export class CardError extends LibError<CardErrorCode> {
  override readonly name = 'CardError';
}

export const BAD_KEY_MESSAGE =
  'This contact card holds a key that must not be used: anyone could read what is written with it. Do not add it; ask the person for their card again.';

function checksum(body: Uint8Array): Uint8Array {
  return sha256(body).subarray(0, CHECKSUM_BYTES);
}

/**
 * Characters a card name must not contain (after cleaning): C0 and C1 controls and DEL (a name is
 * one line), the line and paragraph separators, and the bidirectional embedding, override and
 * isolate controls and marks, which let a stranger's name display as something else.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/**
 * A name as a card carries it: NFC-normalised, then stripped as CLM strips what people type
 * (Python's `str.strip()`, as `cleanUsername` does for the profile's name).
 * @throws {CardError} `bad-name` for a name that is empty once stripped, over
 *   {@link MAX_CARD_NAME_BYTES} bytes, contains {@link FORBIDDEN_IN_NAME} or `": "` (readers
 *   split a signed message at the first `": "`)
 */
export function cleanCardName(name: string): string {
  if (typeof name !== 'string' || !name.isWellFormed()) throw new CardError('bad-name', 'The name must be text.');
  const cleaned = pythonStrip(name.normalize('NFC'));
  if (cleaned === '') throw new CardError('bad-name', 'Enter a name for the card.');
  if (FORBIDDEN_IN_NAME.test(cleaned)) throw new CardError('bad-name', 'The name must be a single line of plain text (no control or direction characters).');
  if (cleaned.includes(': ')) throw new CardError('bad-name', 'The name cannot contain ": " — a message is split at the first ": " to find who wrote it.');
  if (encoder.encode(cleaned).length > MAX_CARD_NAME_BYTES) {
    throw new CardError('bad-name', `The name is too long for a card: at most ${MAX_CARD_NAME_BYTES} bytes of UTF-8 (about ${MAX_CARD_NAME_BYTES} Latin letters or 16 emoji).`);
  }
  return cleaned;
}

/**
 * The card text of a name and public key. The name is cleaned ({@link cleanCardName}); the
 * card carries the cleaned name.
 * @throws {CardError} `bad-name` (see {@link cleanCardName}), `bad-key` for a public key that
 *   must not be used
 * @throws {ClmInputError} `invalid-argument` for a key that is not 32 bytes
 */
export function formatCard(card: ContactCard): string {
  if (typeof (card as unknown) !== 'object' || (card as unknown) === null) throw new ClmInputError('invalid-argument', 'formatCard expects an object');
  const name = encoder.encode(cleanCardName(card.name));
  const problem = publicKeyProblem(card.publicKey);
  if (problem === 'not-32-bytes') throw new ClmInputError('invalid-argument', 'publicKey must be 32 bytes');
  if (problem) throw new CardError('bad-key', BAD_KEY_MESSAGE);
  const bytes = new Uint8Array(FIXED_BYTES + name.length);
  bytes[0] = CARD_VERSION;
  bytes[1] = name.length;
  bytes.set(name, 2);
  bytes.set(card.publicKey, 2 + name.length);
  const end = bytes.length - CHECKSUM_BYTES;
  bytes.set(checksum(bytes.subarray(0, end)), end);
  return `${CARD_PREFIX}${toBase32(bytes)}`;
}

// Without the `u` flag, `i` never matches a non-ASCII letter to an ASCII one (no ſ for S, no
// Kelvin sign for K); the index is the original text's, unlike after toUpperCase(), which can
// change the length of what precedes (ß → SS).
const PREFIX_PATTERN = /CLMCARD1:/i;
const DIGITS_PATTERN = /^[A-Za-z2-7\s-]*/;

/**
 * The card's own digits out of what followed its prefix: a version-1 card says its length (its
 * name's length is its second byte), so a word written after it — "CLMCARD1:… thanks!" — is
 * left out rather than read as damage. Only a whole word after a space is left out; characters
 * glued to the card still count, so a card with something appended is still refused.
 */
function cardDigits(digits: string): string {
  const head = fromBase32(digits.replace(/[\s-]/g, '').slice(0, 4));
  if (!(head instanceof Uint8Array) || head.length < 2 || head[0] !== CARD_VERSION) return digits;
  const chars = Math.ceil(((FIXED_BYTES + head[1]) * 8) / 5);
  let count = 0;
  let i = 0;
  for (; i < digits.length && count < chars; i++) if (!/[\s-]/.test(digits[i] ?? '')) count++;
  return count === chars && /^\s/.test(digits.slice(i)) ? digits.slice(0, i) : digits;
}

/**
 * Reads a card out of text: the first `CLMCARD1:` in any case, then base32 digits in either case,
 * with spaces, line breaks and hyphens between them ignored (as invites are read). What follows
 * the digits is ignored, so a card can be pasted with the message around it.
 * @throws {CardError} `not-a-card`, `damaged`, `checksum`, `unsupported-version`, `bad-name`,
 *   `bad-key`
 */
export function parseCard(text: string): ContactCard {
  if (typeof text !== 'string') throw new CardError('not-a-card', 'This is not a contact card.');
  if (text.length > MAX_POINTER_CHARS) throw new CardError('not-a-card', `This text is too long to be a contact card (${text.length} characters).`);
  const found = PREFIX_PATTERN.exec(text);
  if (!found) throw new CardError('not-a-card', `This is not a contact card: a card starts with ${CARD_PREFIX}`);
  const digits = cardDigits(DIGITS_PATTERN.exec(text.slice(found.index + CARD_PREFIX.length))?.[0].trim() ?? '');
  const bytes = fromBase32(digits);
  const damaged = new CardError('damaged', 'This contact card is incomplete or mangled: part of it is missing or something was added. Ask for it again, copied whole.');
  if (!(bytes instanceof Uint8Array) || bytes.length < 2 + CHECKSUM_BYTES) throw damaged;
  const end = bytes.length - CHECKSUM_BYTES;
  const intact = constantTimeEqual(checksum(bytes.subarray(0, end)), bytes.subarray(end));
  // A version-1 card whose length does not match its name length is cut off or padded, whatever
  // its last bytes are; one of the right length whose checksum fails had a character changed.
  if (bytes[0] === CARD_VERSION && bytes.length !== FIXED_BYTES + bytes[1]) throw damaged;
  if (!intact) throw new CardError('checksum', 'This contact card was altered or mistyped: its checksum does not match. Ask for it again.');
  // Every version ends in this checksum, so a newer card is recognised as one, not as damage.
  if (bytes[0] === 0) throw damaged;
  if (bytes[0] !== CARD_VERSION) {
    throw new CardError('unsupported-version', `This contact card is of version ${bytes[0]}, made by a newer extension; update yours to read it.`);
  }
  let name: string;
  try {
    name = decoder.decode(bytes.subarray(2, 2 + bytes[1]));
  } catch {
    throw new CardError('bad-name', 'The name on this contact card is not text.');
  }
  // Strict: a card holds its name exactly as formatCard writes it, with nothing to clean up.
  const badName = new CardError('bad-name', 'The name on this contact card is not valid (empty, not one line of plain text, or not in normal form). Ask for the card again.');
  let cleaned: string;
  try {
    cleaned = cleanCardName(name);
  } catch {
    throw badName;
  }
  if (cleaned !== name) throw badName;
  const publicKey = bytes.slice(2 + bytes[1], end);
  if (publicKeyProblem(publicKey)) throw new CardError('bad-key', BAD_KEY_MESSAGE);
  return { name, publicKey };
}

/**
 * Whether two public keys are the same (e.g. to tell that a pasted card is one's own), in time
 * that does not depend on where they differ.
 * @throws {ClmInputError} `invalid-argument` unless both are 32 bytes
 */
export function samePublicKey(a: Uint8Array, b: Uint8Array): boolean {
  for (const key of [a, b]) {
    if (!(key instanceof Uint8Array) || key.length !== X25519_KEY_BYTES) throw new ClmInputError('invalid-argument', 'a public key must be 32 bytes');
  }
  return constantTimeEqual(a, b);
}
