import { createDecipheriv, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../lib/encoding/base32.ts';
import { contactChatKey } from '../../lib/contacts/key-agreement.ts';
import { ClmInputError, MAX_POINTER_CHARS, POINTER_ERROR_CODES, PointerError } from '../../lib/clm/errors.ts';
import { bytesToHex } from '../../lib/encoding/hex.ts';
import { newIdentity } from '../../lib/contacts/identity.ts';
import { createInvite, createInviteV2, InviteError, parseAnyInvite, parseInvite } from '../../lib/invites/invite.ts';
import { MAX_SEALED_V2_MESSAGE_BYTES, openV2, SEALED_V2_BUCKETS, sealedV2Bucket, sealV2 } from '../../lib/sealed/v2.ts';
import { deriveSealedRoot, SEALED_KDF, sealedChatKey } from '../../lib/sealed/v1.ts';

interface PointerVector {
  a: string;
  b: string;
  key_hex: string;
  epoch: number;
  hint_hex: string;
  sender: string;
  text: string;
  nonce_hex: string;
  plaintext_bytes: number;
  pointer: string;
}
interface SaltedVector {
  phrase: string;
  chatId: string;
  name: string;
  seedSuffix: string;
  salt_hex: string;
  root_hex: string;
  chat_key_hex: string;
  invite: string;
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/contact-v1.json', import.meta.url), 'utf8')) as {
  pointers: PointerVector[];
  salted_roots: { vectors: SaltedVector[] };
};
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const randomKey = () => crypto.getRandomValues(new Uint8Array(32));
const utf8 = (s: string) => new TextEncoder().encode(s);
/** Some other keys to try first: the right one is found among them. */
const decoys = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `decoy ${i}`, key: randomKey() }));

function pointerError(run: () => unknown): PointerError {
  try {
    run();
  } catch (error) {
    if (error instanceof PointerError) return error;
    throw error;
  }
  throw new Error('expected a PointerError');
}

function bytesOf(pointer: string): Uint8Array {
  const bytes = fromBase32(pointer.slice(5));
  if (!(bytes instanceof Uint8Array)) throw new Error('bad pointer');
  return bytes;
}

/**
 * XChaCha20-Poly1305 decryption composed by hand: HChaCha20 (from @noble/ciphers) for the subkey,
 * then OpenSSL's IETF ChaCha20-Poly1305 (node:crypto) with nonce 0x00000000 || nonce[16..24].
 */
function opensslOpen(key: Uint8Array, bytes: Uint8Array): Uint8Array {
  const nonce = bytes.slice(0, 24);
  const sigma = Uint32Array.of(0x61707865, 0x3320646e, 0x79622d32, 0x6b206574); // "expand 32-byte k"
  const subkey = new Uint32Array(8);
  hchacha(sigma, new Uint32Array(key.slice().buffer), new Uint32Array(nonce.slice(0, 16).buffer), subkey);
  const decipher = createDecipheriv('chacha20-poly1305', new Uint8Array(subkey.buffer), Buffer.concat([Buffer.alloc(4), nonce.subarray(16)]), { authTagLength: 16 });
  decipher.setAAD(Buffer.from('clm-sealed/v2'), { plaintextLength: bytes.length - 40 });
  decipher.setAuthTag(bytes.subarray(-16));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(24, -16)), decipher.final()]));
}

