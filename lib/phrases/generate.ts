/**
 * Random phrases from the BIP-39 English list. Apart from strength.ts because the list is most of
 * the weight: the pages load it only when someone clicks "Generate a phrase".
 * @module
 */
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { GENERATED_WORDS } from './strength.ts';

/**
 * A phrase of `words` words drawn uniformly from the BIP-39 English list (2,048 words, 11 bits
 * each): 7 words are 77 bits. `random` is the platform's CSPRNG unless a test injects one.
 */
export function generatePhrase(words = GENERATED_WORDS, random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = random(words * 2);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    // 2,048 is a power of two: the low 11 bits of two random bytes pick a word uniformly.
    const index = (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)) & 0x7ff;
    out.push(wordlist[index] ?? '');
  }
  return out.join(' ');
}
