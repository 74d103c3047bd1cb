/**
 * Finding pointers in text as real pages mangle it: “smart quotes”, HTML entities, hex wrapped
 * over lines or split by spaces, zero-width characters, full-width punctuation, keys in any
 * order or unquoted, prose around, several pointers at once. Each one found is returned in
 * CLM's own canonical form, so the background discovers exactly what CLM would.
 *
 * Pure, and total: it never throws, whatever it is given, and says what it could not read.
 * @module
 */
import { MAX_POINTER_CHARS, PointerError } from './errors.ts';
import { parsePointer } from './clm.ts';
import { bytesToHex } from './hex.ts';
import { pythonJsonString } from './python-json.ts';
import { parseSealedPointer, SEALED_PREFIX, sealedPointerExtent } from './sealed.ts';

/** Longest text looked at (a whole page's visible text, say); the rest is reported as skipped. */
export const MAX_EXTRACT_CHARS = 2_000_000;

export interface FoundPointer {
  /** The pointer, canonical: as CLM prints it (`{"c": "…", "e": …, "d": "…"}`), or `CLM1:…`. */
  readonly pointer: string;
  readonly format: 'clm' | 'sealed';
  readonly chatId: string;
  readonly epoch: number;
}

export interface UnreadablePointer {
  /** Why it could not be read, in a sentence. */
  readonly reason: string;
  /** The start of what looked like a pointer (at most 80 characters). */
  readonly excerpt: string;
}

export interface Extraction {
  readonly found: readonly FoundPointer[];
  readonly unreadable: readonly UnreadablePointer[];
  /** True when the text was longer than {@link MAX_EXTRACT_CHARS} and its end was not read. */
  readonly truncated: boolean;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  nbsp: ' ',
  ldquo: '"',
  rdquo: '"',
  bdquo: '"',
  laquo: '"',
  raquo: '"',
  lsquo: "'",
  rsquo: "'",
  sbquo: "'",
  prime: "'",
  Prime: '"',
  colon: ':',
  comma: ',',
  lbrace: '{',
  rbrace: '}',
  lcub: '{',
  rcub: '}',
  num: '#',
  shy: '',
  zwsp: '',
  zwj: '',
  zwnj: '',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
};

/** Quote and punctuation look-alikes that editors and forums substitute. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u201f': '"', // ‟
  '\u2033': '"', // ″
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u301d': '"', // 〝
  '\u301e': '"', // 〞
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'", // ‛
  '\u2032': "'", // ′
  '\u2010': '-', // ‐ hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2212': '-', // − minus
};

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Only characters that could be part of a pointer, or that editors turn quotes into.
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/**
 * Undoes what pages do to pasted text: entities (twice, for `&amp;quot;`), look-alike quotes,
 * full-width forms, odd spaces and invisible characters.
 */
export function normalizePastedText(text: string): string {
  let out = decodeEntities(decodeEntities(text));
  out = out.replace(/[\u201c-\u201f\u2033\u00ab\u00bb\u301d\u301e\u2018\u2019\u201a\u201b\u2032\u2010\u2011\u2212]/g, (c) => LOOK_ALIKES[c] ?? c);
  // Full-width ASCII (｛ ： ＂ …) as typed with East Asian input methods.
  out = out.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // Invisible characters that break a hex string without showing.
  out = out.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
  // Every other kind of space is a space.
  out = out.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
  return out;
}

const QUOTE = `["']`;
/** `"c":`, `'c' :`, `c:` — a key, quoted or not, then a colon (or `=`, as some people write). */
const key = (name: string) => new RegExp(`(?:^|[{,\\s])${QUOTE}?\\s*${name}\\s*${QUOTE}?\\s*[:=]\\s*`, 'g');
const KEY_C = key('c');
const KEY_E = key('e');
const KEY_D = key('d');

/** The text after `re`'s first match in `span`, or undefined. */
function after(re: RegExp, span: string): string | undefined {
  re.lastIndex = 0;
  const m = re.exec(span);
  return m ? span.slice(m.index + m[0].length) : undefined;
}

type FieldResult<T> = { readonly ok: T } | { readonly problem: string } | undefined;

