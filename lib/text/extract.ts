/**
 * Finding pointers in text as real pages mangle it: “smart quotes”, HTML entities, hex wrapped
 * over lines or split by spaces, zero-width characters, full-width punctuation, keys in any
 * order or unquoted, prose around, several pointers at once. Each one found is returned in
 * CLM's own canonical form, so the background discovers exactly what CLM would.
 *
 * Pure, total and linear: it never throws, whatever it is given, says what it could not read,
 * and reads every character a bounded number of times. There is no regular expression on the
 * page's text that could backtrack: fields are read by a hand-written scanner, so a page full of
 * whitespace runs, quotes or braces costs what its length costs (see tests/unit/extract.test.ts).
 * @module
 */
import { formatPointer, parsePointer } from '../clm/format.ts';
import { MAX_POINTER_CHARS, PointerError } from '../clm/errors.ts';
import { hexToBytes } from '../encoding/hex.ts';
import { normalizePastedText } from './normalize.ts';
import { parseSealedPointer, SEALED_PREFIX, sealedBodyEnd } from '../sealed/v1.ts';
import { SEALED_V2_PREFIX, sealedV2BodyEnd } from '../sealed/v2.ts';
import { fromBase32, toBase32 } from '../encoding/base32.ts';
import { readChatId, readCiphertext, readEpoch, skipSpaces, valueStart } from './extract-fields.ts';

export { normalizePastedText } from './normalize.ts';

/** Longest text looked at (a whole page's visible text, say); the rest is reported as skipped. */
export const MAX_EXTRACT_CHARS = 2_000_000;
/** At most this many pointers, and this many unreadable ones, are reported for one text. */
export const MAX_EXTRACTED = 1000;

export type FoundPointer =
  | {
      /** The pointer, canonical: as CLM prints it (`{"c": "…", "e": …, "d": "…"}`), or `CLM1:…`. */
      readonly pointer: string;
      readonly format: 'clm' | 'sealed';
      readonly chatId: string;
      readonly epoch: number;
    }
  | {
      /** `CLM2:…`: it shows no chat and no time (they are inside, for the key holder). */
      readonly pointer: string;
      readonly format: 'sealed2';
      readonly chatId: null;
      readonly epoch: null;
    };

export interface UnreadablePointer {
  /** Why it could not be read, in a sentence. */
  readonly reason: string;
  /** The start of what looked like a pointer (at most 80 characters). */
  readonly excerpt: string;
}

export interface Extraction {
  readonly found: readonly FoundPointer[];
  readonly unreadable: readonly UnreadablePointer[];
  /**
   * True when not everything was read: the text was longer than {@link MAX_EXTRACT_CHARS}, or it
   * held more than {@link MAX_EXTRACTED} pointers.
   */
  readonly truncated: boolean;
}

