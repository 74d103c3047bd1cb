/**
 * Attacks on contacts, sealed pointers of version 2 and salted roots that held when they were
 * tried, kept so the attempts are recorded (and guard against regressions). The defects the same
 * review found are in contacts-defects.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../../lib/encoding/base32.ts';
import { fromBase64 } from '../../../lib/encoding/bytes.ts';
import { formatCard, parseCard } from '../../../lib/contacts/card.ts';
import { contactChatKey, safetyNumber } from '../../../lib/contacts/key-agreement.ts';
import { newIdentity } from '../../../lib/contacts/identity.ts';
import { createInviteV2, parseAnyInvite } from '../../../lib/invites/invite.ts';
import { checkPayload } from '../../../lib/wire/protocol.ts';
import { deriveSealedRoot, sealedChatKey } from '../../../lib/sealed/v1.ts';
import { openV2, SEALED_V2_BUCKETS, sealV2 } from '../../../lib/sealed/v2.ts';
import { dumpHistory, dumpLocal, newStores, privateKeyOf, rejection, vaultOver } from '../vault/helpers.ts';

const T = 1_790_000_000;

async function person(name: string, phrase: string, clock?: { t: number }) {
  const stores = newStores();
  const vault = vaultOver(stores, clock ? { now: () => clock.t * 1000 } : {});
  await vault.setupProfile({ username: name, phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
  return { vault, ...stores };
}

const cardBytes = (card: string) => fromBase32(card.slice('CLMCARD1:'.length)) as Uint8Array;

/** A card with any 32 bytes as its key and a right checksum (as an attacker makes one). */
async function forgedCard(name: string, key: Uint8Array): Promise<string> {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const n = new TextEncoder().encode(name);
  const bytes = new Uint8Array(38 + n.length);
  bytes[0] = 1;
  bytes[1] = n.length;
  bytes.set(n, 2);
  bytes.set(key, 2 + n.length);
  bytes.set(sha256(bytes.subarray(0, 34 + n.length)).subarray(0, 4), 34 + n.length);
  return `CLMCARD1:${toBase32(bytes)}`;
}

function le(u: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return out;
}

describe('held: cards', () => {
  it('low-order, non-canonical (u + p, top bit set) keys are refused by the vault, nothing written', async () => {
    const alice = await person('alice', 'p1');
    await alice.vault.getMyCard({});
    const before = dumpLocal(alice.local);
    const P = 2n ** 255n - 19n;
    const good = newIdentity(new Uint8Array(32).fill(7)).publicKey;
    let u = 0n;
    for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(good[i]);
    const topBit = good.slice();
    topBit[31] |= 0x80;
    for (const key of [le(0n), le(1n), le(P - 1n), le(P), le(P + 1n), le(9n + P), topBit, ...(u + P < 2n ** 256n ? [le(u + P)] : [])]) {
      expect((await rejection(alice.vault.addContact({ card: await forgedCard('mallory', key) }))).message).toMatch(/must not be used|not valid|altered|incomplete/);
    }
    expect(dumpLocal(alice.local)).toBe(before);
  });

  it('the same card in another case, spacing, hyphens, with prose around it: one contact', async () => {
    const alice = await person('alice', 'p1');
    const bob = await person('bob', 'p2');
    const card = (await bob.vault.getMyCard({})).card;
    await alice.vault.addContact({ card });
    const variants = [card.toLowerCase(), `here you go: ${card.slice(0, 20)} ${card.slice(20, 40)}-${card.slice(40)}. Bye!`, card.replace('CLMCARD1:', 'clmcard1:')];
    for (const v of variants) expect((await rejection(alice.vault.addContact({ card: v }))).message).toMatch(/already have this contact/);
  });

  it('my own card, and my card from before "New identity", are refused', async () => {
    const alice = await person('alice', 'p1');
    const old = (await alice.vault.getMyCard({})).card;
    const fresh = (await alice.vault.newIdentity({})).card;
    for (const card of [old, fresh]) expect((await rejection(alice.vault.addContact({ card }))).message).toMatch(/your own card/);
  });

  it('names: bidi overrides, controls, line separators, ": ", over 64 bytes, not NFC are refused by the card reader', () => {
    const key = newIdentity(new Uint8Array(32).fill(3)).publicKey;
    for (const name of ['bob\u202Eevil', 'a\u0000b', 'a\u2028b', 'x\u2066y', 'Bob: hi', 'b'.repeat(65), 'e\u0301', ' bob', 'a\u0085']) {
      expect(() => parseCard(`CLMCARD1:${toBase32(cardBytes(formatCardUnchecked(name, key)))}`)).toThrow(/./);
    }
    expect(parseCard(formatCard({ name: 'b'.repeat(64), publicKey: key })).name).toHaveLength(64);
  });

  it('a 20,000-character junk card, or a card cut at any point, is refused without a write', async () => {
    const alice = await person('alice', 'p1');
    const bob = await person('bob', 'p2');
    await alice.vault.getMyCard({});
    const before = dumpLocal(alice.local);
    const card = (await bob.vault.getMyCard({})).card;
    for (let cut = 9; cut < card.length; cut += 3) await rejection(alice.vault.addContact({ card: card.slice(0, cut) }));
    await rejection(alice.vault.addContact({ card: `CLMCARD1:${'A'.repeat(19_990)}` }));
    expect(dumpLocal(alice.local)).toBe(before);
  });
});

