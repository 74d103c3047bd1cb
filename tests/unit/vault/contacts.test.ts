import { describe, expect, it } from 'vitest';
import { parseCard } from '../../../lib/contacts/card.ts';
import { toBase32, fromBase32 } from '../../../lib/encoding/base32.ts';
import { dumpHistory, dumpLocal, newStores, privateKeyOf, rejection, vaultOver } from './helpers.ts';
import type { Vault } from '../../../lib/vault/vault.ts';

const GROUP = 'the CLM group phrase everyone here shares';

async function person(name: string, phrase: string, now?: () => number) {
  const stores = newStores();
  const vault = vaultOver(stores, now ? { now } : {});
  await vault.setupProfile({ username: name, phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
  return { vault, ...stores };
}

async function contacts(a: Vault, b: Vault) {
  const aCard = (await a.getMyCard({})).card;
  const bCard = (await b.getMyCard({})).card;
  const bOnA = await a.addContact({ card: bCard });
  const aOnB = await b.addContact({ card: aCard });
  return { aCard, bCard, bOnA, aOnB };
}

describe('contact cards and contact chats', () => {
  it('two people who share no phrase exchange only their cards, then talk both ways; the safety numbers agree', async () => {
    const alice = await person('alice', 'alice has her own phrase');
    const bob = await person('bob', 'bob has another one');
    const { aCard, bOnA, aOnB } = await contacts(alice.vault, bob.vault);
    expect(aCard).toMatch(/^CLMCARD1:[A-Z2-7]+$/);
    expect(parseCard(aCard).name).toBe('alice');
    expect(bOnA).toMatchObject({ name: 'bob', format: 'sealed2', phrase: 'contact', contact: { verified: false, needsMyNewCard: false } });
    expect(bOnA.contact?.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(aOnB.contact?.safetyNumber).toBe(bOnA.contact?.safetyNumber);

    const hello = await alice.vault.sendMessage({ chatId: bOnA.id, text: 'hello bob, no phrase needed' });
    expect(hello.pointer).toMatch(/^CLM2:[A-Z2-7]+$/);
    expect(hello.message).toMatchObject({ format: 'sealed2', integrityProtected: true, openedWith: 'contact-key' });
    const found = await bob.vault.discoverPointer({ pointer: hello.pointer });
    expect(found.message).toMatchObject({ chatId: aOnB.id, sender: 'alice', text: 'hello bob, no phrase needed', openedWith: 'contact-key', epoch: hello.message.epoch });
    const reply = await bob.vault.sendMessage({ chatId: aOnB.id, text: 'hi alice' });
    expect((await alice.vault.discoverPointer({ pointer: reply.pointer })).message).toMatchObject({ chatId: bOnA.id, sender: 'bob', text: 'hi alice' });
    const shown = bOnA.contact?.safetyNumber ?? '';
    expect(await alice.vault.setContactVerified({ chatId: bOnA.id, verified: true, safetyNumber: shown })).toMatchObject({ contact: { verified: true } });
  });

  it('"Verified" vouches only for the number shown: a New identity since then, or no number, is refused', async () => {
    const alice = await person('alice', 'alice has her own phrase');
    const bob = await person('bob', 'bob has another one');
    const { bOnA } = await contacts(alice.vault, bob.vault);
    const shown = bOnA.contact?.safetyNumber ?? '';
    expect(await rejection(alice.vault.setContactVerified({ chatId: bOnA.id, verified: true }))).toMatchObject({ code: 'invalid-input' });
    // Another window makes a new identity while Manage still shows the old number.
    await alice.vault.newIdentity({});
    expect(await rejection(alice.vault.setContactVerified({ chatId: bOnA.id, verified: true, safetyNumber: shown }))).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('safety number has changed') as unknown,
    });
    const now = (await alice.vault.listChats({})).find((c) => c.id === bOnA.id)?.contact?.safetyNumber ?? '';
    expect(now).not.toBe(shown);
    // Spacing does not matter; the digits do. Unmarking needs no number.
    expect(await alice.vault.setContactVerified({ chatId: bOnA.id, verified: true, safetyNumber: now.replace(/ /g, '') })).toMatchObject({ contact: { verified: true } });
    expect(await alice.vault.setContactVerified({ chatId: bOnA.id, verified: false })).toMatchObject({ contact: { verified: false } });
  });

  it('a third person with both cards and the group phrase opens none of their pointers, and saves nothing', async () => {
    const alice = await person('alice', GROUP);
    const bob = await person('bob', GROUP);
    const eve = await person('eve', GROUP);
    const { aCard, bCard, bOnA } = await contacts(alice.vault, bob.vault);
    await eve.vault.addContact({ card: aCard });
    await eve.vault.addContact({ card: bCard });
    const secret = await alice.vault.sendMessage({ chatId: bOnA.id, text: 'only for bob' });
    const before = dumpLocal(eve.local) + dumpHistory(eve.history);
    const error = await rejection(eve.vault.discoverPointer({ pointer: secret.pointer }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(dumpLocal(eve.local) + dumpHistory(eve.history)).toBe(before);
  });

  it('refuses junk, a cut-off or altered card, your own card, and a contact you have', async () => {
    const alice = await person('alice', 'p1');
    const bob = await person('bob', 'p2');
    const bCard = (await bob.vault.getMyCard({})).card;
    const codeOf = async (card: string) => (await rejection(alice.vault.addContact({ card }))).message;
    expect(await codeOf('hello, here is my card')).toMatch(/not a contact card|not a card/i);
    expect(await codeOf(bCard.slice(0, -6))).toMatch(/incomplete/);
    const body = fromBase32(bCard.slice('CLMCARD1:'.length)) as Uint8Array;
    body[40] ^= 1;
    expect(await codeOf(`CLMCARD1:${toBase32(body)}`)).toMatch(/altered|checksum|mistyped/i);
    expect(await codeOf((await alice.vault.getMyCard({})).card)).toMatch(/your own card/);
    await alice.vault.addContact({ card: bCard });
    expect(await codeOf(bCard)).toMatch(/already have this contact/);
    expect((await alice.vault.listChats({})).filter((c) => c.phrase === 'contact')).toHaveLength(1);
  });

  it('the identity is random (never from the phrase) and never on disk in the clear', async () => {
    const one = await person('alice', GROUP);
    const two = await person('alice', GROUP);
    expect((await one.vault.getMyCard({})).card).not.toBe((await two.vault.getMyCard({})).card);
    const privateKey = privateKeyOf(one);
    expect(dumpLocal(one.local) + dumpHistory(one.history)).not.toContain(privateKey);
    // Nor in the backup file, which is sealed; but restored, the identity comes back.
    const { file } = await one.vault.exportBackup({ phrase: GROUP });
    expect(file).not.toContain(privateKey);
    const restored = newStores();
    await vaultOver(restored).restoreBackup({ file, phrase: GROUP });
    expect(privateKeyOf(restored)).toBe(privateKey);
  });

  it('a restored contact chat reads the contact’s new pointers, and merging a backup does not double it', async () => {
    const alice = await person('alice', 'alice phrase');
    const bob = await person('bob', 'bob phrase');
    const { aOnB, bOnA } = await contacts(alice.vault, bob.vault);
    await alice.vault.sendMessage({ chatId: bOnA.id, text: 'before the backup' });
    const { file } = await alice.vault.exportBackup({ phrase: 'alice phrase' });
    const fresh = vaultOver(newStores());
    await fresh.restoreBackup({ file, phrase: 'alice phrase' });
    const later = await bob.vault.sendMessage({ chatId: aOnB.id, text: 'after the restore' });
    expect((await fresh.discoverPointer({ pointer: later.pointer })).message).toMatchObject({ sender: 'bob', text: 'after the restore', openedWith: 'contact-key' });
    expect((await alice.vault.restoreBackup({ file, phrase: 'alice phrase' })).result).toMatchObject({ chatsAdded: 0, messagesAdded: 0 });
  });

  it('"New identity": old pointers still open, the contact needs the new card, and says so until they use it', async () => {
    const alice = await person('alice', 'alice phrase');
    const bob = await person('bob', 'bob phrase');
    const { aCard, bOnA, aOnB } = await contacts(alice.vault, bob.vault);
    const old = await bob.vault.sendMessage({ chatId: aOnB.id, text: 'to your old key' });
    const { card } = await alice.vault.newIdentity({});
    expect(card).not.toBe(aCard);
    const chat = (await alice.vault.listChats({})).find((c) => c.id === bOnA.id);
    expect(chat?.contact).toMatchObject({ needsMyNewCard: true, verified: false });
    expect(chat?.contact?.safetyNumber).not.toBe(bOnA.contact?.safetyNumber);
    // What bob wrote to the old key still opens.
    expect((await alice.vault.discoverPointer({ pointer: old.pointer })).message.text).toBe('to your old key');
    // What alice writes now, bob can read only with her new card.
    const fresh = await alice.vault.sendMessage({ chatId: bOnA.id, text: 'with my new key' });
    expect((await rejection(bob.vault.discoverPointer({ pointer: fresh.pointer }))).pointerCode).toBe('not-for-this-phrase');
    const newChat = await bob.vault.addContact({ card, name: 'alice (new card)' });
    expect((await bob.vault.discoverPointer({ pointer: fresh.pointer })).message.chatId).toBe(newChat.id);
    expect(newChat.contact?.safetyNumber).toBe(chat?.contact?.safetyNumber);
    // Bob writes with it: alice's chat no longer asks for the new card.
    await alice.vault.discoverPointer({ pointer: (await bob.vault.sendMessage({ chatId: newChat.id, text: 'got your new card' })).pointer });
    expect((await alice.vault.listChats({})).find((c) => c.id === bOnA.id)?.contact?.needsMyNewCard).toBe(false);
  });

  it('a contact chat has no phrase, number or invite to change', async () => {
    const alice = await person('alice', 'p1');
    const bob = await person('bob', 'p2');
    const { bOnA } = await contacts(alice.vault, bob.vault);
    for (const attempt of [
      alice.vault.setChatPhrase({ chatId: bOnA.id, phrase: 'x', weakPhraseAccepted: true }),
      alice.vault.setChatFormat({ chatId: bOnA.id, format: 'clm' }),
      alice.vault.setChatClmId({ chatId: bOnA.id, clmId: '9' }),
      alice.vault.getChatInvite({ chatId: bOnA.id }),
    ]) {
      expect((await rejection(attempt)).message).toMatch(/contact chat/);
    }
  });
});

describe('sealed pointers of version 2 in chats with a phrase', () => {
  it('hide the chat and the time: only the marker is in the clear, lengths fall in buckets', async () => {
    const alice = await person('alice', GROUP);
    const bob = await person('bob', GROUP);
    const a = await alice.vault.createChat({ name: 'Hidden', format: 'sealed2', phrase: 'our phrase', weakPhraseAccepted: true });
    const invite = (await alice.vault.getChatInvite({ chatId: a.id })).invite;
    const b = await bob.vault.addChatFromInvite({ invite, phrase: 'our phrase' });
    expect(b).toMatchObject({ format: 'sealed2', phrase: 'own' });
    const one = await alice.vault.sendMessage({ chatId: a.id, text: 'same words' });
    const two = await alice.vault.sendMessage({ chatId: a.id, text: 'same words' });
    for (const p of [one.pointer, two.pointer]) expect(p.startsWith('CLM2:')).toBe(true);
    // No run of 8 characters in common past the marker.
    const body = (p: string) => p.slice(5);
    const runs = new Set(Array.from({ length: body(one.pointer).length - 7 }, (_, i) => body(one.pointer).slice(i, i + 8)));
    expect(Array.from({ length: body(two.pointer).length - 7 }, (_, i) => body(two.pointer).slice(i, i + 8)).some((r) => runs.has(r))).toBe(false);
    // Another chat's pointer of a similar length has the same length.
    const other = await alice.vault.sendMessage({ chatId: (await alice.vault.createChat({ name: 'Other', format: 'sealed2' })).id, text: 'other word' });
    expect(other.pointer.length).toBe(one.pointer.length);
    expect((await bob.vault.discoverPointer({ pointer: one.pointer })).message).toMatchObject({ chatId: b.id, text: 'same words', epoch: one.message.epoch });
  });

  it('new chats with a phrase of their own get a random salt, carried in the invite; old invites still join', async () => {
    const alice = await person('alice', 'p1');
    const bob = await person('bob', 'p2');
    const a1 = await alice.vault.createChat({ name: 'Salted', format: 'sealed', phrase: 'shared words', weakPhraseAccepted: true });
    const a2 = await alice.vault.createChat({ name: 'Salted too', format: 'sealed', phrase: 'shared words', weakPhraseAccepted: true });
    const i1 = (await alice.vault.getChatInvite({ chatId: a1.id })).invite;
    const i2 = (await alice.vault.getChatInvite({ chatId: a2.id })).invite;
    // Same phrase and format, yet the two chats' keys differ: their salts do.
    const p1 = await alice.vault.sendMessage({ chatId: a1.id, text: 'in the first' });
    const carolStores = newStores();
    const carol = vaultOver(carolStores);
    await carol.setupProfile({ username: 'carol', phrase: 'p3', confirmPhrase: 'p3', weakPhraseAccepted: true });
    await carol.addChatFromInvite({ invite: i2, phrase: 'shared words' });
    expect((await rejection(carol.discoverPointer({ pointer: p1.pointer }))).pointerCode).toBe('not-for-this-phrase');
    const b1 = await bob.vault.addChatFromInvite({ invite: i1, phrase: 'shared words' });
    expect((await bob.vault.discoverPointer({ pointer: p1.pointer })).message.chatId).toBe(b1.id);
    // Both move to a new phrase on their own: they agree, the salt being the chat's.
    await alice.vault.setChatPhrase({ chatId: a1.id, phrase: 'newer words', weakPhraseAccepted: true });
    await bob.vault.setChatPhrase({ chatId: b1.id, phrase: 'newer words', weakPhraseAccepted: true });
    const p2 = await alice.vault.sendMessage({ chatId: a1.id, text: 'under the newer phrase' });
    expect((await bob.vault.discoverPointer({ pointer: p2.pointer })).message.text).toBe('under the newer phrase');
  });
});
