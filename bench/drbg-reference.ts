/**
 * The native ceiling: CLM's HMAC_DRBG with node:crypto's (OpenSSL's) HMAC, written the plain way
 * a Node program would (one createHmac per HMAC), but linear. Also the unit tests' reference for
 * the fast DRBG: an independent HMAC-SHA256 underneath.
 */
import { createHmac } from 'node:crypto';

function mac(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac('sha256', key);
  for (const part of parts) h.update(part);
  return h.digest();
}

export function nodeHmacDrbg(seed: Uint8Array, length: number): Uint8Array {
  let k: Uint8Array = new Uint8Array(32);
  let v: Uint8Array = new Uint8Array(32).fill(1);
  k = mac(k, v, Uint8Array.of(0), seed);
  v = mac(k, v);
  if (seed.length > 0) {
    k = mac(k, v, Uint8Array.of(1), seed);
    v = mac(k, v);
  }
  const out = new Uint8Array(length);
  for (let off = 0; off < length; off += 32) {
    v = mac(k, v);
    out.set(v.subarray(0, Math.min(32, length - off)), off);
  }
  return out;
}
