/**
 * Python's text rules where CLM 2.0.1 depends on them, reproduced exactly (checked against
 * Python 3.11's own output in tests/vectors/python-text.json, made by
 * scripts/make-python-text-vectors.py):
 *
 * - `str.strip()`: CLM strips every line typed — name, phrase, message, pasted pointer. Its set of
 *   whitespace is not JavaScript's `trim()`: U+FEFF is kept, U+001C–U+001F and U+0085 are
 *   stripped. A phrase that ends in U+FEFF must give the same keystream here as in CLM.
 * - `int(str)`: CLM reads a pointer's `"e"` with `int()`, so `"e": "1736854567"` is a valid
 *   pointer for it, and so are spaces, a sign, underscores between digits, and digits of other
 *   scripts.
 * @module
 */

/** The code points for which Python's `str.isspace()` is true (Unicode 14, Python 3.11). */
const PYTHON_WHITESPACE: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** The digit zero of each run of ten Unicode decimal digits (category Nd) that Python knows. */
const DECIMAL_ZEROS: readonly number[] = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900,
  0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450,
  0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
  0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/** Whether Python's `str.isspace()` holds for the character with this code point. */
export function isPythonSpace(codePoint: number): boolean {
  return PYTHON_WHITESPACE.has(codePoint);
}

/**
 * `text.strip()` as Python does it. Whitespace is never a surrogate, so code units suffice.
 * @throws {TypeError} if `text` is not a string
 */
export function pythonStrip(text: string): string {
  if (typeof text !== 'string') throw new TypeError('pythonStrip expects text');
  let start = 0;
  let end = text.length;
  while (start < end && PYTHON_WHITESPACE.has(text.charCodeAt(start))) start++;
  while (end > start && PYTHON_WHITESPACE.has(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** The value (0–9) of a Unicode decimal digit, or -1. */
function decimalValue(codePoint: number): number {
  for (let i = DECIMAL_ZEROS.length - 1; i >= 0; i--) {
    const zero = DECIMAL_ZEROS[i];
    if (codePoint >= zero) return codePoint - zero < 10 ? codePoint - zero : -1;
  }
  return -1;
}

const ASCII_SPACE = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * `int(text)` as Python 3 does it (base 10), or undefined where Python raises `ValueError`.
 * Like CPython: a non-ASCII space counts as a space and a non-ASCII decimal digit as its digit;
 * then ASCII spaces around, one sign, and digits with single underscores between them.
 * Texts longer than 4300 characters are refused, as Python 3.11 refuses them.
 */
export function pythonInt(text: string): bigint | undefined {
  if (typeof text !== 'string' || text.length > 4300) return undefined;
  let ascii = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 127) ascii += ch;
    else if (PYTHON_WHITESPACE.has(c)) ascii += ' ';
    else {
      const digit = decimalValue(c);
      if (digit < 0) return undefined;
      ascii += String(digit);
    }
  }
  let start = 0;
  let end = ascii.length;
  while (start < end && ASCII_SPACE(ascii.charCodeAt(start))) start++;
  while (end > start && ASCII_SPACE(ascii.charCodeAt(end - 1))) end--;
  const body = ascii.slice(start, end);
  if (!/^[+-]?[0-9](?:_?[0-9])*$/.test(body)) return undefined;
  return BigInt(body.replace(/_/g, ''));
}
