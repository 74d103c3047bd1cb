/**
 * Authenticated encryption of history records at rest: XChaCha20-Poly1305 from @noble/ciphers
 * (audited; a 24-byte random nonce per record is safe for any number of records under one key),
 * with the record's identity bound as associated data so a box cannot be moved to another record.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, fromBase64, fromUtf8, toBase64, utf8 } from '../encoding/bytes.ts';
import type { RandomBytes } from './keys.ts';

/** Encrypts UTF-8 text; returns base64(nonce || ciphertext || tag). */
export function sealText(key: Uint8Array, text: string, aad: string, random: RandomBytes): string {
  const nonce = random(24);
  const plain = utf8(text);
  const sealed = xchacha20poly1305(key, nonce, utf8(aad)).encrypt(plain);
  plain.fill(0);
  return toBase64(concatBytes(nonce, sealed));
}

/** Decrypts what {@link sealText} made, or returns undefined if the key, AAD or bytes differ. */
export function openText(key: Uint8Array, box: string, aad: string): string | undefined {
  try {
    const bytes = fromBase64(box);
    if (bytes.length < 24 + 16) return undefined;
    return fromUtf8(xchacha20poly1305(key, bytes.subarray(0, 24), utf8(aad)).decrypt(bytes.subarray(24)));
  } catch {
    return undefined;
  }
}