describe('sealed v2 vectors', () => {
  it.each(vectors.pointers.map((v, i) => [i, v] as const))('#%i: the pointer, byte for byte; opened by its key among others', (_, v) => {
    const key = hex(v.key_hex);
    const hint = hex(v.hint_hex);
    expect(sealV2({ key, epoch: v.epoch, hint, sender: v.sender, text: v.text, nonce: hex(v.nonce_hex) })).toBe(v.pointer);
    expect(bytesOf(v.pointer)).toHaveLength(24 + v.plaintext_bytes + 16);
    expect(openV2(v.pointer, [...decoys(5), { id: 'right', key }])).toEqual({ id: 'right', epoch: v.epoch, hint, sender: v.sender, text: v.text, signed: `${v.sender}: ${v.text}` });
  });

  it.each(vectors.pointers.map((v, i) => [i, v] as const))('#%i: OpenSSL opens it, and the plaintext is laid out as documented', (_, v) => {
    const plain = opensslOpen(hex(v.key_hex), bytesOf(v.pointer));
    const hint = hex(v.hint_hex);
    const message = utf8(`${v.sender}: ${v.text}`);
    const expected = new Uint8Array(v.plaintext_bytes); // zeros: the padding
    const view = new DataView(expected.buffer);
    view.setUint16(0, Math.floor(v.epoch / 2 ** 32)); // uint48 big-endian
    view.setUint32(2, v.epoch >>> 0);
    expected[6] = hint.length;
    expected.set(hint, 7);
    expected.set([message.length >> 16, (message.length >> 8) & 0xff, message.length & 0xff], 7 + hint.length); // uint24 big-endian
    expected.set(message, 10 + hint.length);
    expect(bytesToHex(plain)).toBe(bytesToHex(expected));
    expect(v.plaintext_bytes).toBe(SEALED_V2_BUCKETS.find((b) => b >= 10 + hint.length + message.length));
  });

  it('the vectors cover empty and full hints, unicode, both ends of the epoch range and several buckets', () => {
    expect(new Set(vectors.pointers.map((v) => v.plaintext_bytes)).size).toBeGreaterThanOrEqual(5);
    expect(vectors.pointers.map((v) => v.hint_hex.length / 2)).toEqual(expect.arrayContaining([0, 255]));
    expect(vectors.pointers.map((v) => v.epoch)).toEqual(expect.arrayContaining([0, 2 ** 48 - 1]));
  });
});

const senderArb = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes(': '));
const messageArb = fc.record({
  epoch: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  hint: fc.uint8Array({ maxLength: 255 }),
  sender: senderArb,
  text: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 600 })),
});

