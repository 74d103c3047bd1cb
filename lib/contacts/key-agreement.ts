/**
 * Key agreement between two contacts, and the safety number they compare to know that the cards
 * they hold are each other's. Specified in docs/PROTOCOL.md, section 6.
 *
 * ```text
 * shared   = X25519(my private key, their public key)          (refused if all zero)
 * chat key = HKDF-SHA256(IKM = shared, salt = lower key || higher key,
 *                        info = "clm-contact/v1/chat-key", L = 32)
 * safety   = SHA-512("clm-contact/v1/safety-number" || lower key || higher key),
 *            bytes 0..59 as 12 big-endian 40-bit numbers, each mod 100000, 5 digits each
 * ```
 * "Lower" and "higher" order the two public keys as byte strings, so that both sides compute the
 * same thing without agreeing on who is first.
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { constantTimeEqual } from '../encoding/bytes.ts';
import { BAD_KEY_MESSAGE, CardError } from './card.ts';
import { ClmInputError } from '../clm/errors.ts';
import { publicKeyOf, publicKeyProblem, X25519_KEY_BYTES } from './identity.ts';

const encoder = new TextEncoder();
const CHAT_KEY_INFO = encoder.encode('clm-contact/v1/chat-key');
const SAFETY_LABEL = encoder.encode('clm-contact/v1/safety-number');
/** Groups of five digits in a safety number. */
export const SAFETY_NUMBER_GROUPS = 12;

/** -1, 0 or 1 as `a` sorts before, equal to, or after `b`, byte by byte (a shorter prefix first). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** The two keys concatenated, the lower one (in byte order) first. */
function orderedPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [lower, higher] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  const out = new Uint8Array(lower.length + higher.length);
  out.set(lower);
  out.set(higher, lower.length);
  return out;
}

function checkPublicKey(key: Uint8Array, what: string): void {
  const problem = publicKeyProblem(key);
  if (problem === 'not-32-bytes') throw new ClmInputError('invalid-argument', `${what} must be 32 bytes`);
  if (problem) throw new CardError('bad-key', BAD_KEY_MESSAGE);
}

/**
 * The key of the conversation between me and a contact: both sides compute the same key from
 * their own private key and the other's card, with no message exchanged. It is the key of the
 * sealed pointers of version 2 ({@link ./sealed-v2.ts}) between the two.
 * @throws {CardError} `bad-key` when `theirPublic` must not be used (low order, non-canonical),
 *   or the shared secret comes out all zero
 * @throws {ClmInputError} `invalid-argument` when a key is not 32 bytes, or `myPublic` is not the
 *   public key of `myPrivate` (a mix-up that would give a key the contact cannot compute)
 */
export function contactChatKey(myPrivate: Uint8Array, myPublic: Uint8Array, theirPublic: Uint8Array): Uint8Array {
  if (!(myPrivate instanceof Uint8Array) || myPrivate.length !== X25519_KEY_BYTES) throw new ClmInputError('invalid-argument', 'myPrivate must be 32 bytes');
  checkPublicKey(myPublic, 'myPublic');
  checkPublicKey(theirPublic, 'theirPublic');
  if (!constantTimeEqual(publicKeyOf(myPrivate), myPublic)) throw new ClmInputError('invalid-argument', 'myPublic is not the public key of myPrivate');
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(myPrivate, theirPublic);
  } catch {
    // noble refuses low-order points itself; checkPublicKey has refused them already.
    throw new CardError('bad-key', BAD_KEY_MESSAGE);
  }
  // RFC 7748 §6.1: an all-zero result means a key chosen to make the secret public. Unreachable
  // after the checks above; kept because the whole conversation's secrecy rests on it.
  if (shared.every((b) => b === 0)) throw new CardError('bad-key', BAD_KEY_MESSAGE);
  const key = hkdf(sha256, shared, orderedPair(myPublic, theirPublic), CHAT_KEY_INFO, 32);
  shared.fill(0);
  return key;
}

/**
 * The safety number of two public keys: the same on both sides, whatever the order. Two people
 * who read theirs to each other (on the phone, in person) and find them equal know that each
 * holds the other's card, not one a third person swapped in. 60 decimal digits in 12 groups of
 * five, separated by single spaces: "12345 67890 …".
 * @throws {ClmInputError} `invalid-argument` when a key is not 32 bytes
 * @throws {CardError} `bad-key` for a key that must not be used
 */
export function safetyNumber(publicA: Uint8Array, publicB: Uint8Array): string {
  checkPublicKey(publicA, 'publicA');
  checkPublicKey(publicB, 'publicB');
  const pair = orderedPair(publicA, publicB);
  const input = new Uint8Array(SAFETY_LABEL.length + pair.length);
  input.set(SAFETY_LABEL);
  input.set(pair, SAFETY_LABEL.length);
  const digest = sha512(input);
  const groups: string[] = [];
  for (let g = 0; g < SAFETY_NUMBER_GROUPS; g++) {
    // 40 bits mod 10^5: 2^40 is 10,995,116 times 10^5 and a bit, so the bias is below 1e-7.
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + digest[g * 5 + i];
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