function formatCardUnchecked(name: string, key: Uint8Array): string {
  const n = new TextEncoder().encode(name);
  const bytes = new Uint8Array(38 + n.length);
  bytes[0] = 1;
  bytes[1] = n.length & 0xff;
  bytes.set(n, 2);
  bytes.set(key, 2 + n.length);
  return `CLMCARD1:${toBase32(bytes)}`;
}

describe('held: key agreement', () => {
  it('both sides derive one key and one safety number, whichever key sorts first', () => {
    for (let i = 1; i < 40; i++) {
      const a = newIdentity(new Uint8Array(32).fill(i));
      const b = newIdentity(new Uint8Array(32).fill(i + 100));
      expect(contactChatKey(a.privateKey, a.publicKey, b.publicKey)).toEqual(contactChatKey(b.privateKey, b.publicKey, a.publicKey));
      expect(safetyNumber(a.publicKey, b.publicKey)).toBe(safetyNumber(b.publicKey, a.publicKey));
    }
  });
});

describe('held: sealed pointers of version 2 in the vault', () => {
  it('with three contacts, each pointer lands in its writer’s chat; a replay is saved once', async () => {
    const me = await person('me', 'p0');
    const others = await Promise.all(['x', 'y', 'z'].map((n, i) => person(n, `p${i + 1}`)));
    const myCard = (await me.vault.getMyCard({})).card;
    const chats = [];
    for (const o of others) {
      chats.push(await me.vault.addContact({ card: (await o.vault.getMyCard({})).card }));
      await o.vault.addContact({ card: myCard });
    }
    for (const [i, o] of others.entries()) {
      const chat = (await o.vault.listChats({})).find((c) => c.phrase === 'contact');
      const sent = await o.vault.sendMessage({ chatId: chat?.id ?? '', text: `from ${i}` });
      const first = await me.vault.discoverPointer({ pointer: sent.pointer });
      expect(first.message).toMatchObject({ chatId: chats[i]?.id, text: `from ${i}` });
      const again = await me.vault.discoverPointer({ pointer: `  ${sent.pointer.toLowerCase().replace(/(.{50})/g, '$1\n')}  ` });
      expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    }
    expect((await me.vault.listMessages({ limit: 50 })).messages).toHaveLength(3);
  });

  it('a pointer under a retired own phrase, written after it was retired, is refused; one from before opens', async () => {
    const clock = { t: T };
    const alice = await person('alice', 'pa', clock);
    const bob = await person('bob', 'pb', clock);
    const a = await alice.vault.createChat({ name: 'G', format: 'sealed2', phrase: 'old words', weakPhraseAccepted: true });
    const invite = (await alice.vault.getChatInvite({ chatId: a.id })).invite;
    const inv = parseAnyInvite(invite);
    if (inv.version !== 2) throw new Error('v2 expected');
    const b = await bob.vault.addChatFromInvite({ invite, phrase: 'old words' });
    clock.t = T + 100;
    await bob.vault.setChatPhrase({ chatId: b.id, phrase: 'new words', weakPhraseAccepted: true });
    // The removed member still has the old key.
    const oldKey = sealedChatKey(await deriveSealedRoot('old words', inv.rootSalt), inv.seedSuffix);
    const before = sealV2({ key: oldKey, epoch: T + 50, sender: 'mallory', text: 'from before' });
    const after = sealV2({ key: oldKey, epoch: T + 200, sender: 'mallory', text: 'after my removal' });
    const future = sealV2({ key: oldKey, epoch: 2 ** 48 - 1, sender: 'mallory', text: 'far future' });
    expect((await bob.vault.discoverPointer({ pointer: before })).message).toMatchObject({ chatId: b.id, openedWith: 'retired-phrase' });
    for (const p of [after, future]) expect((await rejection(bob.vault.discoverPointer({ pointer: p }))).pointerCode).toBe('not-for-this-phrase');
  });

  it('cut, padded and re-bucketed pointers are refused before any key; the lengths are the buckets’', () => {
    const key = new Uint8Array(32).fill(1);
    const lengths = new Set<number>();
    for (const n of [0, 1, 10, 40, 44, 45, 100, 500, 2000, 4000, 30_000]) {
      const p = sealV2({ key, epoch: T, sender: 's', text: 'x'.repeat(n) });
      lengths.add(p.length);
      expect(openV2(p, [{ id: 0, key }]).text).toHaveLength(n);
      expect(() => openV2(p.slice(0, -1), [{ id: 0, key }])).toThrow(/cut off|ends in the middle|length/);
      expect(() => openV2(`${p}AAAAAAAA`, [{ id: 0, key }])).toThrow(/cut off|extra|length/);
    }
    expect(lengths.size).toBeLessThanOrEqual(SEALED_V2_BUCKETS.length);
    // Same bucket, different texts: same length.
    expect(sealV2({ key, epoch: T, sender: 's', text: 'a' }).length).toBe(sealV2({ key, epoch: T, sender: 's', text: 'a'.repeat(50) }).length);
  });
});