describe('sealed v2: properties', () => {
  it('round-trip for any epoch, hint, sender and text; any case and spacing reads the same', () => {
    fc.assert(
      fc.property(messageArb, fc.boolean(), (m, mangle) => {
        const key = randomKey();
        const pointer = sealV2({ key, ...m });
        expect(pointer).toMatch(/^CLM2:[A-Z2-7]+$/);
        const pasted = mangle ? `  ${pointer.toLowerCase().replace(/(.{16})/g, '$1\n')}\t` : pointer;
        expect(openV2(pasted, [...decoys(2), { id: 'right', key }])).toEqual({ id: 'right', ...m, signed: `${m.sender}: ${m.text}` });
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but PointerError on any text, however mangled', () => {
    const key = randomKey();
    const good = sealV2({ key, epoch: 1, sender: 'a', text: 'hello' });
    const digits = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abc xyz-\n18=!'.split('')), maxLength: 400 });
    const mutated = fc.tuple(fc.nat({ max: good.length }), fc.nat({ max: 8 }), fc.string({ maxLength: 4 })).map(([at, cut, insert]) => good.slice(0, at) + insert + good.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), digits.map((d) => `CLM2:${d}`), mutated), (text) => {
        try {
          openV2(text, [{ id: 1, key }]);
        } catch (error) {
          expect(error).toBeInstanceOf(PointerError);
          expect(POINTER_ERROR_CODES).toContain((error as PointerError).code);
        }
      }),
      { numRuns: 5000 },
    );
    expect(pointerError(() => openV2(`CLM2:${'A'.repeat(MAX_POINTER_CHARS)}`, [{ id: 1, key }])).code).toBe('too-long');
  });

  it('flipping any single bit is rejected (every bit of one pointer)', () => {
    const key = randomKey();
    const bytes = bytesOf(sealV2({ key, epoch: 1736854567, hint: Uint8Array.of(1), sender: 'alice', text: 'Meet at nine' }));
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(pointerError(() => openV2(`CLM2:${toBase32(flipped)}`, [{ id: 1, key }])).code).toBe('not-for-this-phrase');
    }
  });

  it('two pointers of the same chat, second and text share no 8 characters after the marker', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const key = randomKey();
        const a = sealV2({ key, ...m }).slice(5);
        const b = sealV2({ key, ...m }).slice(5);
        const windows = new Set(Array.from({ length: a.length - 7 }, (_, i) => a.slice(i, i + 8)));
        for (let i = 0; i + 8 <= b.length; i++) expect(windows.has(b.slice(i, i + 8))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('the length of a pointer gives away its bucket only: texts of similar size give pointers of one length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEALED_V2_BUCKETS.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (b, x, y) => {
        // Two texts whose signed messages both land in bucket b (with "a: " and the 10-byte frame).
        const high = Math.min(SEALED_V2_BUCKETS[b] ?? 0, MAX_SEALED_V2_MESSAGE_BYTES + 10) - 10 - 3;
        const low = b === 0 ? 0 : (SEALED_V2_BUCKETS[b - 1] ?? 0) - 10 - 3 + 1;
        const text = (f: number) => 'x'.repeat(low + Math.floor(f * (high - low)));
        const key = randomKey();
        const one = sealV2({ key, epoch: 5, sender: 'a', text: text(x) });
        const two = sealV2({ key, epoch: 2 ** 40, sender: 'a', text: text(y) });
        expect(one.length).toBe(two.length);
        expect(one.length).toBe(5 + Math.ceil(((24 + (SEALED_V2_BUCKETS[b] ?? 0) + 16) * 8) / 5));
      }),
      { numRuns: 200 },
    );
  });

  it('a third person holding both public keys cannot open it', () => {
    const seeds = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((s) => s.some((x) => x !== 0));
    fc.assert(
      fc.property(seeds, seeds, seeds, messageArb, (sa, sb, se, m) => {
        const [alice, bob, eve] = [newIdentity(sa), newIdentity(sb), newIdentity(se)];
        const key = contactChatKey(alice.privateKey, alice.publicKey, bob.publicKey);
        const pointer = sealV2({ key, ...m });
        expect(openV2(pointer, [{ id: 'bob', key: contactChatKey(bob.privateKey, bob.publicKey, alice.publicKey) }]).signed).toBe(`${m.sender}: ${m.text}`);
        // What Eve can compute: her own agreements with each, and anything from public data alone.
        const both = [alice.publicKey, bob.publicKey].sort((x, y) => Buffer.compare(x, y));
        const pair = new Uint8Array([...(both[0] ?? []), ...(both[1] ?? [])]);
        const info = utf8('clm-contact/v1/chat-key');
        const eveTries = [
          { id: 'eve+alice', key: contactChatKey(eve.privateKey, eve.publicKey, alice.publicKey) },
          { id: 'eve+bob', key: contactChatKey(eve.privateKey, eve.publicKey, bob.publicKey) },
          { id: 'a public key as a key', key: alice.publicKey },
          { id: 'a public key as a key', key: bob.publicKey },
          { id: 'HKDF of the public keys', key: hkdf(sha256, pair, pair, info, 32) },
          { id: 'HKDF of nothing', key: hkdf(sha256, new Uint8Array(32), pair, info, 32) },
          { id: 'a public key as a private one', key: hkdf(sha256, x25519.getSharedSecret(alice.publicKey, bob.publicKey), pair, info, 32) },
        ];
        expect(pointerError(() => openV2(pointer, eveTries)).code).toBe('not-for-this-phrase');
      }),
      { numRuns: 50 },
    );
  });
});

