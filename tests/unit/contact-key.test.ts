import { createHash, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../lib/contacts/card.ts';
import { contactChatKey, safetyNumber } from '../../lib/contacts/key-agreement.ts';
import { ClmInputError } from '../../lib/clm/errors.ts';
import { bytesToHex } from '../../lib/encoding/hex.ts';
import { newIdentity, publicKeyOf } from '../../lib/contacts/identity.ts';

interface Vectors {
  identities: { label: string; random_hex: string; private_key_hex: string; public_key_hex: string }[];
  pairs: { a: string; b: string; chat_key_hex: string; safety_number: string }[];
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/contact-v1.json', import.meta.url), 'utf8')) as Vectors;
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const identity = (label: string) => {
  const v = vectors.identities.find((i) => i.label === label);
  if (!v) throw new Error(label);
  return { privateKey: hex(v.private_key_hex), publicKey: hex(v.public_key_hex) };
};

// node:crypto's X25519 (OpenSSL): an implementation independent of @noble/curves.
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const nodePrivate = (privateKey: Uint8Array, publicKey: Uint8Array): KeyObject =>
  createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(publicKey), d: b64url(privateKey) }, format: 'jwk' });
const nodePublic = (publicKey: Uint8Array): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(publicKey) }, format: 'jwk' });
/** The public key OpenSSL derives from a raw private key (PKCS#8 wrapping, RFC 8410). */
function nodePublicOf(privateKey: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), privateKey]);
  const jwk = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return bytesToHex(new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url')));
}
const nodeShared = (me: { privateKey: Uint8Array; publicKey: Uint8Array }, theirs: Uint8Array) =>
  new Uint8Array(diffieHellman({ privateKey: nodePrivate(me.privateKey, me.publicKey), publicKey: nodePublic(theirs) }));
/** Lower key first, as byte strings. */
const ordered = (a: Uint8Array, b: Uint8Array) => (Buffer.compare(a, b) <= 0 ? Buffer.concat([a, b]) : Buffer.concat([b, a]));
const nodeChatKey = (me: { privateKey: Uint8Array; publicKey: Uint8Array }, theirs: Uint8Array) =>
  bytesToHex(new Uint8Array(hkdfSync('sha256', nodeShared(me, theirs), ordered(me.publicKey, theirs), 'clm-contact/v1/chat-key', 32)));
/** The safety number, computed from its definition in docs/PROTOCOL.md with OpenSSL's SHA-512. */
function nodeSafetyNumber(a: Uint8Array, b: Uint8Array): string {
  const digest = createHash('sha512').update('clm-contact/v1/safety-number').update(ordered(a, b)).digest();
  return Array.from({ length: 12 }, (_, g) => String(Number(digest.readBigUInt64BE(g * 5) >> 24n) % 100_000).padStart(5, '0')).join(' ');
}

const identityArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => b.some((x) => x !== 0)).map(newIdentity);

describe('identity keys', () => {
  it.each(vectors.identities.map((v) => [v.label, v] as const))('%s: the public key, as OpenSSL derives it', (_, v) => {
    const id = newIdentity(hex(v.random_hex));
    expect(bytesToHex(id.privateKey)).toBe(v.private_key_hex);
    expect(bytesToHex(id.publicKey)).toBe(v.public_key_hex);
    expect(nodePublicOf(hex(v.private_key_hex))).toBe(v.public_key_hex);
  });

  it('any 32 random bytes give the public key OpenSSL derives', () => {
    fc.assert(
      fc.property(identityArb, (id) => {
        expect(bytesToHex(id.publicKey)).toBe(nodePublicOf(id.privateKey));
        expect(publicKeyOf(id.privateKey)).toEqual(id.publicKey);
      }),
      { numRuns: 200 },
    );
  });

  it('copies the random bytes, and refuses a broken source', () => {
    const random = new Uint8Array(32).fill(5);
    const id = newIdentity(random);
    random.fill(0);
    expect(id.privateKey).toEqual(new Uint8Array(32).fill(5));
    expect(() => newIdentity(new Uint8Array(32))).toThrow(ClmInputError);
    expect(() => newIdentity(new Uint8Array(16))).toThrow(ClmInputError);
  });
});