function excerptOf(text: string): string {
  // Only the start is ever shown: flatten at most a few hundred characters, whatever the length.
  const flat = text.slice(0, 400).replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

type Candidate = { readonly found: FoundPointer } | { readonly unreadable: UnreadablePointer } | undefined;

/** Reads the inside of one innermost `{…}`: a pointer, a pointer it cannot read, or nothing. */
function readBraced(inside: string): Candidate {
  let span = inside;
  // A pointer quoted inside a JSON string (an API response, a chat export): {\"c\": \"1\", …}
  if (/\\"[ced]\\"/.test(span)) span = span.replace(/\\"/g, '"');
  const c = readChatId(span, valueStart(span, 'c'));
  const e = readEpoch(span, valueStart(span, 'e'));
  const d = readCiphertext(span, valueStart(span, 'd'));
  if ([c, e, d].filter((f) => f !== undefined).length < 2) return undefined; // code, CSS, templates: not worth a word

  const problems: string[] = [];
  for (const [field, name] of [
    [c, 'chat id ("c")'],
    [e, 'time ("e")'],
    [d, 'ciphertext ("d")'],
  ] as const) {
    if (field === undefined) problems.push(`it has no ${name}`);
    else if ('problem' in field) problems.push(field.problem);
  }
  const excerpt = () => excerptOf(`{${span}}`);
  if (problems.length > 0 || !c || !e || !d || !('ok' in c) || !('ok' in e) || !('ok' in d)) {
    return { unreadable: { reason: `This looks like a pointer, but ${problems.join(', and ')}.`, excerpt: excerpt() } };
  }
  let pointer: string;
  try {
    // The canonical text must read back exactly as CLM reads it.
    const data = hexToBytes(d.ok);
    if (!(data instanceof Uint8Array)) throw new PointerError('bad-ciphertext', 'its ciphertext is not hex');
    pointer = formatPointer(c.ok, e.ok, data);
    const parsed = parsePointer(pointer);
    const again = formatPointer(parsed.chatId, parsed.epoch, parsed.data);
    if (again !== pointer) throw new PointerError('not-a-pointer', 'its fields do not survive a round trip');
  } catch (error) {
    const why = error instanceof Error ? error.message : 'it cannot be read';
    return { unreadable: { reason: `This looks like a pointer, but ${why}`, excerpt: excerpt() } };
  }
  return { found: { pointer, format: 'clm', chatId: c.ok, epoch: e.ok } };
}

/** The sealed pointer between `bodyStart` and `end` (-1: cut off), or what is wrong with it, or nothing. */
function readSealed(source: string, prefixStart: number, bodyStart: number, end: number): Candidate {
  if (end < 0) {
    if (/^[A-Za-z2-7]{4}/.test(source.slice(bodyStart, bodyStart + 4))) {
      return { unreadable: { reason: 'This looks like a sealed pointer, but it is cut off.', excerpt: excerptOf(source.slice(prefixStart, prefixStart + 80)) } };
    }
    return undefined;
  }
  const compact = `${SEALED_PREFIX}${source.slice(bodyStart, end)}`;
  try {
    const parsed = parseSealedPointer(compact);
    return { found: { pointer: parsed.canonical, format: 'sealed', chatId: parsed.chatId, epoch: parsed.epoch } };
  } catch (error) {
    return {
      unreadable: {
        reason: `This looks like a sealed pointer, but ${error instanceof Error ? error.message : 'it cannot be read'}`,
        excerpt: excerptOf(compact),
      },
    };
  }
}

/** A sealed pointer of version 2: its length is one of its buckets'. */
function readSealedV2(source: string, prefixStart: number, bodyStart: number, end: number): Candidate {
  if (end < 0) {
    if (/^[A-Za-z2-7]{4}/.test(source.slice(bodyStart, bodyStart + 4))) {
      return { unreadable: { reason: 'This looks like a sealed pointer, but it is cut off.', excerpt: excerptOf(source.slice(prefixStart, prefixStart + 80)) } };
    }
    return undefined;
  }
  const compact = `${SEALED_V2_PREFIX}${source.slice(bodyStart, end)}`;
  const bytes = fromBase32(compact.slice(SEALED_V2_PREFIX.length));
  if (!(bytes instanceof Uint8Array)) return { unreadable: { reason: 'This looks like a sealed pointer, but it is damaged.', excerpt: excerptOf(compact) } };
  return { found: { pointer: `${SEALED_V2_PREFIX}${toBase32(bytes)}`, format: 'sealed2', chatId: null, epoch: null } };
}

/**
 * Where the body of a sealed pointer starts if a prefix `CLM1:` or `CLM2:` (any case, spaces
 * around the colon) begins at `i`, or -1. The spaces looked at here are looked at only for this
 * prefix. `version` tells which.
 */
function sealedPrefixEnd(source: string, i: number): number {
  const lower = (k: number) => source.charCodeAt(i + k) | 0x20; // ASCII letters in lower case
  const digit = source.charCodeAt(i + 3);
  if (lower(0) !== 0x63 || lower(1) !== 0x6c || lower(2) !== 0x6d || (digit !== 0x31 && digit !== 0x32)) return -1;
  const colon = skipSpaces(source, i + 4);
  if (source.charCodeAt(colon) !== 0x3a) return -1;
  return skipSpaces(source, colon + 1);
}

/** How much work (in characters) is done between two chances for other work to run. */
const STEP_CHARS = 64 * 1024;

/**
 * The extraction, as a generator that yields after every {@link STEP_CHARS} or so characters
 * of work, so that a caller can let other work run in between ({@link extractPointersInSteps}).
 */
function* scan(text: unknown): Generator<void, Extraction> {
  if (typeof text !== 'string') return { found: [], unreadable: [], truncated: false };
  let truncated = text.length > MAX_EXTRACT_CHARS;
  const source = normalizePastedText(truncated ? text.slice(0, MAX_EXTRACT_CHARS) : text);
  yield;
  const hits: { at: number; pointer: FoundPointer }[] = [];
  const unreadable: UnreadablePointer[] = [];
  let budget = STEP_CHARS;
  const note = (at: number, candidate: Candidate) => {
    if (candidate === undefined) return;
    if ('found' in candidate) hits.push({ at, pointer: candidate.found });
    else if (unreadable.length < MAX_EXTRACTED) unreadable.push(candidate.unreadable);
  };

  // Sealed pointers: "CLM1:" and base32, their length read from their own header, so prose right
  // after one is not taken for part of it.
  for (let i = 0; i < source.length; ) {
    const c = source.charCodeAt(i);
    if (c !== 0x43 && c !== 0x63) {
      i++;
      continue;
    }
    const bodyStart = sealedPrefixEnd(source, i);
    if (bodyStart < 0) {
      i++;
      continue;
    }
    const v2 = source.charCodeAt(i + 3) === 0x32;
    const end = v2 ? sealedV2BodyEnd(source, bodyStart) : sealedBodyEnd(source, bodyStart);
    note(i, v2 ? readSealedV2(source, i, bodyStart, end) : readSealed(source, i, bodyStart, end));
    const next = Math.max(end, bodyStart);
    budget -= next - i;
    i = next;
    if (budget <= 0) {
      budget = STEP_CHARS;
      yield;
    }
  }

  // CLM pointers: every innermost pair of braces, read once. Spans never overlap, so the whole
  // loop reads each character a bounded number of times.
  let open = source.indexOf('{');
  while (open >= 0) {
    const close = source.indexOf('}', open + 1);
    if (close < 0) break;
    const start = Math.max(open, source.lastIndexOf('{', close));
    if (close - start <= MAX_POINTER_CHARS) note(open, readBraced(source.slice(start + 1, close)));
    budget -= close - open;
    open = source.indexOf('{', close + 1);
    if (budget <= 0) {
      budget = STEP_CHARS;
      yield;
    }
  }

  // In order of appearance, each pointer once.
  const seen = new Set<string>();
  const found: FoundPointer[] = [];
  for (const { pointer } of hits.sort((a, b) => a.at - b.at)) {
    if (seen.has(pointer.pointer)) continue;
    if (found.length === MAX_EXTRACTED) {
      truncated = true;
      break;
    }
    seen.add(pointer.pointer);
    found.push(pointer);
  }
  return { found, unreadable, truncated };
}

/**
 * Every pointer in `text`, in order of appearance, each once.
 * Never throws; anything that looks like a pointer (braces around at least two of the `c`, `e`,
 * `d` keys, or a sealed prefix) but cannot be read is listed in `unreadable` with the reason.
 * Time is linear in the length of `text`.
 */
export function extractPointers(text: unknown): Extraction {
  const steps = scan(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link extractPointers}, awaiting `pause()` between steps of a few milliseconds each, so that
 * a worker reading a long page still answers (a Lock, an alarm) while it reads.
 */
export async function extractPointersInSteps(text: unknown, pause: () => Promise<void>): Promise<Extraction> {
  const steps = scan(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