describe('sealed v2: rules', () => {
  it('answers with the first key that opens it, in the order given', () => {
    const key = randomKey();
    const pointer = sealV2({ key, epoch: 1, sender: 'a', text: 'b' });
    expect(openV2(pointer, [{ id: 'x', key: randomKey() }, { id: 'first', key }, { id: 'second', key: key.slice() }]).id).toBe('first');
    expect(pointerError(() => openV2(pointer, [])).message).toMatch(/No key of yours opens this pointer/);
  });

  it('a ciphertext made under another format label does not open (version 1 and 2 are kept apart)', () => {
    const key = randomKey();
    const nonce = new Uint8Array(24).fill(1);
    const plain = new Uint8Array(64);
    plain.set([0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0x61, 0x3a, 0x20, 0x62], 0);
    const make = (label: string) => `CLM2:${toBase32(new Uint8Array([...nonce, ...xchacha20poly1305(key, nonce, utf8(label)).encrypt(plain)]))}`;
    expect(openV2(make('clm-sealed/v2'), [{ id: 1, key }]).signed).toBe('a: b');
    expect(pointerError(() => openV2(make('clm-sealed/v1'), [{ id: 1, key }])).code).toBe('not-for-this-phrase');
  });

  it.each([
    ['non-zero padding', (p: Uint8Array) => {
      p.set([1], 63);
    }, /padding/],
    ['a message length past the end', (p: Uint8Array) => {
      p.set([0, 0, 200], 7);
    }, /lengths/],
    ['a hint length past the end', (p: Uint8Array) => {
      p.set([250], 6);
    }, /lengths/],
    ['no ": "', (p: Uint8Array) => {
      p.set([0x61, 0x61], 11);
    }, /no sender/],
    ['bytes that are not UTF-8', (p: Uint8Array) => {
      p.set([0xff], 10);
    }, /not text/],
  ])('refuses an authenticated plaintext with %s: a faulty writer, not a wrong key', (_, spoil, message) => {
    const key = randomKey();
    const nonce = new Uint8Array(24).fill(2);
    const plain = new Uint8Array(64);
    plain.set([0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0x61, 0x3a, 0x20, 0x62], 0);
    spoil(plain);
    const pointer = `CLM2:${toBase32(new Uint8Array([...nonce, ...xchacha20poly1305(key, nonce, utf8('clm-sealed/v2')).encrypt(plain)]))}`;
    const error = pointerError(() => openV2(pointer, [{ id: 1, key }]));
    expect(error.code).toBe('not-for-this-phrase');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/faulty program/);
  });

  it('refuses a plaintext padded to a larger bucket than it needs', () => {
    const key = randomKey();
    const nonce = new Uint8Array(24).fill(3);
    const plain = new Uint8Array(128);
    plain.set([0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0x61, 0x3a, 0x20, 0x62], 0);
    const pointer = `CLM2:${toBase32(new Uint8Array([...nonce, ...xchacha20poly1305(key, nonce, utf8('clm-sealed/v2')).encrypt(plain)]))}`;
    expect(pointerError(() => openV2(pointer, [{ id: 1, key }])).message).toMatch(/wrong size/);
  });

  it('says what is wrong with a pointer before trying any key', () => {
    const key = randomKey();
    const good = sealV2({ key, epoch: 1, sender: 'a', text: 'x' });
    expect(pointerError(() => openV2('CLM1:AAAA', [{ id: 1, key }])).message).toMatch(/does not start with CLM2:/);
    expect(pointerError(() => openV2('CLM2:AB1C', [{ id: 1, key }])).message).toMatch(/"1" at position 8 is not a base32 digit/);
    expect(pointerError(() => openV2(good.slice(0, -8), [{ id: 1, key }])).message).toMatch(/cut off/);
    expect(pointerError(() => openV2(`${good}AAAAAAAA`, [{ id: 1, key }])).message).toMatch(/extra/);
    expect(pointerError(() => openV2(good.slice(0, -8), [{ id: 1, key }])).code).toBe('not-a-pointer');
  });

  it('refuses bad arguments with ClmInputError, and messages that would not fit', () => {
    const key = randomKey();
    const ok = { key, epoch: 1, sender: 'a', text: 'x' };
    expect(() => sealV2({ ...ok, key: new Uint8Array(16) })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, epoch: 2 ** 48 })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, epoch: 1.5 })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, hint: new Uint8Array(256) })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, nonce: new Uint8Array(12) })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, sender: 'a: b' })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, text: '\ud800' })).toThrow(ClmInputError);
    expect(() => sealV2({ ...ok, text: 'x'.repeat(MAX_SEALED_V2_MESSAGE_BYTES - 2) })).toThrow(expect.objectContaining({ code: 'message-too-long' }));
    const longest = sealV2({ ...ok, hint: new Uint8Array(255), text: 'x'.repeat(MAX_SEALED_V2_MESSAGE_BYTES - 3) });
    expect(longest.length).toBeLessThanOrEqual(MAX_POINTER_CHARS);
    expect(openV2(longest, [{ id: 1, key }]).text).toHaveLength(MAX_SEALED_V2_MESSAGE_BYTES - 3);
    expect(() => openV2(longest, [{ id: 1, key: new Uint8Array(3) }])).toThrow(ClmInputError);
    expect(() => openV2(longest, 'keys' as unknown as [])).toThrow(ClmInputError);
    expect(sealedV2Bucket(0)).toBe(64);
    expect(sealedV2Bucket(4097)).toBe(8192);
    expect(() => sealedV2Bucket((SEALED_V2_BUCKETS.at(-1) ?? 0) + 1)).toThrow(ClmInputError);
  });
});

