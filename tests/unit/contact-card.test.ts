import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32 } from '../../lib/encoding/base32.ts';
import { CARD_ERROR_CODES, CardError, cleanCardName, formatCard, MAX_CARD_NAME_BYTES, parseCard, samePublicKey } from '../../lib/contacts/card.ts';
import { ClmInputError } from '../../lib/clm/errors.ts';
import { bytesToHex } from '../../lib/encoding/hex.ts';
import { isUsablePublicKey, newIdentity, publicKeyProblem } from '../../lib/contacts/identity.ts';

interface Vectors {
  identities: { label: string; random_hex: string; private_key_hex: string; public_key_hex: string }[];
  cards: { owner: string; name_input: string; name: string; public_key_hex: string; card: string }[];
  bad_cards: { why: string; text: string; code: string }[];
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/contact-v1.json', import.meta.url), 'utf8')) as Vectors;
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const P = 2n ** 255n - 19n;
const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

function cardError(run: () => unknown): CardError {
  try {
    run();
  } catch (error) {
    if (error instanceof CardError) return error;
    throw error;
  }
  throw new Error('expected a CardError');
}

/** Any 32 bytes that are a usable public key (almost all with the top bit cleared). */
const publicKeyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => {
    const k = b.slice();
    k[31] &= 0x7f;
    return k;
  })
  .filter(isUsablePublicKey);
/** Names a card takes: anything that survives cleaning, up to the byte limit. */
const nameArb = fc
  .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.constantFrom('Zoe\u0308', '  Alice\t', 'Зоя 🌸', '\u00a0x\u3000'))
  .filter((n) => {
    try {
      cleanCardName(n);
      return true;
    } catch {
      return false;
    }
  });

describe('contact card vectors', () => {
  it.each(vectors.cards.map((v) => [v.name_input, v] as const))('%j: the card, byte for byte, and back', (_, v) => {
    const publicKey = hex(v.public_key_hex);
    expect(formatCard({ name: v.name_input, publicKey })).toBe(v.card);
    expect(parseCard(v.card)).toEqual({ name: v.name, publicKey });
    // The layout, read independently: version, name length, name, key, SHA-256 checksum.
    const bytes = fromBase32(v.card.slice('CLMCARD1:'.length)) as Uint8Array;
    const name = new TextEncoder().encode(v.name);
    expect([bytes[0], bytes[1]]).toEqual([1, name.length]);
    expect(bytesToHex(bytes.subarray(2 + name.length, 34 + name.length))).toBe(v.public_key_hex);
    expect(bytesToHex(bytes.subarray(-4))).toBe(createHash('sha256').update(bytes.subarray(0, -4)).digest('hex').slice(0, 8));
  });

  it.each(vectors.bad_cards.map((v) => [v.why, v] as const))('refuses %s with its code and a sentence', (_, v) => {
    const error = cardError(() => parseCard(v.text));
    expect(error.code).toBe(v.code);
    expect(error.message).toMatch(/^[A-Z].*[.:]/);
  });

  it('every code has a vector', () => {
    expect(new Set(vectors.bad_cards.map((v) => v.code))).toEqual(new Set(CARD_ERROR_CODES));
  });
});

