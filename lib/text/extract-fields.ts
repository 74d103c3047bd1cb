/**
 * The field readers of {@link ./extract.ts}: a pointer's chat id, epoch and ciphertext, read by
 * hand from one brace-delimited candidate as pages mangle them (smart quotes, spaces and line
 * breaks inside, unquoted keys). Each reads every character a bounded number of times: no
 * regular expression here can backtrack on a page's text.
 * @module
 */
// ---------------------------------------------------------------------------------------------
// Characters

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;

/** Exactly JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
const isQuote = (c: number) => c === 0x22 || c === 0x27;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLineBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

export function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Fields of a brace-delimited candidate

/**
 * Where the value of key `name` starts in `span`, or -1: the first `c`, `"c"`, `'c' :` or `c=`
 * that stands at the start, after `{`, `,` or a space, with its separator. Each character is
 * looked at a bounded number of times: the stretch after one candidate key ends at the first
 * character that is neither a space nor a quote, which is where the next candidate begins.
 */
export function valueStart(span: string, name: string): number {
  for (let i = span.indexOf(name); i >= 0; i = span.indexOf(name, i + 1)) {
    const before = i > 0 ? span.charCodeAt(i - 1) : -1;
    const boundary = (c: number) => c === -1 || c === 0x2c || c === OPEN_BRACE || isSpace(c);
    const leftOk = boundary(before) || (isQuote(before) && boundary(i > 1 ? span.charCodeAt(i - 2) : -1));
    if (!leftOk) continue;
    let j = skipSpaces(span, i + 1);
    if (j < span.length && isQuote(span.charCodeAt(j))) j = skipSpaces(span, j + 1);
    const sep = span.charCodeAt(j);
    if (sep === 0x3a || sep === 0x3d) return skipSpaces(span, j + 1); // ':' or '='
  }
  return -1;
}

export type FieldResult<T> = { readonly ok: T } | { readonly problem: string } | undefined;

export function readChatId(span: string, at: number): FieldResult<string> {
  if (at < 0) return undefined;
  const quote = span.charCodeAt(at);
  if (isQuote(quote)) {
    let j = at + 1;
    let closed = -1;
    while (j < span.length) {
      const c = span.charCodeAt(j);
      if (c === BACKSLASH) {
        if (j + 1 >= span.length || isLineBreak(span.charCodeAt(j + 1))) break;
        j += 2;
      } else if (c === quote) {
        closed = j;
        break;
      } else j++;
    }
    if (closed >= 0) {
      // A pointer's chat id is JSON text: unescape it as JSON does. In single quotes, a bare `"`
      // is a character and `\'` an escaped quote.
      let body = span.slice(at + 1, closed);
      if (quote === 0x27) body = body.replace(/\\'/g, "'").replace(/\\.|"/g, (m) => (m === '"' ? '\\"' : m));
      try {
        return { ok: JSON.parse(`"${body}"`) as string };
      } catch {
        return { problem: 'its chat id ("c") has an invalid escape' };
      }
    }
    return { problem: 'its chat id ("c") is not text or a number' };
  }
  let j = at;
  if (span.charCodeAt(j) === 0x2d) j++;
  const digitsStart = j;
  while (j < span.length && isDigit(span.charCodeAt(j))) j++;
  if (j === digitsStart) return { problem: 'its chat id ("c") is not text or a number' };
  const digits = span.slice(digitsStart, j).replace(/^0+(?=\d)/, '');
  const negative = j > digitsStart && digitsStart > at;
  return { ok: negative && digits !== '0' ? `-${digits}` : digits };
}

/** Whether the epoch's digits end where a field should: a comma, the end, or the next key. */
function epochEndsAt(span: string, p: number): boolean {
  const q = skipSpaces(span, p);
  if (q >= span.length || span.charCodeAt(q) === 0x2c) return true;
  // No comma, straight on to the next key: `"e": 123 "d": …`.
  let k = q;
  if (isQuote(span.charCodeAt(k))) k = skipSpaces(span, k + 1);
  const key = span.charCodeAt(k);
  if (key !== 0x63 && key !== 0x64) return false; // 'c' or 'd'
  k = skipSpaces(span, k + 1);
  if (isQuote(span.charCodeAt(k))) k = skipSpaces(span, k + 1);
  const sep = span.charCodeAt(k);
  return sep === 0x3a || sep === 0x3d;
}

export function readEpoch(span: string, at: number): FieldResult<number> {
  if (at < 0) return undefined;
  const notWhole = { problem: 'its time ("e") is not a whole number' };
  // Digits, possibly quoted, possibly broken by a line wrap.
  let j = at;
  if (isQuote(span.charCodeAt(j))) j++;
  j = skipSpaces(span, j);
  const negative = span.charCodeAt(j) === 0x2d;
  if (negative) j++;
  if (!isDigit(span.charCodeAt(j))) return notWhole;
  let digits = '';
  let lastDigit = j;
  for (let k = j; k < span.length; k++) {
    const c = span.charCodeAt(k);
    if (isDigit(c)) {
      lastDigit = k;
      if (digits.length <= 20) digits += span[k];
    } else if (!isSpace(c)) break;
  }
  let t = lastDigit + 1;
  if (span.charCodeAt(t) === 0x2e && span.charCodeAt(t + 1) === 0x30) {
    t += 2;
    while (span.charCodeAt(t) === 0x30) t++;
  }
  t = skipSpaces(span, t);
  if (!epochEndsAt(span, t) && !(isQuote(span.charCodeAt(t)) && epochEndsAt(span, t + 1))) return notWhole;
  const value = Number(digits) * (negative ? -1 : 1);
  if (digits.length > 20 || !Number.isSafeInteger(value)) return { problem: 'its time ("e") is out of range' };
  return { ok: value === 0 ? 0 : value };
}

export function readCiphertext(span: string, at: number): FieldResult<string> {
  if (at < 0) return undefined;
  const quote = span.charCodeAt(at);
  let end = at + 1;
  while (end < span.length) {
    const c = span.charCodeAt(end);
    if (isQuote(c) || c === OPEN_BRACE || c === CLOSE_BRACE) break;
    end++;
  }
  if (!isQuote(quote) || span.charCodeAt(end) !== quote) return { problem: 'its ciphertext ("d") is not in quotes, or is cut off' };
  // Wrapping, spaces and hyphenation at line ends do not belong to the hex.
  let hex = '';
  let bad = -1;
  for (let k = at + 1; k < end; k++) {
    const c = span.charCodeAt(k);
    if (isSpace(c) || c === 0x2d) continue;
    const isHex = isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
    if (!isHex && bad < 0) bad = k;
    hex += span[k];
  }
  if (bad >= 0) return { problem: `its ciphertext ("d") contains ${JSON.stringify(String.fromCodePoint(span.codePointAt(bad) ?? 0))}, which is not a hex digit` };
  if (hex.length % 2 !== 0) return { problem: 'its ciphertext ("d") has an odd number of hex digits (cut off?)' };
  return { ok: hex.toLowerCase() };
}

