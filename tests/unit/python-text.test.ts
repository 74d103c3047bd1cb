import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPythonSpace, pythonInt, pythonStrip } from '../../lib/encoding/python-text.ts';

interface PythonTextVectors {
  source: string;
  whitespace: number[];
  decimalZeros: number[];
  int: [string, string | null][];
  strip: [string, string][];
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/python-text.json', import.meta.url), 'utf8')) as PythonTextVectors;

describe(`Python text rules (${vectors.source})`, () => {
  it('knows exactly Python’s whitespace: every code point agrees with str.isspace()', () => {
    const python = new Set(vectors.whitespace);
    const disagreements: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) if (isPythonSpace(c) !== python.has(c)) disagreements.push(`U+${c.toString(16)}`);
    expect(disagreements).toEqual([]);
  });

  it.each(vectors.strip)('strips %j as Python does', (input, stripped) => {
    expect(pythonStrip(input)).toBe(stripped);
  });

  it('differs from JavaScript’s trim() where Python does', () => {
    expect(pythonStrip('\ufeffphrase\ufeff')).toBe('\ufeffphrase\ufeff');
    expect('\ufeffphrase\ufeff'.trim()).toBe('phrase');
    expect(pythonStrip('\u001cphrase\u0085')).toBe('phrase');
  });

  it.each(vectors.int)('reads int(%j) as Python does', (input, value) => {
    expect(pythonInt(input)?.toString() ?? null).toBe(value);
  });

  it('agrees with Python on every digit of every script Python knows', () => {
    for (const zero of vectors.decimalZeros) {
      for (let d = 0; d < 10; d++) expect(pythonInt(String.fromCodePoint(zero + d))).toBe(BigInt(d));
    }
  });

  it('never throws, and reads back every integer it prints', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        pythonInt(text);
        pythonStrip(text);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), (n) => {
        expect(pythonInt(` ${n} `)).toBe(n);
      }),
    );
  });
});
