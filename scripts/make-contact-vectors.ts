/**
 * Writes tests/vectors/contact-v1.json: known answers for contacts (identity keys, cards, chat
 * keys, safety numbers), sealed pointers of version 2, and an own-phrase chat's salted root with
 * its invite of version 2 — made with fixed randomness so that another implementation can check
 * itself byte for byte. Run by hand when a format changes (none may, within its version):
 * `npx node scripts/make-contact-vectors.ts` (Node ≥ 22.18 runs TypeScript as is; the project's
 * own Node is in node_modules/.bin).
 *
 * The "random" bytes are SHA-256 of a label, so that they look random and anyone can recompute
 * them.
 */
import { writeFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase32 } from '../lib/encoding/base32.ts';
import { CARD_PREFIX, formatCard, parseCard } from '../lib/contacts/card.ts';
import { contactChatKey, safetyNumber } from '../lib/contacts/key-agreement.ts';
import { bytesToHex } from '../lib/encoding/hex.ts';
import { newIdentity } from '../lib/contacts/identity.ts';
import { createInviteV2 } from '../lib/invites/invite.ts';
import { MAX_SEALED_V2_MESSAGE_BYTES, sealedV2Bucket, sealV2 } from '../lib/sealed/v2.ts';
import { deriveSealedRoot, SEALED_KDF, sealedChatKey } from '../lib/sealed/v1.ts';

const encoder = new TextEncoder();
const fixed = (label: string, length: number) => sha256(encoder.encode(label)).slice(0, length);

const people = [
  { label: 'alice', name: 'Alice' },
  { label: 'bob', name: 'Bob Łukasiewicz' },
  { label: 'carol', name: 'Зоя 🌸' },
] as const;
const identities = people.map((p) => {
  const random = fixed(`clm test identity: ${p.label}`, 32);
  return { ...p, random, ...newIdentity(random) };
});
const byLabel = (label: string) => {
  const found = identities.find((i) => i.label === label);
  if (!found) throw new Error(label);
  return found;
};

// Cards: each person's, then names that show the cleaning (NFD input, spaces around) and the
// longest name a card takes.
const cardCases = [
  ...identities.map((i) => ({ owner: i.label, nameInput: i.name })),
  { owner: 'alice', nameInput: '  Zoe\u0308 \t' },
  { owner: 'bob', nameInput: 'é'.repeat(32) },
];
const cards = cardCases.map((c) => {
  const { publicKey } = byLabel(c.owner);
  const card = formatCard({ name: c.nameInput, publicKey });
  return { owner: c.owner, name_input: c.nameInput, name: parseCard(card).name, public_key_hex: bytesToHex(publicKey), card };
});

/** A version-1 card of any bytes, with a valid checksum: for cards formatCard refuses to make. */
function rawCard(version: number, name: Uint8Array, key: Uint8Array): string {
  const body = new Uint8Array([version, name.length, ...name, ...key]);
  return `${CARD_PREFIX}${toBase32(new Uint8Array([...body, ...sha256(body).slice(0, 4)]))}`;
}
const alice = byLabel('alice');
const aliceCard = cards[0]?.card ?? '';
const lowOrder = Uint8Array.from(
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157'.match(/../g) ?? [],
  (h) => parseInt(h, 16),
); // an order-8 point
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
const badCards = [
  { why: 'no prefix', text: 'hello, this is my key', code: 'not-a-card' },
  { why: 'cut off', text: aliceCard.slice(0, -5), code: 'damaged' },
  { why: 'extra digits', text: `${aliceCard}AAAA`, code: 'damaged' },
  { why: 'one character of the key changed', text: flip(aliceCard, 40), code: 'checksum' },
  { why: 'version 2', text: rawCard(2, encoder.encode('Alice'), alice.publicKey), code: 'unsupported-version' },
  { why: 'a low-order public key (order 8)', text: rawCard(1, encoder.encode('Mallory'), lowOrder), code: 'bad-key' },
  { why: 'the public key 0', text: rawCard(1, encoder.encode('Mallory'), new Uint8Array(32)), code: 'bad-key' },
  { why: 'a non-canonical public key (top bit set)', text: rawCard(1, encoder.encode('Mallory'), Uint8Array.from(alice.publicKey, (b, i) => (i === 31 ? b | 0x80 : b))), code: 'bad-key' },
  { why: 'a name with spaces around it', text: rawCard(1, encoder.encode(' Alice'), alice.publicKey), code: 'bad-name' },
  { why: 'a name not in NFC', text: rawCard(1, encoder.encode('Zoe\u0308'), alice.publicKey), code: 'bad-name' },
  { why: 'an empty name', text: rawCard(1, new Uint8Array(0), alice.publicKey), code: 'bad-name' },
];