function readChatId(rest: string | undefined): FieldResult<string> {
  if (rest === undefined) return undefined;
  const quoted = /^(["'])((?:\\.|(?!\1)[^\\])*)\1/.exec(rest);
  if (quoted) {
    // A pointer's chat id is JSON text: unescape it as JSON does. In single quotes, a bare `"`
    // is a character and `\'` an escaped quote.
    const body = quoted[1] === "'" ? quoted[2].replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') : quoted[2];
    try {
      return { ok: JSON.parse(`"${body}"`) as string };
    } catch {
      return { problem: 'its chat id ("c") has an invalid escape' };
    }
  }
  const number = /^-?\d+/.exec(rest);
  if (number) return { ok: number[0] === '-0' ? '0' : number[0].replace(/^(-?)0+(?=\d)/, '$1') };
  return { problem: 'its chat id ("c") is not text or a number' };
}

function readEpoch(rest: string | undefined): FieldResult<number> {
  if (rest === undefined) return undefined;
  // Digits, possibly quoted, possibly broken by a line wrap.
  const m = /^["']?\s*(-?\d[\d\s]*?)(?:\.0+)?\s*["']?(?=\s*[,}]|\s*$|\s*["']?\s*[cd]\s*["']?\s*[:=])/.exec(rest);
  if (!m) return { problem: 'its time ("e") is not a whole number' };
  const value = Number(m[1].replace(/\s+/g, ''));
  if (!Number.isSafeInteger(value)) return { problem: 'its time ("e") is out of range' };
  return { ok: value === 0 ? 0 : value };
}

function readCiphertext(rest: string | undefined): FieldResult<string> {
  if (rest === undefined) return undefined;
  const quoted = /^(["'])([^"'{}]*)\1/.exec(rest);
  if (!quoted) return { problem: 'its ciphertext ("d") is not in quotes, or is cut off' };
  // Wrapping, spaces and hyphenation at line ends do not belong to the hex.
  const hex = quoted[2].replace(/[\s-]+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    const bad = /[^0-9a-fA-F]/.exec(hex);
    return {
      problem: bad
        ? `its ciphertext ("d") contains ${JSON.stringify(bad[0])}, which is not a hex digit`
        : 'its ciphertext ("d") has an odd number of hex digits (cut off?)',
    };
  }
  return { ok: hex.toLowerCase() };
}

function excerptOf(span: string): string {
  const flat = span.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

/**
 * Every pointer in `text`, in order of appearance, each once.
 * Never throws; anything that looks like a pointer (braces around at least two of the `c`, `e`,
 * `d` keys) but cannot be read is listed in `unreadable` with the reason.
 */
export function extractPointers(text: unknown): Extraction {
  const hits: { at: number; pointer: FoundPointer }[] = [];
  const unreadable: UnreadablePointer[] = [];
  if (typeof text !== 'string') return { found: [], unreadable, truncated: false };
  const truncated = text.length > MAX_EXTRACT_CHARS;
  const source = normalizePastedText(truncated ? text.slice(0, MAX_EXTRACT_CHARS) : text);

  // Sealed pointers: "CLM1:" and base32, its length read from its own header, so prose right
  // after it is not taken for part of it.
  const prefix = new RegExp(SEALED_PREFIX.replace(':', '\\s*:\\s*'), 'gi');
  for (const m of source.matchAll(prefix)) {
    const compact = `${SEALED_PREFIX}${source.slice(m.index + m[0].length)}`;
    const extent = sealedPointerExtent(compact, 0);
    if (extent < 0) {
      if (/^[A-Za-z2-7]{4}/.test(source.slice(m.index + m[0].length))) {
        unreadable.push({ reason: 'This looks like a sealed pointer, but it is cut off.', excerpt: excerptOf(source.slice(m.index, m.index + 80)) });
      }
      continue;
    }
    try {
      const parsed = parseSealedPointer(compact.slice(0, extent));
      hits.push({ at: m.index, pointer: { pointer: parsed.canonical, format: 'sealed', chatId: parsed.chatId, epoch: parsed.epoch } });
    } catch (error) {
      unreadable.push({
        reason: `This looks like a sealed pointer, but ${error instanceof Error ? error.message : 'it cannot be read'}`,
        excerpt: excerptOf(compact.slice(0, Math.min(extent, 80))),
      });
    }
  }

  let open = source.indexOf('{');
  while (open >= 0) {
    const close = source.indexOf('}', open + 1);
    if (close < 0) break;
    const at = open;
    // The innermost brace pair: a "{" before the "}" starts a new candidate.
    const nested = source.lastIndexOf('{', close);
    const start = nested > open ? nested : open;
    let span = close - start > MAX_POINTER_CHARS ? '' : source.slice(start + 1, close);
    open = source.indexOf('{', close + 1);
    if (span === '') continue;
    // A pointer quoted inside a JSON string (an API response, a chat export): {\"c\": \"1\", …}
    if (/\\"[ced]\\"/.test(span)) span = span.replace(/\\"/g, '"');

    const c = readChatId(after(KEY_C, span));
    const e = readEpoch(after(KEY_E, span));
    const d = readCiphertext(after(KEY_D, span));
    const present = [c, e, d].filter((f) => f !== undefined).length;
    if (present < 2) continue; // not a pointer, and not worth a word (code, CSS, templates)

    const problems: string[] = [];
    for (const [field, name] of [
      [c, 'chat id ("c")'],
      [e, 'time ("e")'],
      [d, 'ciphertext ("d")'],
    ] as const) {
      if (field === undefined) problems.push(`it has no ${name}`);
      else if ('problem' in field) problems.push(field.problem);
    }
    if (problems.length > 0 || !c || !e || !d || !('ok' in c) || !('ok' in e) || !('ok' in d)) {
      unreadable.push({ reason: `This looks like a pointer, but ${problems.join(', and ')}.`, excerpt: excerptOf(`{${span}}`) });
      continue;
    }
    const pointer = `{"c": ${pythonJsonString(c.ok)}, "e": ${e.ok}, "d": "${d.ok}"}`;
    try {
      // The canonical text must read back exactly as CLM reads it.
      const parsed = parsePointer(pointer);
      const again = `{"c": ${pythonJsonString(parsed.chatId)}, "e": ${parsed.epoch}, "d": "${bytesToHex(parsed.data)}"}`;
      if (again !== pointer) throw new PointerError('not-a-pointer', 'its fields do not survive a round trip');
    } catch (error) {
      const why = error instanceof Error ? error.message : 'it cannot be read';
      unreadable.push({ reason: `This looks like a pointer, but ${why}`, excerpt: excerptOf(`{${span}}`) });
      continue;
    }
    hits.push({ at, pointer: { pointer, format: 'clm', chatId: c.ok, epoch: e.ok } });
  }
  // In order of appearance, each pointer once.
  const seen = new Set<string>();
  const found: FoundPointer[] = [];
  for (const { pointer } of hits.sort((a, b) => a.at - b.at)) {
    if (seen.has(pointer.pointer)) continue;
    seen.add(pointer.pointer);
    found.push(pointer);
  }
  return { found, unreadable, truncated };
}