describe('contact cards: properties', () => {
  it('round-trip for any name and key, however the card is pasted', () => {
    fc.assert(
      fc.property(nameArb, publicKeyArb, fc.constantFrom('as is', 'lower case', 'wrapped', 'in prose'), (name, publicKey, paste) => {
        const card = formatCard({ name, publicKey });
        expect(card).toMatch(/^CLMCARD1:[A-Z2-7]+$/);
        const pasted = {
          'as is': card,
          'lower case': card.toLowerCase(),
          wrapped: `CLMCARD1:\n${card.slice(9).replace(/(.{12})/g, '$1\n  ').replace(/(.{7})/, '$1 - ')}`,
          'in prose': `Straße — here is my card: ${card}. Talk soon!`,
        }[paste];
        const read = parseCard(pasted);
        expect(read.name).toBe(cleanCardName(name));
        expect(bytesToHex(read.publicKey)).toBe(bytesToHex(publicKey));
        // Cleaning is idempotent: the card's name is its own clean form.
        expect(cleanCardName(read.name)).toBe(read.name);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but CardError on any text', () => {
    const good = formatCard({ name: 'Alice', publicKey: newIdentity(new Uint8Array(32).fill(7)).publicKey });
    const digits = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcz189 \n\t-:'.split('')), maxLength: 200 });
    const mutated = fc.tuple(fc.nat({ max: good.length }), fc.nat({ max: 8 }), fc.string({ maxLength: 4 })).map(([at, cut, insert]) => good.slice(0, at) + insert + good.slice(at + cut));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\r\n', '-') }),
          digits.map((d) => `CLMCARD1:${d}`),
          digits.map((d) => `clmcard1:${d}`),
          mutated,
        ),
        (text) => {
          try {
            parseCard(text);
          } catch (error) {
            expect(error).toBeInstanceOf(CardError);
            expect(CARD_ERROR_CODES).toContain((error as CardError).code);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('throws nothing but CardError on megabyte texts: refused as too long before any parsing', () => {
    const card = formatCard({ name: 'Alice', publicKey: newIdentity(new Uint8Array(32).fill(7)).publicKey });
    for (const text of [' '.repeat(2 ** 20), `CLMCARD1:${'A'.repeat(2 ** 20)}`, `${'x '.repeat(2 ** 19)}${card}`, 'CLMCARD1:'.repeat(2 ** 17), `${card}${' \n'.repeat(2 ** 19)}`]) {
      const error = cardError(() => parseCard(text));
      expect([error.code, error.message]).toEqual(['not-a-card', expect.stringMatching(/too long to be a contact card/)]);
    }
    // Just under the limit, whitespace runs inside the digits are read through.
    expect(parseCard(`CLMCARD1:${card.slice(9).split('').join(' \n\t'.repeat(200))}`).name).toBe('Alice');
  });

  it('any one character changed is caught, or changes nothing (the unused bits of the last digit)', () => {
    const publicKey = newIdentity(new Uint8Array(32).fill(9)).publicKey;
    const card = formatCard({ name: 'Alice', publicKey });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let caught = 0;
    for (let at = 'CLMCARD1:'.length; at < card.length; at++) {
      for (const digit of alphabet) {
        if (digit === card[at]) continue;
        const changed = card.slice(0, at) + digit + card.slice(at + 1);
        try {
          const read = parseCard(changed);
          expect(at).toBe(card.length - 1); // only the padding bits of the last digit
          expect(read).toEqual({ name: 'Alice', publicKey });
        } catch (error) {
          expect(error).toBeInstanceOf(CardError);
          caught++;
        }
      }
    }
    expect(caught).toBeGreaterThan((card.length - 10) * 31);
  });
});

describe('contact cards: rules', () => {
  const publicKey = newIdentity(new Uint8Array(32).fill(3)).publicKey;

  it('cleans names as CLM strips them, in NFC', () => {
    expect(cleanCardName(' \u2003Zoe\u0308\u0085')).toBe('Zoë');
    expect(cleanCardName('\ufeffAlice')).toBe('\ufeffAlice'); // Python's strip() keeps U+FEFF
    expect(cleanCardName('é'.repeat(MAX_CARD_NAME_BYTES / 2))).toHaveLength(32);
  });

  it.each([
    ['empty', '   ', /Enter a name/],
    ['too long', 'é'.repeat(MAX_CARD_NAME_BYTES / 2 + 1), /at most 64 bytes/],
    ['two lines', 'Alice\nBob', /single line/],
    ['a direction override', 'Alice\u202eecilA', /direction/],
    ['": "', 'Alice: admin', /": "/],
  ])('refuses a name that is %s', (_, name, message) => {
    const error = cardError(() => formatCard({ name, publicKey }));
    expect(error.code).toBe('bad-name');
    expect(error.message).toMatch(message);
  });

  it('refuses every low-order key and every non-canonical encoding', () => {
    const lowOrder = [0n, 1n, P - 1n, 325606250916557431795983626356110631294008115727848805560023387167927233504n, 39382357235489614581723060781553021112529911719440698176882885853963445705823n];
    for (const u of lowOrder) {
      expect(publicKeyProblem(le(u))).toBe('low-order');
      expect(cardError(() => formatCard({ name: 'Mallory', publicKey: le(u) })).code).toBe('bad-key');
      // Its non-canonical twins (u + P where it fits in 255 bits; the top bit set) are refused too.
      if (u + P < 2n ** 255n) expect(publicKeyProblem(le(u + P))).toBe('non-canonical');
      const high = le(u);
      high[31] |= 0x80;
      expect(publicKeyProblem(high)).toBe('non-canonical');
    }
    expect(publicKeyProblem(le(P))).toBe('non-canonical');
    expect(publicKeyProblem(le(9n))).toBeUndefined(); // the base point
    expect(publicKeyProblem(new Uint8Array(31))).toBe('not-32-bytes');
    expect(() => formatCard({ name: 'A', publicKey: new Uint8Array(31) })).toThrow(ClmInputError);
  });

  it('finds a card inside prose, in any case, as invites are found', () => {
    const card = formatCard({ name: 'Alice', publicKey });
    expect(parseCard(`Hi!\n\nMy card:\n${card.toLowerCase().replace(/(.{20})/g, '$1\r\n')}\n\n— A`).publicKey).toEqual(publicKey);
    // After "ß" (which upper-cases to two letters) the card is still found where it is.
    expect(parseCard(`Grüße aus der Straße: ${card}`).name).toBe('Alice');
    // Like invites, and unlike pointers, a full-width colon is not read as the prefix's.
    expect(cardError(() => parseCard(card.replace('CLMCARD1:', 'CLMCARD1\uff1a'))).code).toBe('not-a-card');
  });

  it('a word after the card (after a space) is not part of it; letters glued to it are', () => {
    const card = formatCard({ name: 'Alice', publicKey });
    for (const after of [' thanks', ' bye!', '\nsee you', ' — A', '  abc def']) {
      expect(parseCard(`${card}${after}`), JSON.stringify(after)).toEqual({ name: 'Alice', publicKey });
      expect(parseCard(`${card.slice(0, 30)}\n${card.slice(30)}${after}`).publicKey).toEqual(publicKey);
    }
    expect(cardError(() => parseCard(`${card}abc`)).code).toBe('damaged');
    // Cut short, and followed by a word: still damaged, not silently read.
    expect(cardError(() => parseCard(`${card.slice(0, -3)} bye`)).code).toMatch(/^(damaged|checksum)$/);
  });

  it('samePublicKey compares keys, and refuses anything else', () => {
    const other = newIdentity(new Uint8Array(32).fill(4)).publicKey;
    expect(samePublicKey(publicKey, publicKey.slice())).toBe(true);
    expect(samePublicKey(publicKey, other)).toBe(false);
    expect(() => samePublicKey(publicKey, new Uint8Array(3))).toThrow(ClmInputError);
    expect(() => samePublicKey('x' as unknown as Uint8Array, publicKey)).toThrow(ClmInputError);
  });
});
