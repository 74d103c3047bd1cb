/**
 * How strong a shared phrase is, and a strong one made at random. It matters more here than for
 * a password: one public CLM pointer lets anyone test guesses of the phrase offline, fast (about
 * 80,000 a second on one core, against 3 a second for the vault's own scrypt), so the phrase's
 * strength is what protects both the chats and the history on disk.
 *
 * The estimate is rough on purpose (a generous upper bound for human-chosen text). It uses no
 * regular expression: a RegExp run on a secret keeps it reachable through V8's legacy statics
 * (`RegExp.input`) long after the form is gone.
 * @module
 */
import { isPythonSpace } from '../encoding/python-text.ts';

export type PhraseStrength = 'empty' | 'weak' | 'fair' | 'strong' | 'very-strong';

/** Below this many estimated bits, saving a phrase needs an explicit "use it anyway". */
export const GOOD_PHRASE_BITS = 70;
/** Words in a generated phrase: 7 × 11 bits = 77 bits. */
export const GENERATED_WORDS = 7;
/** Guesses a second one core makes against a public CLM pointer (measured: ~80,000). */
export const GUESSES_PER_SECOND = 80_000;

export interface PhraseAssessment {
  readonly strength: PhraseStrength;
  /** Estimated guessing entropy, in bits. */
  readonly bits: number;
  /** Whether it is below {@link GOOD_PHRASE_BITS}. */
  readonly weak: boolean;
  /** One sentence for the person. */
  readonly hint: string;
}

const isAsciiLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isAsciiUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;

export type GuessingUnit = 'million-years' | 'years' | 'days' | 'hours' | 'minutes' | 'seconds';

/** How long an average search of 2^(bits-1) guesses takes on one core, in the largest unit that fits; null under a second. */
export function guessingDuration(bits: number): { readonly amount: number; readonly unit: GuessingUnit } | null {
  const seconds = 2 ** Math.max(0, bits - 1) / GUESSES_PER_SECOND;
  const units: [number, GuessingUnit][] = [
    [365.25 * 86_400 * 1e6, 'million-years'],
    [365.25 * 86_400, 'years'],
    [86_400, 'days'],
    [3600, 'hours'],
    [60, 'minutes'],
    [1, 'seconds'],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size) return { amount: Math.round(seconds / size), unit };
  }
  return null;
}

/** "3 hours", "40 years" … for an average search of 2^(bits-1) guesses on one core. */
export function guessingTime(bits: number): string {
  const d = guessingDuration(bits);
  return d ? `${d.amount.toLocaleString('en-US')} ${d.unit.replace('-', ' ')}` : 'less than a second';
}

function hintFor(strength: PhraseStrength, bits: number): string {
  if (strength === 'empty') return 'Anyone with one of your pointers can test guesses of the phrase offline, fast. Seven random words or more are good.';
  const time = `One computer testing guesses from a public pointer would need about ${guessingTime(bits)}.`;
  if (strength === 'weak') return `Weak (about ${bits} bits). ${time} Use seven random words, or “Generate a phrase”.`;
  if (strength === 'fair') return `Fair (about ${bits} bits), but not enough. ${time} Add words, or “Generate a phrase”.`;
  return `${strength === 'strong' ? 'Strong' : 'Very strong'} (about ${bits} bits). ${time}`;
}

/** Assesses `phrase` (surrounding whitespace ignored, as CLM ignores it). */
export function assessPhrase(phrase: string): PhraseAssessment {
  // Words and character classes in one pass over the code units; no RegExp touches the phrase.
  let lower = false;
  let upper = false;
  let digit = false;
  let other = false;
  let space = false;
  let words = 0;
  let inWord = false;
  let start = -1;
  let end = -1;
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase.charCodeAt(i);
    if (isPythonSpace(c)) {
      inWord = false;
      continue;
    }
    if (start < 0) start = i;
    end = i;
    if (!inWord) {
      words++;
      inWord = true;
    }
    if (isAsciiLower(c)) lower = true;
    else if (isAsciiUpper(c)) upper = true;
    else if (isAsciiDigit(c)) digit = true;
    else other = true;
  }
  if (start < 0) return { strength: 'empty', bits: 0, weak: true, hint: hintFor('empty', 0) };
  for (let i = start; i <= end; i++) if (isPythonSpace(phrase.charCodeAt(i))) space = true;
  const pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0) + (space ? 1 : 0);
  // Characters as a person sees them (an emoji with modifiers is one).
  const chars: string[] = [];
  for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(phrase.slice(start, end + 1))) chars.push(g.segment);
  // Repeats add little: count distinct characters beyond the first occurrences at half weight.
  const distinct = new Set(chars).size;
  const effectiveLength = distinct + (chars.length - distinct) / 2;
  // People do not type uniformly random characters: count 60 % of the uniform figure.
  const charBits = 0.6 * effectiveLength * Math.log2(Math.max(pool, 2));
  // Several words: each drawn from a ~7,776-word list at best (Diceware), whatever their letters.
  const wordBits = words >= 3 ? words * Math.log2(7776) : Infinity;
  const bits = Math.round(Math.min(charBits, wordBits));
  const strength: PhraseStrength = bits < 45 ? 'weak' : bits < GOOD_PHRASE_BITS ? 'fair' : bits < 90 ? 'strong' : 'very-strong';
  return { strength, bits, weak: bits < GOOD_PHRASE_BITS, hint: hintFor(strength, bits) };
}