describe('own-phrase chats: salted root, invites of version 2', () => {
  it.each(vectors.salted_roots.vectors.map((v) => [v.phrase, v] as const))('%s: root (OpenSSL’s scrypt agrees), chat key and invite', async (_, v) => {
    const salt = hex(v.salt_hex);
    const root = await deriveSealedRoot(v.phrase, salt);
    expect(bytesToHex(root)).toBe(v.root_hex);
    const opensslRoot = scryptSync(v.phrase, Buffer.concat([Buffer.from('clm-sealed/v1'), salt]), 32, { ...SEALED_KDF, maxmem: 2 ** 26 });
    expect(bytesToHex(new Uint8Array(opensslRoot))).toBe(v.root_hex);
    expect(bytesToHex(sealedChatKey(root, v.seedSuffix))).toBe(v.chat_key_hex);
    const invite = { chatId: v.chatId, name: v.name, seedSuffix: v.seedSuffix, format: 'sealed', phrase: 'own', rootSalt: salt } as const;
    expect(createInviteV2(invite)).toBe(v.invite);
    expect(parseAnyInvite(v.invite)).toEqual({ ...invite, version: 2 });
    // A reader of version 1 only (every extension released before) asks to be updated.
    expect(() => parseInvite(v.invite)).toThrow(expect.objectContaining({ code: 'unsupported-version', message: expect.stringMatching(/version 2/) as unknown }));
  });

  it('without a salt the root is what it always was; a salt of another size is refused', async () => {
    const sealedV1 = JSON.parse(readFileSync(new URL('../vectors/sealed-v1.json', import.meta.url), 'utf8')) as { vectors: { phrase: string; root_hex: string }[] };
    const v = sealedV1.vectors.at(0);
    if (!v) throw new Error('no vector');
    expect(bytesToHex(await deriveSealedRoot(v.phrase))).toBe(v.root_hex);
    expect(bytesToHex(await deriveSealedRoot(v.phrase, undefined))).toBe(v.root_hex);
    await expect(deriveSealedRoot(v.phrase, new Uint8Array(15))).rejects.toThrow(ClmInputError);
    await expect(deriveSealedRoot(v.phrase, 'salt' as unknown as Uint8Array)).rejects.toThrow(ClmInputError);
  });

  const fieldsArb = fc.record({
    chatId: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    name: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((n) => n.trim() !== ''),
    seedSuffix: fc.string({ unit: 'binary', maxLength: 40 }),
  });

  it('round-trip any fields and salt, however pasted; version 1 reads as parseInvite reads it', () => {
    fc.assert(
      fc.property(fieldsArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom('clm' as const, 'sealed' as const), fc.constantFrom('master' as const, 'own' as const), (f, rootSalt, format, phrase) => {
        const v2 = createInviteV2({ ...f, format: 'sealed', phrase: 'own', rootSalt });
        expect(parseAnyInvite(`Straße: join us! ${v2.toLowerCase().replace(/(.{10})/g, '$1 ')} — see you`)).toEqual({ ...f, format: 'sealed', phrase: 'own', rootSalt, version: 2 });
        const v1 = createInvite({ ...f, format, phrase });
        expect(parseAnyInvite(v1)).toEqual({ ...parseInvite(v1), version: 1 });
      }),
    );
  });

  it('throws nothing but InviteError on junk; on a damaged version-1 invite, exactly what parseInvite says', () => {
    const outcome = (read: () => unknown) => {
      try {
        return { ok: read() };
      } catch (error) {
        expect(error).toBeInstanceOf(InviteError);
        return { code: (error as InviteError).code, message: (error as InviteError).message };
      }
    };
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom(...'CLMHAT1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 -'.split('')) })), (text) => {
        outcome(() => parseAnyInvite(text));
      }),
      { numRuns: 3000 },
    );
    const v1 = createInvite({ chatId: '3', name: 'Project', seedSuffix: 'chat_3', format: 'sealed', phrase: 'own' });
    const mutated = fc.tuple(fc.nat({ max: v1.length }), fc.nat({ max: 6 }), fc.string({ unit: fc.constantFrom(...'AB7 -:'.split('')), maxLength: 3 })).map(([at, cut, insert]) => v1.slice(0, at) + insert + v1.slice(at + cut));
    fc.assert(
      fc.property(mutated, (text) => {
        const v1Outcome = outcome(() => parseInvite(text));
        const anyOutcome = outcome(() => parseAnyInvite(text));
        expect(anyOutcome).toEqual('ok' in v1Outcome ? { ok: { ...(v1Outcome.ok as object), version: 1 } } : v1Outcome);
      }),
      { numRuns: 3000 },
    );
  });

  it('names every format and phrase kind; a salt of another size, or one on the group’s phrase, is refused', () => {
    const base = { chatId: '3', name: 'Project', seedSuffix: 'chat_3', format: 'sealed', phrase: 'own', rootSalt: new Uint8Array(16).fill(7) } as const;
    expect(() => createInviteV2({ ...base, rootSalt: new Uint8Array(8) })).toThrow(InviteError);
    expect(() => createInviteV2({ ...base, format: 'v3' } as unknown as typeof base)).toThrow(InviteError);
    expect(() => createInviteV2({ ...base, phrase: 'master' })).toThrow(InviteError);
    for (const format of ['clm', 'sealed', 'sealed2'] as const) {
      expect(parseAnyInvite(createInviteV2({ ...base, format }))).toMatchObject({ version: 2, format, phrase: 'own', rootSalt: base.rootSalt });
      expect(parseAnyInvite(createInviteV2({ ...base, format, phrase: 'master', rootSalt: new Uint8Array(16) }))).toMatchObject({ version: 2, format, phrase: 'master' });
    }
    // Made by hand (checksum valid): a format byte this version does not know, and a salt on the group's phrase.
    const forge = (edit: (body: Uint8Array) => void) => {
      const body = (fromBase32(createInviteV2(base).slice(9)) as Uint8Array).slice(0, -4);
      edit(body);
      return `CLMCHAT1:${toBase32(new Uint8Array([...body, ...sha256(new Uint8Array([...utf8('clm-invite/v1'), ...body])).slice(0, 4)]))}`;
    };
    expect(() => parseAnyInvite(forge((b) => (b[1] = 3)))).toThrow(expect.objectContaining({ code: 'bad-field' }));
    expect(() => parseAnyInvite(forge((b) => (b[2] = 0)))).toThrow(expect.objectContaining({ code: 'bad-field' }));
  });

  it('a version above 2 (checksum valid) is a newer invite, not a damaged one', () => {
    const bytes = fromBase32(createInvite({ chatId: '3', name: 'Project', seedSuffix: '', format: 'sealed', phrase: 'own' }).slice(9)) as Uint8Array;
    const body = bytes.slice(0, -4);
    body[0] = 3;
    const newer = `CLMCHAT1:${toBase32(new Uint8Array([...body, ...sha256(new Uint8Array([...utf8('clm-invite/v1'), ...body])).slice(0, 4)]))}`;
    expect(() => parseAnyInvite(newer)).toThrow(expect.objectContaining({ code: 'unsupported-version', message: expect.stringMatching(/version 3/) as unknown }));
  });
});
