/**
 * Property tests (fast-check): round trips over arbitrary unicode, and the error discipline —
 * whatever text comes in, the only thing thrown is our typed error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClmInputError,
  createPointer,
  discoverPointer,
  MAX_POINTER_CHARS,
  parsePointer,
  POINTER_ERROR_CODES,
  PointerError,
} from '../../lib/clm/format.ts';

/** Any well-formed unicode text (astral characters included, no lone surrogates). */
const text = (maxLength = 60) => fc.string({ unit: 'binary', maxLength });
/** Any UTF-16 code unit, lone surrogates included: what a page or a clipboard can hold. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const epoch = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const chatId = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), text(12));

describe('create → discover round trip', () => {
  it('recovers the text for arbitrary usernames, phrases, suffixes, texts, chat ids and epochs', () => {
    fc.assert(
      fc.property(
        fc.record({ username: text(), phrase: text(), chatId, seedSuffix: text(), epoch, text: text(300) }),
        (o) => {
          const pointer = createPointer(o);
          const parsed = parsePointer(pointer);
          expect(parsed.chatId).toBe(o.chatId);
          expect(parsed.epoch).toBe(o.epoch);
          const found = discoverPointer({ phrase: o.phrase, seedSuffix: o.seedSuffix, pointer });
          expect(found.signed).toBe(`${o.username}: ${o.text}`);
          expect(found.chatId).toBe(o.chatId);
          expect(found.epoch).toBe(o.epoch);
          // CLM splits at the first ": "; a username without one comes back whole.
          if (!o.username.includes(': ')) {
            expect(found.sender).toBe(o.username);
            expect(found.text).toBe(o.text);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('creates exactly the bytes a second run creates (deterministic, like CLM)', () => {
    fc.assert(
      fc.property(fc.record({ username: text(), phrase: text(), chatId, seedSuffix: text(), epoch, text: text() }), (o) => {
        expect(createPointer(o)).toBe(createPointer({ ...o }));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a message too long for a pointer, and accepts the longest that fits', () => {
    const base = { username: 'u', phrase: 'p', chatId: '1', seedSuffix: 's', epoch: 1 };
    const overhead = `{"c": "1", "e": 1, "d": ""}`.length;
    const maxBytes = Math.floor((MAX_POINTER_CHARS - overhead) / 2);
    const fits = 'x'.repeat(maxBytes - 'u: '.length);
    expect(createPointer({ ...base, text: fits }).length).toBeLessThanOrEqual(MAX_POINTER_CHARS);
    expect(() => createPointer({ ...base, text: `${fits}x` })).toThrow(
      expect.objectContaining({ name: 'ClmInputError', code: 'message-too-long' }),
    );
  });
});

function expectOnlyPointerErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PointerError);
    const e = error as PointerError;
    expect(POINTER_ERROR_CODES).toContain(e.code);
    expect(e.message.length).toBeGreaterThan(10);
  }
}

/** Strings that look like pointers, broken in every way fast-check can think of. */
const pointerish = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.json(),
  fc
    .record({
      c: fc.oneof(fc.jsonValue(), fc.string({ unit: anyCodeUnit })),
      e: fc.oneof(fc.jsonValue(), fc.double(), fc.integer()),
      d: fc.oneof(fc.jsonValue(), fc.stringMatching(/^[0-9a-fA-F \n]{0,80}$/)),
    }, { requiredKeys: [] })
    .map((o) => JSON.stringify(o)),
  fc
    .tuple(
      fc.record({ phrase: text(), chatId, seedSuffix: text(), epoch, text: text() }),
      fc.nat(),
      fc.string({ unit: anyCodeUnit, maxLength: 3 }),
      fc.nat({ max: 3 }),
    )
    .map(([o, at, insert, remove]) => {
      const p = createPointer({ ...o, username: 'u' });
      const i = at % (p.length + 1);
      return p.slice(0, i) + insert + p.slice(i + remove);
    }),
);

describe('the error discipline', () => {
  it('parsePointer throws nothing but PointerError on 12,000 arbitrary strings', () => {
    fc.assert(fc.property(pointerish, (input) => {
        expectOnlyPointerErrors(() => parsePointer(input));
      }), {
      numRuns: 12_000,
    });
  });

  it('discoverPointer throws nothing but PointerError on 12,000 arbitrary strings', () => {
    fc.assert(
      fc.property(pointerish, text(20), text(20), (pointer, phrase, seedSuffix) => {
        expectOnlyPointerErrors(() => discoverPointer({ phrase, seedSuffix, pointer }));
      }),
      { numRuns: 12_000 },
    );
  });

  it('createPointer throws nothing but ClmInputError on arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.record({
          phrase: fc.oneof(fc.anything(), fc.string({ unit: anyCodeUnit })),
          username: fc.oneof(fc.anything(), text()),
          chatId: fc.oneof(fc.anything(), text()),
          seedSuffix: fc.oneof(fc.anything(), text()),
          epoch: fc.oneof(fc.anything(), fc.double(), epoch),
          text: fc.oneof(fc.anything(), fc.string({ unit: anyCodeUnit })),
        }),
        (o) => {
          try {
            createPointer(o as Parameters<typeof createPointer>[0]);
          } catch (error) {
            expect(error).toBeInstanceOf(ClmInputError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