describe('contact chat key', () => {
  it.each(vectors.pairs.map((v) => [`${v.a}–${v.b}`, v] as const))('%s: both sides get the known key; OpenSSL agrees on X25519 and HKDF', (_, v) => {
    const a = identity(v.a);
    const b = identity(v.b);
    expect(bytesToHex(contactChatKey(a.privateKey, a.publicKey, b.publicKey))).toBe(v.chat_key_hex);
    expect(bytesToHex(contactChatKey(b.privateKey, b.publicKey, a.publicKey))).toBe(v.chat_key_hex);
    expect(nodeChatKey(a, b.publicKey)).toBe(v.chat_key_hex);
    expect(nodeChatKey(b, a.publicKey)).toBe(v.chat_key_hex);
  });

  it('any two identities agree on one key, the one OpenSSL computes; a third person with both public keys gets another', () => {
    fc.assert(
      fc.property(identityArb, identityArb, identityArb, (a, b, eve) => {
        const key = contactChatKey(a.privateKey, a.publicKey, b.publicKey);
        expect(contactChatKey(b.privateKey, b.publicKey, a.publicKey)).toEqual(key);
        expect(bytesToHex(key)).toBe(nodeChatKey(a, b.publicKey));
        // Eve knows both public keys; whatever she pairs them with, she lacks a private key.
        const eveKeys = [contactChatKey(eve.privateKey, eve.publicKey, a.publicKey), contactChatKey(eve.privateKey, eve.publicKey, b.publicKey)];
        for (const k of eveKeys) expect(bytesToHex(k)).not.toBe(bytesToHex(key));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a low-order or non-canonical key of theirs with CardError, and a mix-up of mine with ClmInputError', () => {
    const a = identity('alice');
    const b = identity('bob');
    for (const bad of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), hex('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157')]) {
      expect(() => contactChatKey(a.privateKey, a.publicKey, bad)).toThrow(CardError);
      // And OpenSSL agrees that these give the all-zero secret it refuses.
      expect(() => nodeShared(a, bad)).toThrow();
    }
    const nonCanonical = b.publicKey.slice();
    nonCanonical[31] |= 0x80;
    expect(() => contactChatKey(a.privateKey, a.publicKey, nonCanonical)).toThrow(expect.objectContaining({ code: 'bad-key' }));
    expect(() => contactChatKey(a.privateKey, b.publicKey, b.publicKey)).toThrow(ClmInputError);
    expect(() => contactChatKey(new Uint8Array(31), a.publicKey, b.publicKey)).toThrow(ClmInputError);
    expect(() => contactChatKey(a.privateKey, a.publicKey, new Uint8Array(33))).toThrow(ClmInputError);
  });
});

describe('safety number', () => {
  it.each(vectors.pairs.map((v) => [`${v.a}–${v.b}`, v] as const))('%s: the known number, either way round, as its definition gives', (_, v) => {
    const a = identity(v.a).publicKey;
    const b = identity(v.b).publicKey;
    expect(safetyNumber(a, b)).toBe(v.safety_number);
    expect(safetyNumber(b, a)).toBe(v.safety_number);
    expect(nodeSafetyNumber(a, b)).toBe(v.safety_number);
  });

  it('is twelve groups of five digits, the same both ways, and another for another contact', () => {
    fc.assert(
      fc.property(identityArb, identityArb, identityArb, (a, b, c) => {
        const n = safetyNumber(a.publicKey, b.publicKey);
        expect(n).toMatch(/^\d{5}( \d{5}){11}$/);
        expect(safetyNumber(b.publicKey, a.publicKey)).toBe(n);
        expect(nodeSafetyNumber(a.publicKey, b.publicKey)).toBe(n);
        expect(safetyNumber(a.publicKey, c.publicKey)).not.toBe(n);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses keys that are not keys', () => {
    const a = identity('alice').publicKey;
    expect(() => safetyNumber(a, new Uint8Array(5))).toThrow(ClmInputError);
    expect(() => safetyNumber(a, new Uint8Array(32))).toThrow(CardError);
  });
});
