/**
 * Opening many pointers at once (ClmPointerOpener, openParsedPointers) must give exactly what
 * opening them one by one gives — the same message or the same error — whatever the phrase,
 * suffix, epoch and length; and both must agree with CLM 2.0.1's own vectors.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  ClmInputError,
  ClmPointerOpener,
  createPointer,
  type DiscoveredMessage,
  discoverPointer,
  hmacDrbgXor,
  openParsedPointer,
  openParsedPointers,
  type ParsedPointer,
  parsePointer,
  PointerError,
  seedMaterial,
} from '../../lib/clm/format.ts';

interface Vectors {
  pointers: { master: string; username: string; chat_id: string; seed_suffix: string; epoch: number; message: string; signed: string; pointer: string }[];
  wrong_secret: { pointer: string; seed_suffix: string; master_used: string }[];
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8')) as Vectors;

/** Any well-formed unicode text (astral characters included, no lone surrogates). */
const text = (maxLength = 60) => fc.string({ unit: 'binary', maxLength });
/** Epochs as CLM writes them (createPointer takes no negative one; the opener is tested on those below). */
const epoch = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

type Outcome = DiscoveredMessage | { error: string; code: string; message: string };

/** What opening one pointer gives: the message, or the thrown error's class, code and sentence. */
function outcome(open: () => DiscoveredMessage): Outcome {
  try {
    return open();
  } catch (error) {
    if (error instanceof PointerError || error instanceof ClmInputError) return { error: error.name, code: error.code, message: error.message };
    throw error;
  }
}

const asOutcome = (r: DiscoveredMessage | PointerError): Outcome => (r instanceof PointerError ? { error: r.name, code: r.code, message: r.message } : r);

/** A ciphertext of `signed` under `phrase`, `seedSuffix` and `epoch`, of any length (no pointer-size limit). */
function encrypt(phrase: string, seedSuffix: string, epochValue: number, signed: Uint8Array): ParsedPointer {
  const data = new Uint8Array(signed.length);
  hmacDrbgXor(seedMaterial(phrase, seedSuffix, epochValue), signed, data);
  return { chatId: '1', epoch: epochValue, data };
}

