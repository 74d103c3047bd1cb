/**
 * The vault's key material, all derived or wrapped here:
 *
 * ```text
 * stretched = scrypt(UTF-8(phrase), salt, N, r, p, 32)          // slow, salted, per profile
 * verifier  = HKDF-SHA256(stretched, info = "clm-ext/v1/verifier")   // stored; checks the phrase
 * wrapKey   = HKDF-SHA256(stretched, info = "clm-ext/v1/wrap-key")   // never stored
 * historyKey_g = 32 random bytes per generation g                   // encrypts history (AEAD)
 * wrapped_g = XChaCha20-Poly1305(wrapKey, nonce, historyKey_g, aad = "clm-ext/v1/history-key/" + g)
 * ```
 *
 * The HKDF labels separate the stored verifier from the key that protects history: knowing one
 * tells nothing about the other. A new history key generation is made whenever the phrase changes,
 * so someone who once knew the old phrase cannot read what is written afterwards.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual, fromBase64, toBase64, utf8 } from '../encoding/bytes.ts';

/** Where random bytes come from; injectable so tests are repeatable. */
export type RandomBytes = (length: number) => Uint8Array;

/** The platform's CSPRNG (`crypto.getRandomValues`, in browsers and Node alike). */
export const secureRandomBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/** scrypt parameters, stored beside the salt so they can be raised later. */
export interface KdfParams {
  readonly name: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64 of 16 random bytes. */
  readonly salt: string;
}

/**
 * Today's cost: N = 2^16, r = 8, p = 1 — 64 MiB of memory, about 0.4–0.8 s on a 2-core 2 GHz machine
 * (measured by `npm run bench`). Unlocking must stay within 0.3–1 s there.
 */
export const DEFAULT_KDF_COST = { N: 2 ** 16, r: 8, p: 1 } as const;

const LABEL_VERIFIER = utf8('clm-ext/v1/verifier');
const LABEL_WRAP_KEY = utf8('clm-ext/v1/wrap-key');
const wrapAad = (generation: number) => utf8(`clm-ext/v1/history-key/${generation}`);

/** What a phrase yields: the stored verifier and the (never stored) key-wrapping key. */
export interface PhraseKeys {
  readonly verifier: Uint8Array;
  readonly wrapKey: Uint8Array;
}

/** New random scrypt parameters at today's cost. */
export function newKdfParams(random: RandomBytes, cost: { N: number; r: number; p: number } = DEFAULT_KDF_COST): KdfParams {
  return { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: toBase64(random(16)) };
}

/**
 * Asked many times during a long key stretch; throws to stop it (the vault's: a Lock meanwhile,
 * see `stopOnLock` in context.ts). noble's scrypt wipes its buffers and rejects with that error.
 */
export type StopCheck = () => void;

/**
 * scrypt in slices of at most 20 ms (so the worker keeps answering between them), asking `stop`
 * about 10,000 times over the run (so a Lock stops a stretch of seconds within milliseconds).
 * @throws whatever `stop` throws
 */
export function stretch(secret: Uint8Array, salt: Uint8Array, cost: { N: number; r: number; p: number }, maxmem: number, stop?: StopCheck): Promise<Uint8Array> {
  return scryptAsync(secret, salt, { N: cost.N, r: cost.r, p: cost.p, dkLen: 32, asyncTick: 20, maxmem, ...(stop && { onProgress: stop }) });
}

/**
 * Stretches a phrase (the slow step; yields to the event loop so the worker keeps answering).
 * @throws whatever `stop` throws, when it does
 */
export async function derivePhraseKeys(phrase: string, params: KdfParams, stop?: StopCheck): Promise<PhraseKeys> {
  const stretched = await stretch(utf8(phrase), fromBase64(params.salt), params, 2 ** 30, stop);
  const keys = {
    verifier: hkdf(sha256, stretched, undefined, LABEL_VERIFIER, 32),
    wrapKey: hkdf(sha256, stretched, undefined, LABEL_WRAP_KEY, 32),
  };
  stretched.fill(0);
  return keys;
}

/** Whether `keys` match a stored verifier, compared in constant time. */
export function verifierMatches(keys: PhraseKeys, storedVerifier: string): boolean {
  let stored: Uint8Array;
  try {
    stored = fromBase64(storedVerifier);
  } catch {
    return false;
  }
  return constantTimeEqual(keys.verifier, stored);
}

/** Wraps a history key under a wrap key (random nonce; the generation is bound as AAD). */
export function wrapHistoryKey(wrapKey: Uint8Array, historyKey: Uint8Array, generation: number, random: RandomBytes): string {
  const nonce = random(24);
  return toBase64(concatBytes(nonce, xchacha20poly1305(wrapKey, nonce, wrapAad(generation)).encrypt(historyKey)));
}

/** Unwraps a history key, or returns undefined when the wrap key is not the right one. */
export function unwrapHistoryKey(wrapKey: Uint8Array, wrapped: string, generation: number): Uint8Array | undefined {
  try {
    const bytes = fromBase64(wrapped);
    return xchacha20poly1305(wrapKey, bytes.subarray(0, 24), wrapAad(generation)).decrypt(bytes.subarray(24));
  } catch {
    return undefined;
  }
}
