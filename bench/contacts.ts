/**
 * Contacts and sealed pointers v2: what they cost, printed. Not a test: nothing here passes or
 * fails. Run: `npx node bench/contacts.ts` (the project's Node 22, which runs TypeScript as is).
 *
 * - opening a v2 pointer against 100 contact keys, the right one last (every other key fails at
 *   the Poly1305 tag), for a short message (smallest bucket) and a long one;
 * - deriving an identity and a contact's chat key (X25519 + HKDF), once per contact per unlock;
 * - the length of a contact card.
 *
 * The last line is JSON: `{"openV2_100_keys_ms": …, "card_chars": …, …}`. `CLM_BENCH_SMOKE=1`: a
 * few runs of each (bench/mode.ts).
 */
import { formatCard, parseCard } from '../lib/contacts/card.ts';
import { contactChatKey, safetyNumber } from '../lib/contacts/key-agreement.ts';
import { newIdentity } from '../lib/contacts/identity.ts';
import { openV2, sealV2 } from '../lib/sealed/v2.ts';
import { full, SMOKE, smokeNotice } from './mode.ts';

/** Median wall time of `runs` runs of `fn` (3 in smoke mode), in ms, after two warm-up runs. */
function median(runs: number, fn: () => void): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < full(runs, 3); i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const me = newIdentity(random(32));
const contacts = Array.from({ length: 100 }, () => newIdentity(random(32)));

const identityMs = median(50, () => newIdentity(random(32)));
const chatKeyMs = median(50, () => contactChatKey(me.privateKey, me.publicKey, contacts[0]?.publicKey ?? me.publicKey));
const keys = contacts.map((c, id) => ({ id, key: contactChatKey(me.privateKey, me.publicKey, c.publicKey) }));
const last = contacts.at(-1);
if (!last) throw new Error('no contacts');
// The sender's side of the last contact: the same key, computed from the other end.
const senderKey = contactChatKey(last.privateKey, last.publicKey, me.publicKey);

const short = sealV2({ key: senderKey, epoch: 1736854567, sender: 'Alice', text: 'See you at nine?' });
const long = sealV2({ key: senderKey, epoch: 1736854567, sender: 'Alice', text: 'x'.repeat(4000) });
const check = (p: string) => {
  if (openV2(p, keys).id !== 99) throw new Error('the right key was not the one that opened it');
};
check(short);
check(long);
const openShortMs = median(100, () => {
  check(short);
});
const openLongMs = median(30, () => {
  check(long);
});

const card = formatCard({ name: 'Alice', publicKey: me.publicKey });
const parseMs = median(200, () => parseCard(card));

console.log(`# CLM contacts bench — node ${process.version}, ${process.arch}`);
smokeNotice('bench/contacts.ts');
console.log(`new identity (X25519 public key):            ${identityMs.toFixed(3)} ms`);
console.log(`contact chat key (X25519 + HKDF):             ${chatKeyMs.toFixed(3)} ms; 100 contacts after unlock: ${(chatKeyMs * 100).toFixed(0)} ms`);
console.log(`open a v2 pointer, 100 keys, right one last:  ${openShortMs.toFixed(3)} ms (${short.length} chars, bucket 64)`);
console.log(`  the same for a 4,000-character message:     ${openLongMs.toFixed(3)} ms (${long.length} chars, bucket 4096)`);
console.log(`contact card "Alice":                         ${card.length} characters; parsed in ${parseMs.toFixed(3)} ms`);
console.log(`safety number:                                ${safetyNumber(me.publicKey, last.publicKey)}`);
console.log(
  JSON.stringify({
    ...(SMOKE && { smoke: true }),
    openV2_100_keys_ms: Number(openShortMs.toFixed(3)),
    openV2_100_keys_4k_text_ms: Number(openLongMs.toFixed(3)),
    contact_chat_key_ms: Number(chatKeyMs.toFixed(3)),
    new_identity_ms: Number(identityMs.toFixed(3)),
    card_chars: card.length,
    short_pointer_chars: short.length,
  }),
);
