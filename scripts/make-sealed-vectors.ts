/**
 * Writes tests/vectors/sealed-v1.json: known answers for the sealed format, made with fixed
 * nonces so that another implementation can check itself byte for byte. Run by hand when the
 * format changes (it must not, within v1): `node scripts/make-sealed-vectors.ts`.
 */
import { writeFileSync } from 'node:fs';
import { bytesToHex } from '../lib/encoding/hex.ts';
import { createSealedPointer, deriveSealedRoot, SEALED_KDF, sealedChatKey } from '../lib/sealed/v1.ts';

const cases = [
  { phrase: 'correct horse battery staple', seedSuffix: 'general', username: 'alice', chatId: '1', epoch: 1736854567, text: 'Hello! How are you?' },
  { phrase: 'correct horse battery staple', seedSuffix: 'chat_3', username: 'bob', chatId: '3', epoch: 0, text: '' },
  { phrase: 'пароль', seedSuffix: 'Тайна 🤫', username: 'Боб', chatId: '12', epoch: 2 ** 48 - 1, text: 'Привет, мир! 👩‍💻' },
  { phrase: 'a', seedSuffix: '', username: 'user: with colon', chatId: '', epoch: 1765937743, text: 'line1\nline2\ttab "quote" \\ {}' },
  { phrase: '🔐🔐🔐', seedSuffix: 'my_custom-suffix', username: '👩‍💻 emoji', chatId: 'chat "x"', epoch: 4102444800, text: 'x'.repeat(300) },
];

const roots = new Map<string, Uint8Array>();
const vectors = [];
for (const [i, c] of cases.entries()) {
  let root = roots.get(c.phrase);
  if (!root) {
    root = await deriveSealedRoot(c.phrase);
    roots.set(c.phrase, root);
  }
  const chatKey = sealedChatKey(root, c.seedSuffix);
  const nonce = Uint8Array.from({ length: 24 }, (_, j) => (i * 24 + j) & 0xff);
  const pointer = createSealedPointer({ chatKey, username: c.username, chatId: c.chatId, epoch: c.epoch, text: c.text, random: () => nonce });
  vectors.push({ ...c, root_hex: bytesToHex(root), chat_key_hex: bytesToHex(chatKey), nonce_hex: bytesToHex(nonce), pointer });
}
const out = {
  format: 'CLM sealed pointer, version 1 (docs/PROTOCOL.md)',
  kdf: { name: 'scrypt', salt: 'clm-sealed/v1', ...SEALED_KDF, dkLen: 32 },
  vectors,
};
writeFileSync('tests/vectors/sealed-v1.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors`);
