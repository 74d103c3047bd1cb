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

/** Value of a hex digit's char code (or byte), or -1: 256 entries, so that any byte indexes it. */
const HEX_VALUE = new Int8Array(256).fill(-1);
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

const asciiEncoder = new TextEncoder();
/** The hex text's bytes, for the fast path; grown up to the longest pointer's worth. */
let textBytes = new Uint8Array(1024);
const TEXT_BYTES_LIMIT = 65_536;

/**
 * Bytes of `text` read as Python's `bytes.fromhex()` reads it, or the index of the first character
 * it refuses (a non-hex character, whitespace inside a pair, or a lone final digit).
 *
 * @param into - if given and long enough (half the text's length), the bytes are written there
 *   and a view of it is returned, instead of a new array
 */
export function hexToBytes(text: string, into?: Uint8Array): Uint8Array | { readonly badIndex: number } {
  const len = text.length;
  const out = into !== undefined && into.length >= len >> 1 ? into : new Uint8Array(len >> 1);
  // Fast path for hex as CLM writes it, unbroken pairs: the text's bytes come from one native
  // encodeInto, and reading them from an array is twice as fast as charCodeAt (a pointer's "d" is
  // most of its parsing time). Only an all-ASCII text, written whole, takes it: then byte i is
  // character i and no stale byte of an earlier call is read. It stops at the first character
  // that is not a hex digit, and the loop below goes on from there as it would have.
  let i = 0;
  if (len <= TEXT_BYTES_LIMIT) {
    if (textBytes.length < len) textBytes = new Uint8Array(Math.min(TEXT_BYTES_LIMIT, Math.max(len, 2 * textBytes.length)));
    const b = textBytes;
    if (asciiEncoder.encodeInto(text, b).written === len) {
      for (; i + 1 < len; i += 2) {
        const hi = HEX_VALUE[b[i]];
        const lo = HEX_VALUE[b[i + 1]];
        if ((hi | lo) < 0) break;
        out[i >> 1] = (hi << 4) | lo;
      }
    }
  }
  let n = i >> 1;
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
  if (out === into) return out.subarray(0, n);
  return n === out.length ? out : out.slice(0, n);
}
