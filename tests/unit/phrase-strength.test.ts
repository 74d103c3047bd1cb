import { describe, expect, it } from 'vitest';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { generatePhrase } from '../../lib/phrases/generate.ts';
import { assessPhrase, GOOD_PHRASE_BITS, guessingTime } from '../../lib/phrases/strength.ts';

describe('assessPhrase', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['a', 'weak'],
    ['password', 'weak'],
    ['aaaaaaaaaaaaaaaa', 'weak'],
    ['Tr0ub4dor&3', 'weak'],
    ['correct horse battery staple', 'fair'],
    ['correct horse battery staple orbit', 'fair'],
    ['correct horse battery staple orbit velvet', 'strong'],
    ['yBXyTsOPtpSGH_.YDIz4.cqkWQ2nfywC51v0BKAYG3@2FM#5HTI?gdi7i!aQ2ncJ', 'very-strong'],
  ] as const)('%j is %s', (phrase, strength) => {
    const result = assessPhrase(phrase);
    expect(result.strength).toBe(strength);
    expect(result.weak).toBe(result.bits < GOOD_PHRASE_BITS);
    expect(result.hint.length).toBeGreaterThan(5);
  });

  it('says in words how long guessing would take, and rates more random words higher', () => {
    expect(assessPhrase('abc').hint).toMatch(/^Weak \(about \d+ bits\)\. One computer testing guesses from a public pointer would need about .* seconds?\./);
    expect(guessingTime(70)).toMatch(/million years$/);
    const ranks = ['correct horse', 'correct horse battery', 'correct horse battery staple orbit', 'correct horse battery staple orbit velvet canyon'].map((p) => assessPhrase(p).bits);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('leaves no trace of the phrase in RegExp’s legacy statics', () => {
    const secret = 'a secret Phrase 42 with ünïcode and spaces';
    /elsewhere/.test('something elsewhere');
    assessPhrase(secret);
    const legacy = RegExp as unknown as { input: string; lastMatch: string };
    expect(legacy.input).toBe('something elsewhere');
    expect(legacy.lastMatch).toBe('elsewhere');
  });
});

describe('generatePhrase', () => {
  it('draws 7 words of the BIP-39 English list: 77 bits, rated good', () => {
    const phrase = generatePhrase();
    const words = phrase.split(' ');
    expect(words).toHaveLength(7);
    for (const w of words) expect(wordlist).toContain(w);
    expect(assessPhrase(phrase).weak).toBe(false);
  });

  it('maps random bits to words exactly (11 bits a word, every word reachable)', () => {
    expect(generatePhrase(2, () => Uint8Array.from([0x00, 0x00, 0x07, 0xff]))).toBe(`${wordlist[0]} ${wordlist[2047]}`);
    expect(generatePhrase(1, () => Uint8Array.from([0xf8, 0x05]))).toBe(wordlist[5]);
    const seen = new Set<string>();
    for (let i = 0; i < 2048; i++) seen.add(generatePhrase(1, () => Uint8Array.from([i >> 8, i & 255])));
    expect(seen.size).toBe(2048);
  });
});
