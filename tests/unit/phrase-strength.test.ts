import { describe, expect, it } from 'vitest';
import { assessPhrase } from '../../lib/phrase-strength.ts';

describe('assessPhrase', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['a', 'weak'],
    ['password', 'weak'],
    ['aaaaaaaaaaaaaaaa', 'weak'],
    ['Tr0ub4dor&3', 'weak'],
    ['correct horse battery staple', 'fair'],
    ['correct horse battery staple orbit', 'strong'],
    ['yBXyTsOPtpSGH_.YDIz4.cqkWQ2nfywC51v0BKAYG3@2FM#5HTI?gdi7i!aQ2ncJ', 'very-strong'],
  ] as const)('%j is %s', (phrase, strength) => {
    const result = assessPhrase(phrase);
    expect(result.strength).toBe(strength);
    expect(result.hint.length).toBeGreaterThan(5);
  });

  it('rates more random words higher', () => {
    const ranks = ['correct horse', 'correct horse battery', 'correct horse battery staple orbit', 'correct horse battery staple orbit velvet canyon'].map(
      (p) => ['empty', 'weak', 'fair', 'strong', 'very-strong'].indexOf(assessPhrase(p).strength),
    );
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBeLessThan(ranks[3] ?? 0);
  });
});
