import { createCipheriv, hkdfSync, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hchacha } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../lib/encoding/base32.ts';
import { createPointer } from '../../lib/clm/format.ts';
import { ClmInputError, POINTER_ERROR_CODES, PointerError } from '../../lib/clm/errors.ts';
import { bytesToHex } from '../../lib/encoding/hex.ts';
import {
  createSealedPointer,
  deriveSealedRoot,
  discoverAnyPointer,
  MAX_SEALED_MESSAGE_BYTES,
  openSealedPointer,
  parseSealedPointer,
  SEALED_KDF,
  sealedChatKey,
  sealedPointerExtent,
} from '../../lib/sealed/v1.ts';

interface Vector {
  phrase: string;
  seedSuffix: string;
  username: string;
  chatId: string;
  epoch: number;
  text: string;
  root_hex: string;
  chat_key_hex: string;
  nonce_hex: string;
  pointer: string;
}
const { vectors } = JSON.parse(readFileSync(new URL('../vectors/sealed-v1.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const key = () => crypto.getRandomValues(new Uint8Array(32));

function pointerError(run: () => unknown): PointerError {
  try {
    run();
  } catch (error) {
    if (error instanceof PointerError) return error;
    throw error;
  }
  throw new Error('expected a PointerError');
}

describe('sealed v1 vectors', () => {
  it.each(vectors.map((v, i) => [i, v] as const))('#%i: keys and pointer, byte for byte', async (_, v) => {
    const root = await deriveSealedRoot(v.phrase);
    expect(bytesToHex(root)).toBe(v.root_hex);
    // Independent implementations (OpenSSL through node:crypto) agree on both derivations.
    expect(bytesToHex(scryptSync(v.phrase, 'clm-sealed/v1', 32, { N: SEALED_KDF.N, r: SEALED_KDF.r, p: SEALED_KDF.p, maxmem: 2 ** 26 }))).toBe(v.root_hex);
    const info = Buffer.concat([Buffer.from('clm-sealed/v1/chat'), Buffer.from([0]), Buffer.from(v.seedSuffix)]);
    expect(bytesToHex(new Uint8Array(hkdfSync('sha256', root, Buffer.alloc(0), info, 32)))).toBe(v.chat_key_hex);
    const chatKey = sealedChatKey(root, v.seedSuffix);
    expect(bytesToHex(chatKey)).toBe(v.chat_key_hex);
    const nonce = hex(v.nonce_hex);
    expect(createSealedPointer({ chatKey, username: v.username, chatId: v.chatId, epoch: v.epoch, text: v.text, random: () => nonce })).toBe(v.pointer);
    expect(openSealedPointer(parseSealedPointer(v.pointer), chatKey)).toEqual({
      chatId: v.chatId,
      epoch: v.epoch,
      sender: v.username.split(': ')[0],
      text: v.username.includes(': ') ? `${v.username.split(': ').slice(1).join(': ')}: ${v.text}` : v.text,
      signed: `${v.username}: ${v.text}`,
    });
  });

  it('encrypts exactly as XChaCha20-Poly1305 does (checked against OpenSSL’s ChaCha20-Poly1305)', () => {
    const v = vectors.at(0);
    if (!v) throw new Error('no vector');
    const bytes = fromBase32(v.pointer.slice(5));
    if (!(bytes instanceof Uint8Array)) throw new Error('bad vector');
    const parsed = parseSealedPointer(v.pointer);
    // XChaCha20 = ChaCha20 (IETF) under HChaCha20(key, nonce[0..16]), nonce 0x00000000 || nonce[16..24].
    const sigma = Uint32Array.of(0x61707865, 0x3320646e, 0x79622d32, 0x6b206574); // "expand 32-byte k"
    const subkey = new Uint32Array(8);
    hchacha(sigma, new Uint32Array(hex(v.chat_key_hex).buffer), new Uint32Array(parsed.nonce.slice(0, 16).buffer), subkey);
    const cipher = createCipheriv('chacha20-poly1305', new Uint8Array(subkey.buffer), Buffer.concat([Buffer.alloc(4), parsed.nonce.slice(16)]), { authTagLength: 16 });
    const message = Buffer.from(`${v.username}: ${v.text}`);
    cipher.setAAD(Buffer.concat([Buffer.from('clm-sealed/v1'), parsed.header]), { plaintextLength: message.length });
    const out = Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]);
    expect(bytesToHex(new Uint8Array(out))).toBe(bytesToHex(parsed.sealed));
  });
});

const arb = fc.record({
  username: fc.string({ unit: 'binary', maxLength: 30 }),
  chatId: fc.oneof(fc.nat().map(String), fc.string({ unit: 'binary', maxLength: 20 })),
  epoch: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  text: fc.string({ unit: 'binary', maxLength: 200 }),
});

describe('sealed pointers: properties', () => {
  it('round-trip for arbitrary names, chat ids, epochs and texts; any case and spacing reads the same', () => {
    fc.assert(
      fc.property(arb, fc.boolean(), (o, mangle) => {
        const chatKey = key();
        const pointer = createSealedPointer({ chatKey, ...o });
        expect(pointer).toMatch(/^CLM1:[A-Z2-7]+$/);
        const pasted = mangle ? ` ${pointer.toLowerCase().replace(/(.{16})/g, '$1\n')} ` : pointer;
        const parsed = parseSealedPointer(pasted);
        expect(parsed.canonical).toBe(pointer);
        const found = openSealedPointer(parsed, chatKey);
        expect(found.signed).toBe(`${o.username}: ${o.text}`);
        expect([found.chatId, found.epoch]).toEqual([o.chatId, o.epoch]);
      }),
      { numRuns: 500 },
    );
  });

  it('two sealed pointers of the same text, chat and second differ', () => {
    const chatKey = key();
    const o = { chatKey, username: 'alice', chatId: '1', epoch: 1736854567, text: 'same' };
    const a = createSealedPointer(o);
    const b = createSealedPointer(o);
    expect(a).not.toBe(b);
    expect(openSealedPointer(parseSealedPointer(a), chatKey).text).toBe(openSealedPointer(parseSealedPointer(b), chatKey).text);
  });

  it('a wrong key is rejected every time', () => {
    fc.assert(
      fc.property(arb, (o) => {
        const pointer = createSealedPointer({ chatKey: key(), ...o });
        expect(pointerError(() => openSealedPointer(parseSealedPointer(pointer), key())).code).toBe('not-for-this-phrase');
      }),
      { numRuns: 1000 },
    );
  });

  it('a wrong phrase is rejected every time (through the real KDF)', async () => {
    const root = await deriveSealedRoot('the right phrase');
    const pointer = createSealedPointer({ chatKey: sealedChatKey(root, 'general'), username: 'a', chatId: '1', epoch: 1, text: 'hi' });
    const phrases = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((p) => p !== 'the right phrase'), 25);
    for (const phrase of phrases) {
      const wrongKey = sealedChatKey(await deriveSealedRoot(phrase), 'general');
      expect(pointerError(() => openSealedPointer(parseSealedPointer(pointer), wrongKey)).message).toMatch(/altered or not for this phrase/);
    }
    // And the right phrase in the wrong chat:
    expect(pointerError(() => openSealedPointer(parseSealedPointer(pointer), sealedChatKey(root, 'secrets'))).code).toBe('not-for-this-phrase');
  });

  it('flipping any single bit of a sealed pointer is rejected (every bit of one pointer)', () => {
    const chatKey = key();
    const pointer = createSealedPointer({ chatKey, username: 'alice', chatId: '7', epoch: 1736854567, text: 'Meet at nine' });
    const bytes = fromBase32(pointer.slice(5));
    if (!(bytes instanceof Uint8Array)) throw new Error('bad pointer');
    let rejected = 0;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const error = pointerError(() => openSealedPointer(parseSealedPointer(`CLM1:${toBase32(flipped)}`), chatKey));
      expect(POINTER_ERROR_CODES).toContain(error.code);
      rejected++;
    }
    expect(rejected).toBe(bytes.length * 8);
  });

  it('throws nothing but PointerError on arbitrary text that starts like a sealed pointer', () => {
    const chatKey = key();
    const base32ish = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abc xyz-\n18=!'.split('')), maxLength: 300 });
    fc.assert(
      fc.property(fc.oneof(base32ish, fc.string()), (tail) => {
        try {
          openSealedPointer(parseSealedPointer(`CLM1:${tail}`), chatKey);
        } catch (error) {
          expect(error).toBeInstanceOf(PointerError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses bad arguments with ClmInputError, and messages that would not fit', () => {
    const chatKey = key();
    expect(() => createSealedPointer({ chatKey: new Uint8Array(3), username: 'a', chatId: '1', epoch: 1, text: 'x' })).toThrow(ClmInputError);
    expect(() => createSealedPointer({ chatKey, username: 'a', chatId: '1', epoch: -1, text: 'x' })).toThrow(ClmInputError);
    expect(() => createSealedPointer({ chatKey, username: 'a', chatId: 'x'.repeat(256), epoch: 1, text: 'x' })).toThrow(ClmInputError);
    expect(() => createSealedPointer({ chatKey, username: 'a', chatId: '1', epoch: 1, text: 'x'.repeat(MAX_SEALED_MESSAGE_BYTES) })).toThrow(
      expect.objectContaining({ code: 'message-too-long' }),
    );
    const longest = createSealedPointer({ chatKey, username: 'a', chatId: 'c'.repeat(255), epoch: 1, text: 'x'.repeat(MAX_SEALED_MESSAGE_BYTES - 3) });
    expect(longest.length).toBeLessThanOrEqual(65_536);
    expect(openSealedPointer(parseSealedPointer(longest), chatKey).text).toHaveLength(MAX_SEALED_MESSAGE_BYTES - 3);
  });

  it('explains what is wrong', () => {
    const chatKey = key();
    const good = createSealedPointer({ chatKey, username: 'a', chatId: '1', epoch: 1, text: 'x' });
    expect(pointerError(() => parseSealedPointer('CLM1:AB1C')).message).toMatch(/"1" at position 8 is not a base32 digit/);
    expect(pointerError(() => parseSealedPointer(good.slice(0, -6))).message).toMatch(/cut off/);
    expect(pointerError(() => parseSealedPointer(`${good}AAAAAAAA`)).message).toMatch(/extra data/);
    expect(pointerError(() => parseSealedPointer(`CLM1:${toBase32(Uint8Array.of(2, 0, 0, 0))}`)).code).toBe('unsupported-version');
    expect(pointerError(() => parseSealedPointer('hello')).code).toBe('not-a-pointer');
  });
});

describe('discoverAnyPointer', () => {
  it('tells the formats apart and reports which is integrity-protected', async () => {
    const root = await deriveSealedRoot('p');
    const sealedKey = sealedChatKey(root, 'general');
    const clm = createPointer({ phrase: 'p', username: 'a', chatId: '1', seedSuffix: 'general', epoch: 5, text: 'old style' });
    const sealed = createSealedPointer({ chatKey: sealedKey, username: 'a', chatId: '1', epoch: 5, text: 'new style' });
    expect(discoverAnyPointer({ pointer: clm, phrase: 'p', seedSuffix: 'general', sealedKey })).toMatchObject({ format: 'clm', integrityProtected: false, text: 'old style' });
    expect(discoverAnyPointer({ pointer: ` ${sealed.toLowerCase()} `, phrase: 'p', seedSuffix: 'general', sealedKey })).toMatchObject({
      format: 'sealed',
      integrityProtected: true,
      text: 'new style',
    });
  });
});

describe('sealedPointerExtent', () => {
  it('finds where a sealed pointer ends, even with prose right after it', () => {
    const pointer = createSealedPointer({ chatKey: key(), username: 'a', chatId: '12', epoch: 9, text: 'hello there' });
    const text = `see ${pointer}thanks!`;
    expect(text.slice(4, 4 + sealedPointerExtent(text, 4))).toBe(pointer);
    const wrapped = `x ${pointer.replace(/(.{20})/g, '$1\n')} bye`;
    const extent = sealedPointerExtent(wrapped, 2);
    expect(parseSealedPointer(wrapped.slice(2, 2 + extent)).canonical).toBe(pointer);
    expect(sealedPointerExtent(`x ${pointer.slice(0, -4)}`, 2)).toBe(-1);
  });
});
