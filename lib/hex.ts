/**
 * Hex encoding as CLM 2.0.1 writes it (`bytes.hex()`: lowercase, no separators) and reads it
 * (`bytes.fromhex()`: either case, ASCII whitespace allowed between byte pairs, not inside one).
 * @module
 */

const HEX_DIGITS = '0123456789abcdef';
const BYTE_TO_HEX: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15],
);

/** Value of a hex digit's char code, or -1. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[HEX_DIGITS.charCodeAt(i)] = i;
  HEX_VALUE[HEX_DIGITS.toUpperCase().charCodeAt(i)] = i;
}

/** Python's `Py_ISSPACE`: space, \t, \n, \v, \f, \r. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Lowercase hex of `bytes`, as Python's `bytes.hex()`. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]];
  return out;
}

/**
 * Bytes of `text` read as Python's `bytes.fromhex()` reads it, or the index of the first character
 * it refuses (a non-hex character, whitespace inside a pair, or a lone final digit).
 */
export function hexToBytes(text: string): Uint8Array | { readonly badIndex: number } {
  const out = new Uint8Array(text.length >> 1);
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) {
      i++;
      continue;
    }
    const hi = c < 128 ? HEX_VALUE[c] : -1;
    if (hi < 0) return { badIndex: i };
    if (i + 1 >= len) return { badIndex: i + 1 };
    const c2 = text.charCodeAt(i + 1);
    const lo = c2 < 128 ? HEX_VALUE[c2] : -1;
    if (lo < 0) return { badIndex: i + 1 };
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return n === out.length ? out : out.slice(0, n);
}
