/**
 * A rough strength estimate for a shared phrase, for the hint under the setup field. Rough on
 * purpose: it counts what an attacker's guesses must cover (length × alphabet, or words), and it
 * matters here more than for a password, because anyone holding one CLM pointer can test guesses
 * offline at full speed.
 * @module
 */

export type PhraseStrength = 'empty' | 'weak' | 'fair' | 'strong' | 'very-strong';

export interface PhraseAssessment {
  readonly strength: PhraseStrength;
  /** Estimated guessing entropy, in bits (a generous upper bound for human-chosen text). */
  readonly bits: number;
  /** One sentence for the person. */
  readonly hint: string;
}

const HINTS: Record<PhraseStrength, string> = {
  empty: 'Anyone with one of your pointers can try guesses offline, so make it long.',
  weak: 'Weak: it could be guessed from a single pointer. Four or more random words are better.',
  fair: 'Fair: a determined attacker could guess it. Add a word or two.',
  strong: 'Strong.',
  'very-strong': 'Very strong.',
};

/** Assesses `phrase` (leading and trailing spaces are ignored, as CLM ignores them). */
export function assessPhrase(phrase: string): PhraseAssessment {
  const text = phrase.trim();
  if (text === '') return { strength: 'empty', bits: 0, hint: HINTS.empty };
  // Characters as a person sees them (an emoji with modifiers is one).
  const chars = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (g) => g.segment);
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[^A-Za-z0-9\s]/u.test(text)) pool += 33;
  if (/\s/.test(text)) pool += 1;
  // Repeats add little: count distinct characters beyond the first occurrences at half weight.
  const distinct = new Set(chars).size;
  const effectiveLength = distinct + (chars.length - distinct) / 2;
  // People do not type uniformly random characters: count 60 % of the uniform figure.
  const charBits = 0.6 * effectiveLength * Math.log2(Math.max(pool, 2));
  // Several words: each drawn from a ~7,776-word list at best (Diceware), whatever their letters.
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  const wordBits = words >= 3 ? words * Math.log2(7776) : Infinity;
  const bits = Math.round(Math.min(charBits, wordBits));
  const strength: PhraseStrength = bits < 45 ? 'weak' : bits < 65 ? 'fair' : bits < 90 ? 'strong' : 'very-strong';
  return { strength, bits, hint: HINTS[strength] };
}