describe('opening many pointers under one phrase and chat', () => {
  it('opens every CLM 2.0.1 vector as discoverPointer does', () => {
    for (const v of vectors.pointers) {
      const parsed = parsePointer(v.pointer);
      const [found] = openParsedPointers([parsed], v.master, v.seed_suffix);
      expect(found).toEqual({ chatId: v.chat_id, epoch: v.epoch, sender: v.username, text: v.message, signed: v.signed });
    }
    for (const v of vectors.wrong_secret) {
      const [found] = openParsedPointers([parsePointer(v.pointer)], v.master_used, v.seed_suffix);
      expect(asOutcome(found)).toMatchObject({ error: 'PointerError', code: 'not-for-this-phrase' });
    }
  });

  it('gives what openParsedPointer gives, pointer by pointer, for arbitrary phrases, suffixes and epochs', () => {
    fc.assert(
      fc.property(
        text(80),
        text(40),
        fc.array(fc.record({ epoch, username: text(10), text: text(300), own: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        text(80),
        (phrase, seedSuffix, messages, otherPhrase) => {
          // Some pointers are for this phrase, others for another: both kinds in one batch.
          const parsed = messages.map((m) =>
            parsePointer(createPointer({ phrase: m.own ? phrase : otherPhrase, username: m.username, chatId: '7', seedSuffix, epoch: m.epoch, text: m.text })),
          );
          const batch = openParsedPointers(parsed, phrase, seedSuffix).map(asOutcome);
          expect(batch).toEqual(parsed.map((p) => outcome(() => openParsedPointer(p, phrase, seedSuffix))));
          messages.forEach((m, i) => {
            if (m.own) expect(batch[i]).toMatchObject({ signed: `${m.username}: ${m.text}` });
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is right at every length of phrase_suffix_ around the SHA-256 block edges', () => {
    // The opener saves the first HMAC's blocks that hold only `phrase_suffix_`: 31, 95, 159 bytes
    // of it fill whole blocks after V and the separator.
    for (let n = 0; n <= 170; n++) {
      const phrase = 'é'.repeat(n >> 1) + 'x'.repeat(n & 1);
      const opener = new ClmPointerOpener(phrase, 's');
      for (const e of [0, 7, -42, 1736854567, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
        const parsed = encrypt(phrase, 's', e, new TextEncoder().encode(`u: t${n}`));
        expect(opener.open(parsed)).toEqual(openParsedPointer(parsed, phrase, 's'));
        expect(opener.open(parsed).signed).toBe(`u: t${n}`);
        const otherEpoch = { ...parsed, epoch: e === 0 ? 1 : -e };
        expect(outcome(() => opener.open(otherEpoch))).toEqual(outcome(() => openParsedPointer(otherEpoch, phrase, 's')));
      }
      opener.dispose();
    }
  });

  it('opens ciphertexts of every size the scratch buffers meet, up to past their limit', () => {
    const opener = new ClmPointerOpener('phrase', 'general');
    for (const n of [0, 1, 2, 31, 32, 33, 255, 256, 257, 600, 5000, 65_536, 70_000]) {
      const body = 'x'.repeat(Math.max(0, n - 3));
      const parsed = encrypt('phrase', 'general', 1736854567, new TextEncoder().encode(`a: ${body}`.slice(0, n)));
      const one = outcome(() => openParsedPointer(parsed, 'phrase', 'general'));
      expect(outcome(() => opener.open(parsed))).toEqual(one);
      if (n >= 3) expect(one).toMatchObject({ sender: 'a', text: body });
    }
    // An empty ciphertext is no signed message: refused as CLM refuses it.
    expect(outcome(() => opener.open({ chatId: '1', epoch: 1, data: new Uint8Array(0) }))).toMatchObject({ error: 'PointerError', code: 'not-for-this-phrase' });
    opener.dispose();
  });

  it('discoverPointer (ciphertext read into a scratch buffer) gives what parsePointer + openParsedPointer give', () => {
    const mangle = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(text(20), epoch, text(200), mangle, fc.boolean(), (phrase, e, message, [at, insert, remove], wrongPhrase) => {
        const p = createPointer({ phrase, username: 'u', chatId: '3', seedSuffix: 's', epoch: e, text: message });
        const pointer = p.slice(0, at) + insert + p.slice(at + remove);
        const key = wrongPhrase ? `${phrase}!` : phrase;
        const one = (): DiscoveredMessage => openParsedPointer(parsePointer(pointer), key, 's');
        expect(outcome(() => discoverPointer({ phrase: key, seedSuffix: 's', pointer }))).toEqual(outcome(one));
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves the ciphertext as it was', () => {
    const parsed = encrypt('p', 's', 1, new TextEncoder().encode('a: b'));
    const before = parsed.data.slice();
    openParsedPointers([parsed, parsed], 'p', 's');
    openParsedPointer(parsed, 'p', 's');
    expect(parsed.data).toEqual(before);
  });

  it('refuses bad arguments with ClmInputError, as openParsedPointer does', () => {
    const parsed = encrypt('p', 's', 1, new TextEncoder().encode('a: b'));
    expect(() => openParsedPointers([parsed], '\ud800', 's')).toThrow(ClmInputError);
    expect(() => openParsedPointers([parsed], 'p', 1 as unknown as string)).toThrow(ClmInputError);
    expect(() => openParsedPointers([{ ...parsed, epoch: 1.5 }], 'p', 's')).toThrow(ClmInputError);
    expect(() => openParsedPointer({ ...parsed, epoch: 2 ** 53 }, 'p', 's')).toThrow(ClmInputError);
  });

  it('refuses to open after dispose()', () => {
    const opener = new ClmPointerOpener('p', 's');
    const parsed = encrypt('p', 's', 1, new TextEncoder().encode('a: b'));
    expect(opener.open(parsed).text).toBe('b');
    opener.dispose();
    expect(() => opener.open(parsed)).toThrow(ClmInputError);
  });

  it('wipes the seed and the plaintext from its scratch buffers before returning', () => {
    // The decoder is handed a view of the plaintext scratch, the encoder the seed scratch: spying
    // on them is the way to see those buffers after the call.
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const encodeInto = vi.spyOn(TextEncoder.prototype, 'encodeInto');
    try {
      const parsed = encrypt('a phrase', 'general', 1736854567, new TextEncoder().encode('alice: a secret text'));
      const wrong = { ...parsed, epoch: 1 };
      for (const open of [
        () => openParsedPointer(parsed, 'a phrase', 'general'),
        () => openParsedPointer(wrong, 'a phrase', 'general'),
        () => openParsedPointers([parsed, wrong], 'a phrase', 'general')[0] as DiscoveredMessage,
      ]) {
        decode.mockClear();
        encodeInto.mockClear();
        outcome(open);
        expect(decode).toHaveBeenCalled();
        for (const [input] of decode.mock.calls) expect((input as Uint8Array).every((b) => b === 0)).toBe(true);
        for (const [, seedBuffer] of encodeInto.mock.calls) expect(seedBuffer.every((b) => b === 0)).toBe(true);
      }
      expect(encodeInto).not.toHaveBeenCalled(); // the batch encodes no seed per pointer
    } finally {
      decode.mockRestore();
      encodeInto.mockRestore();
    }
  });
});
