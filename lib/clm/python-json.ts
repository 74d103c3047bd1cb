/**
 * The parts of Python's `json` module that CLM 2.0.1's pointers depend on, reproduced exactly:
 * `json.loads` (what it accepts and how) and `json.dumps(..., ensure_ascii=False)` string escaping.
 *
 * `JSON.parse` is not enough: Python accepts `NaN`/`Infinity`, keeps big integers exact, and a
 * pointer's `c` may be a number whose digits must survive as text.
 * @module
 */
import { LibError } from '../errors.ts';

/** A parsed JSON value; numbers keep their literal text (Python keeps integers exact). */
export type PyJsonValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly literal: string; readonly integer: boolean }
  | { readonly kind: 'constant'; readonly literal: 'null' | 'true' | 'false' | 'NaN' | 'Infinity' | '-Infinity' }
  | { readonly kind: 'array' }
  | { readonly kind: 'object'; readonly members: ReadonlyMap<string, PyJsonValue> };

/** Thrown by {@link parsePythonJson}: `offset` is where reading stopped. */
export class PyJsonSyntaxError extends LibError<'json-syntax'> {
  override readonly name = 'PyJsonSyntaxError';
  readonly offset: number;
  constructor(message: string, offset: number) {
    super('json-syntax', message);
    this.offset = offset;
  }
}

/** Deepest nesting accepted. Python stops near 1000 (its recursion limit); pointers are flat. */
export const MAX_JSON_DEPTH = 512;

const Ch = {
  Tab: 0x09,
  Lf: 0x0a,
  Cr: 0x0d,
  Space: 0x20,
  Quote: 0x22,
  Plus: 0x2b,
  Comma: 0x2c,
  Minus: 0x2d,
  Dot: 0x2e,
  Zero: 0x30,
  Nine: 0x39,
  Colon: 0x3a,
  UpperE: 0x45,
  OpenBracket: 0x5b,
  Backslash: 0x5c,
  CloseBracket: 0x5d,
  LowerE: 0x65,
  OpenBrace: 0x7b,
  CloseBrace: 0x7d,
} as const;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A run of string characters that are plain: no quote, no backslash, no control character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

const CONSTANTS = ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity'] as const;

class Reader {
  pos = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  fail(message: string): never {
    throw new PyJsonSyntaxError(message, this.pos);
  }

  /** Python's JSON whitespace is exactly space, tab, LF and CR. */
  skipWhitespace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr) this.pos++;
      else return;
    }
  }

  value(depth: number): PyJsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail('nested too deeply');
    const c = this.text.charCodeAt(this.pos);
    if (c === Ch.Quote) return { kind: 'string', value: this.string() };
    if (c === Ch.OpenBrace) return this.object(depth);
    if (c === Ch.OpenBracket) return this.array(depth);
    if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) {
      const number = this.number();
      if (number) return number;
    }
    for (const literal of CONSTANTS) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return { kind: 'constant', literal };
      }
    }
    return this.fail('expecting a value');
  }

  /** Python's NUMBER_RE: `-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, ASCII digits only. */
  number(): PyJsonValue | undefined {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === Ch.Minus) p++;
    const first = t.charCodeAt(p);
    if (first === Ch.Zero) p++;
    else if (first > Ch.Zero && first <= Ch.Nine) p = this.digits(p);
    else return undefined; // a lone "-" may still start "-Infinity"
    let integer = true;
    if (t.charCodeAt(p) === Ch.Dot && isDigit(t.charCodeAt(p + 1))) {
      p = this.digits(p + 1);
      integer = false;
    }
    const e = t.charCodeAt(p);
    if (e === Ch.LowerE || e === Ch.UpperE) {
      let q = p + 1;
      const sign = t.charCodeAt(q);
      if (sign === Ch.Plus || sign === Ch.Minus) q++;
      if (isDigit(t.charCodeAt(q))) {
        p = this.digits(q);
        integer = false;
      }
    }
    this.pos = p;
    return { kind: 'number', literal: t.slice(start, p), integer };
  }

  digits(p: number): number {
    while (isDigit(this.text.charCodeAt(p))) p++;
    return p;
  }

  /** A string at `pos` (which holds `"`); control characters are refused, as Python's strict mode does. */
  string(): string {
    const t = this.text;
    let p = this.pos + 1;
    let out = '';
    let runStart = p;
    for (;;) {
      // Skip the characters that need no care in one native step: on a pointer's 200-character
      // "d" a charCodeAt loop is several times slower.
      PLAIN_RUN.lastIndex = p;
      PLAIN_RUN.test(t);
      p = PLAIN_RUN.lastIndex;
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) {
        this.pos = p;
        this.fail('unterminated string');
      }
      if (c === Ch.Quote) {
        out += t.slice(runStart, p);
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail('invalid control character in a string');
      }
      // What is left is a backslash: an escape.
      out += t.slice(runStart, p);
      const esc = t.charAt(p + 1);
      if (esc === 'u') {
        const hex = t.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos = p;
          this.fail('invalid \\uXXXX escape');
        }
        // Like Python, a surrogate pair written as two escapes becomes one character, and a lone
        // surrogate is kept (callers decide whether they can use it).
        out += String.fromCharCode(parseInt(hex, 16));
        p += 6;
      } else if (Object.hasOwn(SIMPLE_ESCAPES, esc)) {
        out += SIMPLE_ESCAPES[esc];
        p += 2;
      } else {
        this.pos = p;
        this.fail('invalid escape');
      }
      runStart = p;
    }
  }

  object(depth: number): PyJsonValue {
    const members = new Map<string, PyJsonValue>();
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.CloseBrace) {
      this.pos++;
      return { kind: 'object', members };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== Ch.Quote) this.fail('expecting a property name in double quotes');
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== Ch.Colon) this.fail("expecting ':' delimiter");
      this.pos++;
      this.skipWhitespace();
      // Duplicate keys: the last one wins, as in Python's dict.
      members.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === Ch.CloseBrace) return { kind: 'object', members };
      if (c !== Ch.Comma) {
        this.pos--;
        this.fail("expecting ',' delimiter");
      }
      this.skipWhitespace();
    }
  }

  array(depth: number): PyJsonValue {
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.CloseBracket) {
      this.pos++;
      return { kind: 'array' };
    }
    for (;;) {
      this.value(depth + 1);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === Ch.CloseBracket) return { kind: 'array' };
      if (c !== Ch.Comma) {
        this.pos--;
        this.fail("expecting ',' delimiter");
      }
      this.skipWhitespace();
    }
  }
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/**
 * Parses `text` as Python's `json.loads` does (the C scanner, `strict=True`). Arrays are checked
 * but not kept: no pointer field is an array.
 *
 * @throws {PyJsonSyntaxError} when Python would raise `JSONDecodeError` (or `RecursionError`)
 */
export function parsePythonJson(text: string): PyJsonValue {
  const reader = new Reader(text);
  reader.skipWhitespace();
  const value = reader.value(0);
  reader.skipWhitespace();
  if (reader.pos !== text.length) reader.fail('extra data after the JSON value');
  return value;
}

const DUMPS_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A string as `json.dumps(s, ensure_ascii=False)` writes it: in double quotes, with `"` `\` and
 * C0 controls escaped (`\n` style where Python has one, else `\u00xx` in lowercase hex); every other
 * character, including DEL and U+2028, is written as is.
 */
export function pythonJsonString(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return `"${s.replace(/[\u0000-\u001f"\\]/g, (c) => DUMPS_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