const pairs = [
  ['alice', 'bob'],
  ['alice', 'carol'],
  ['bob', 'carol'],
].map(([a = '', b = '']) => {
  const A = byLabel(a);
  const B = byLabel(b);
  const key = contactChatKey(A.privateKey, A.publicKey, B.publicKey);
  if (bytesToHex(key) !== bytesToHex(contactChatKey(B.privateKey, B.publicKey, A.publicKey))) throw new Error('the two sides disagree');
  return { a, b, chat_key_hex: bytesToHex(key), safety_number: safetyNumber(A.publicKey, B.publicKey), key };
});

const pointerCases = [
  { pair: 0, sender: 'Alice', text: 'Hello Bob! Did you get my card?', epoch: 1736854567, hint: '' },
  { pair: 0, sender: 'Bob Łukasiewicz', text: '', epoch: 0, hint: '01' },
  { pair: 1, sender: 'Зоя 🌸', text: 'Привет! 👩‍💻 Встретимся в 9?', epoch: 2 ** 48 - 1, hint: '636c6d2f31' },
  { pair: 2, sender: 'Bob', text: 'line1\nline2\ttab "quote" \\ {}', epoch: 4102444800, hint: 'ff'.repeat(255) },
  { pair: 0, sender: 'Alice', text: 'x'.repeat(100), epoch: 1765937743, hint: '' },
  { pair: 0, sender: 'Alice', text: 'long '.repeat(200), epoch: 1765937744, hint: '' },
  { pair: 0, sender: 'Alice', text: 'ж'.repeat(4000), epoch: 1765937745, hint: '' },
  { pair: 1, sender: 'Carol', text: 'y'.repeat(MAX_SEALED_V2_MESSAGE_BYTES - 'Carol: '.length), epoch: 1765937746, hint: '' },
];
const hexBytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const pointers = pointerCases.map((c, i) => {
  const pair = pairs.at(c.pair);
  if (!pair) throw new Error('no pair');
  const nonce = fixed(`clm test nonce ${i}`, 24);
  const hint = hexBytes(c.hint);
  const pointer = sealV2({ key: pair.key, epoch: c.epoch, hint, sender: c.sender, text: c.text, nonce });
  const plaintextLength = sealedV2Bucket(10 + hint.length + encoder.encode(`${c.sender}: ${c.text}`).length);
  return { a: pair.a, b: pair.b, key_hex: pair.chat_key_hex, epoch: c.epoch, hint_hex: c.hint, sender: c.sender, text: c.text, nonce_hex: bytesToHex(nonce), plaintext_bytes: plaintextLength, pointer };
});

const salted = [];
for (const c of [
  { phrase: 'correct horse battery staple', chatId: '3', name: 'Project 🚀', seedSuffix: 'chat_3' },
  { phrase: 'пароль', chatId: '12', name: 'Тайна', seedSuffix: '' },
]) {
  const salt = fixed(`clm test root salt: ${c.phrase}`, 16);
  const root = await deriveSealedRoot(c.phrase, salt);
  const invite = createInviteV2({ chatId: c.chatId, name: c.name, seedSuffix: c.seedSuffix, format: 'sealed', phrase: 'own', rootSalt: salt });
  salted.push({ ...c, salt_hex: bytesToHex(salt), root_hex: bytesToHex(root), chat_key_hex: bytesToHex(sealedChatKey(root, c.seedSuffix)), invite });
}

const out = {
  format: 'CLM contacts v1, sealed pointers v2, salted roots and invites v2 (docs/PROTOCOL.md, sections 3, 6 and 7)',
  randomness: 'random_hex = SHA-256(UTF-8("clm test identity: " + label)); nonce i = first 24 bytes of SHA-256("clm test nonce " + i); salt = first 16 bytes of SHA-256("clm test root salt: " + phrase)',
  identities: identities.map((i) => ({ label: i.label, random_hex: bytesToHex(i.random), private_key_hex: bytesToHex(i.privateKey), public_key_hex: bytesToHex(i.publicKey) })),
  cards,
  bad_cards: badCards,
  pairs: pairs.map(({ key: _, ...p }) => p),
  pointers,
  salted_roots: { kdf: { name: 'scrypt', salt: 'UTF-8("clm-sealed/v1") || salt', ...SEALED_KDF, dkLen: 32 }, vectors: salted },
};
writeFileSync('tests/vectors/contact-v1.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${identities.length} identities, ${cards.length} cards, ${badCards.length} bad cards, ${pairs.length} pairs, ${pointers.length} pointers, ${salted.length} salted roots`);