describe('held: invites of version 2', () => {
  it('a salt on the group phrase is refused; the invite added twice is refused the second time', async () => {
    const salt = new Uint8Array(16).fill(9);
    expect(() => createInviteV2({ chatId: '3', name: 'x', seedSuffix: 'chat_3', format: 'sealed2', phrase: 'master', rootSalt: salt })).toThrow(/salt/);
    const honest = createInviteV2({ chatId: '3', name: 'x', seedSuffix: 'chat_3', format: 'sealed2', phrase: 'own', rootSalt: salt });
    const bytes = fromBase32(honest.slice(9)) as Uint8Array;
    bytes[2] = 0; // phrase: master, salt still there; checksum then recomputed
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const body = bytes.subarray(0, bytes.length - 4);
    const label = new TextEncoder().encode('clm-invite/v1');
    const input = new Uint8Array(label.length + body.length);
    input.set(label);
    input.set(body, label.length);
    bytes.set(sha256(input).subarray(0, 4), body.length);
    expect(() => parseAnyInvite(`CLMCHAT1:${toBase32(bytes)}`)).toThrow(/salt/);
    const alice = await person('alice', 'pa');
    await alice.vault.addChatFromInvite({ invite: honest, phrase: 'w' });
    expect((await rejection(alice.vault.addChatFromInvite({ invite: honest, phrase: 'w' }))).message).toMatch(/already have this chat/);
  });
});

describe('held: the background’s checks of the new requests', () => {
  it('wrong types, extra fields, overlong cards and names are refused', () => {
    for (const [type, payload] of [
      ['addContact', { card: 1 }],
      ['addContact', { card: '' }],
      ['addContact', { card: 'x'.repeat(20_001) }],
      ['addContact', { card: 'CLMCARD1:AA', extra: true }],
      ['addContact', { card: 'CLMCARD1:AA', name: 'a\nb' }],
      ['setContactVerified', { chatId: '1', verified: 'yes' }],
      ['setContactVerified', { chatId: '1' }],
      ['setContactVerified', { chatId: '1', verified: true, safety: '1' }],
      ['getMyCard', { x: 1 }],
      ['newIdentity', { force: true }],
    ] as const) {
      expect(() => checkPayload(type, payload as never), `${type} ${JSON.stringify(payload).slice(0, 60)}`).toThrow(/Invalid request/);
    }
  });
});

describe('held: secrets at rest', () => {
  it('no private key nor contact chat key in storage.local, storage.session or history (base64 or hex), after contacts, a send and New identity', async () => {
    const alice = await person('alice', 'pa');
    const bob = await person('bob', 'pb');
    const aCard = (await alice.vault.getMyCard({})).card;
    const bCard = (await bob.vault.getMyCard({})).card;
    const bOnA = await alice.vault.addContact({ card: bCard });
    await bob.vault.addContact({ card: aCard });
    await bob.vault.discoverPointer({ pointer: (await alice.vault.sendMessage({ chatId: bOnA.id, text: 'x' })).pointer });
    const aOld = privateKeyOf(alice);
    await alice.vault.newIdentity({});
    const aNew = privateKeyOf(alice);
    const bPriv = fromBase64(privateKeyOf(bob));
    const chatKey = contactChatKey(bPriv, parseCard(bCard).publicKey, parseCard(aCard).publicKey);
    const secrets = [aOld, aNew, Buffer.from(chatKey).toString('base64'), Buffer.from(chatKey).toString('hex'), Buffer.from(fromBase64(aOld)).toString('hex')];
    for (const who of [alice, bob]) {
      const all = dumpLocal(who.local) + dumpHistory(who.history) + [...who.session.data.values()].join('');
      for (const s of secrets) expect(all).not.toContain(s);
    }
  });
});

