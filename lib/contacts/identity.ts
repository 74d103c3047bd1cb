/**
 * A person's identity key pair for contacts: X25519 (RFC 7748). The private key is 32 random
 * bytes — never derived from a phrase, so that no guess at a phrase can find it — and the public
 * key is what a contact card carries. Specified in docs/PROTOCOL.md, section 6.
 *
 * Pure: the randomness is passed in.
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { ClmInputError } from '../clm/errors.ts';

/** Bytes of an X25519 private or public key. */
export const X25519_KEY_BYTES = 32;

/** An identity: keep `privateKey` secret; publish `publicKey` (in a contact card). */
export interface Identity {
  /** 32 random bytes, as RFC 7748 defines an X25519 private key (clamped when used, not stored clamped). */
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The field prime of Curve25519, 2^255 − 19. */
const P = 2n ** 255n - 19n;

/**
 * The u-coordinates whose points have an order that divides the cofactor 8 (on the curve or its
 * twist): X25519 with any private key sends them to 0 or to a handful of values anyone can
 * compute, so a "shared secret" with such a key is no secret. The same list libsodium refuses.
 */
const LOW_ORDER_U: ReadonlySet<bigint> = new Set([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
]);

/** Why a public key cannot be used, or undefined when it can. */
export type PublicKeyProblem = 'not-32-bytes' | 'non-canonical' | 'low-order';

/**
 * What is wrong with a public key, if anything. Refused:
 * - anything but 32 bytes;
 * - a non-canonical encoding (the top bit set, or a value ≥ 2^255 − 19): X25519 would read it as
 *   another key, so two different cards could stand for one key and get different safety numbers
 *   — and no honest client ever writes one;
 * - a low-order point ({@link LOW_ORDER_U}), which makes the shared secret public.
 *
 * Checking these needs no secret, so it is done on the card, before anyone is asked to trust it.
 */
export function publicKeyProblem(publicKey: Uint8Array): PublicKeyProblem | undefined {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== X25519_KEY_BYTES) return 'not-32-bytes';
  // All 256 bits, little-endian: a key with the top bit set is above P too.
  let u = 0n;
  for (let i = X25519_KEY_BYTES - 1; i >= 0; i--) u = (u << 8n) | BigInt(publicKey[i]);
  if (u >= P) return 'non-canonical';
  return LOW_ORDER_U.has(u) ? 'low-order' : undefined;
}

/** Whether a public key can be agreed with ({@link publicKeyProblem} finds nothing). */
export function isUsablePublicKey(publicKey: Uint8Array): boolean {
  return publicKeyProblem(publicKey) === undefined;
}

/**
 * A new identity from 32 bytes of the platform's CSPRNG (`crypto.getRandomValues`). The bytes
 * are copied: the caller may wipe its buffer.
 * @throws {ClmInputError} `invalid-argument` when `random32` is not 32 bytes, or all zero (a
 *   broken random source, refused rather than used)
 */
export function newIdentity(random32: Uint8Array): Identity {
  if (!(random32 instanceof Uint8Array) || random32.length !== X25519_KEY_BYTES) {
    throw new ClmInputError('invalid-argument', 'random32 must be 32 random bytes');
  }
  if (random32.every((b) => b === 0)) throw new ClmInputError('invalid-argument', 'random32 is all zero: the random source is broken');
  const privateKey = random32.slice();
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

/**
 * The public key of a private key (for an identity read back from storage).
 * @throws {ClmInputError} `invalid-argument` when `privateKey` is not 32 bytes
 */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== X25519_KEY_BYTES) {
    throw new ClmInputError('invalid-argument', 'privateKey must be 32 bytes');
  }
  return x25519.getPublicKey(privateKey);
}
