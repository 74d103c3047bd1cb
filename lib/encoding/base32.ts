/**
 * RFC 4648 base32 (alphabet A–Z, 2–7; no padding) for sealed pointers. Chosen because it
 * survives what pointers go through: case changes (forums, phones auto-capitalising), SMS
 * (all GSM-7 characters), QR codes (their compact alphanumeric mode takes A–Z 2–7 and ":"), and
 * it has no quotes or braces for editors to "smarten".
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
  VALUE[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}

/** Uppercase base32 of `bytes`, without padding. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The value (0–31) of a base32 digit in either case, or -1. */
export function base32Value(charCode: number): number {
  return charCode < 128 ? VALUE[charCode] : -1;
}

/** Whether a character may separate base32 digits in a pasted pointer (spaces, line breaks, hyphens). */
export function isBase32Separator(charCode: number): boolean {
  return charCode === 0x20 || charCode === 0x2d || (charCode >= 0x09 && charCode <= 0x0d);
}

/**
 * Bytes of base32 digits (either case; separators skipped). Returns the index of the first
 * character that is neither, or of a final partial group that cannot be a whole byte.
 */
export function fromBase32(text: string): Uint8Array | { readonly badIndex: number } {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let n = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = base32Value(c);
    if (v < 0) {
      if (isBase32Separator(c)) continue;
      return { badIndex: i };
    }
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out[n++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  // 5 or more leftover bits would be a digit that holds no byte: a cut-off pointer.
  if (bits >= 5) return { badIndex: text.length };
  return out.slice(0, n);
}
