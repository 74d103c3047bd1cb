/**
 * CLM's HMAC_DRBG on node:crypto's (OpenSSL's) HMAC, written the plain way a Node program would:
 * a new createHmac for every HMAC, so every 32-byte block pays for a fresh HMAC object and its
 * two padded-key blocks (linear, unlike CLM's own loop). It is no ceiling: OpenSSL's compression
 * is several times faster than ours, and what this pays for is a native call and an object per
 * HMAC, the plain way. Also the unit tests' reference for the fast DRBG: an independent
 * HMAC-SHA256 underneath.
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
