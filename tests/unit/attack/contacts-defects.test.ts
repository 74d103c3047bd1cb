/**
 * Defects a review of contacts, sealed pointers of version 2 and salted roots found (each
 * `describe` names one, "review found: …"); every test failed on the code before its fix.
 */
import { describe, expect, it } from 'vitest';
import { parseAnyInvite } from '../../../lib/invites/invite.ts';
import { newStores, rejection, vaultOver } from '../vault/helpers.ts';

async function person(name: string, phrase: string) {
  const stores = newStores();
  const vault = vaultOver(stores);
  await vault.setupProfile({ username: name, phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
  return { vault, ...stores };
}

describe('review found: a version-2 invite of an own-phrase chat without a salt gives the joiner another key', () => {
  it('a chat that got its own phrase later, then sealed v2: the invite joins, and the two can talk', async () => {
    const alice = await person('alice', 'alice profile phrase');
    const bob = await person('bob', 'bob profile phrase');
    // On the profile phrase first, then a phrase of its own: that phrase's root has the fixed salt.
    const a = await alice.vault.createChat({ name: 'Later own', format: 'sealed2' });
    await alice.vault.setChatPhrase({ chatId: a.id, phrase: 'our words', weakPhraseAccepted: true });
    const { invite } = await alice.vault.getChatInvite({ chatId: a.id });
    const parsed = parseAnyInvite(invite);
    expect(parsed).toMatchObject({ version: 2, phrase: 'own', format: 'sealed2' });
    const b = await bob.vault.addChatFromInvite({ invite, phrase: 'our words' });
    const sent = await alice.vault.sendMessage({ chatId: a.id, text: 'can you read me?' });
    expect((await bob.vault.discoverPointer({ pointer: sent.pointer })).message).toMatchObject({ chatId: b.id, text: 'can you read me?' });
    const back = await bob.vault.sendMessage({ chatId: b.id, text: 'yes' });
    expect((await alice.vault.discoverPointer({ pointer: back.pointer })).message).toMatchObject({ chatId: a.id, text: 'yes' });
  });

  it('a chat joined by a version-1 invite (unsalted), switched to sealed v2 and shared again: the third member reads it', async () => {
    const alice = await person('alice', 'p-a');
    const bob = await person('bob', 'p-b');
    const carol = await person('carol', 'p-c');
    const a = await alice.vault.createChat({ name: 'Old group', format: 'sealed' });
    await alice.vault.setChatPhrase({ chatId: a.id, phrase: 'group words', weakPhraseAccepted: true });
    const v1 = (await alice.vault.getChatInvite({ chatId: a.id })).invite;
    expect(parseAnyInvite(v1).version).toBe(1);
    const b = await bob.vault.addChatFromInvite({ invite: v1, phrase: 'group words' });
    await bob.vault.setChatFormat({ chatId: b.id, format: 'sealed2' });
    const v2 = (await bob.vault.getChatInvite({ chatId: b.id })).invite;
    const c = await carol.vault.addChatFromInvite({ invite: v2, phrase: 'group words' });
    const sent = await alice.vault.sendMessage({ chatId: a.id, text: 'hello all (v1 sealed)' });
    expect((await carol.vault.discoverPointer({ pointer: sent.pointer })).message).toMatchObject({ chatId: c.id });
    const v2sent = await bob.vault.sendMessage({ chatId: b.id, text: 'v2 from bob' });
    expect((await carol.vault.discoverPointer({ pointer: v2sent.pointer })).message).toMatchObject({ chatId: c.id, text: 'v2 from bob' });
    expect((await rejection(carol.vault.addChatFromInvite({ invite: v2, phrase: 'group words' }))).message).toMatch(/already have this chat/);
  });
});

describe('review found: "New identity" 101 times writes profile secrets the store refuses to read back (profile bricked)', () => {
  it('after 105 new identities, the profile still unlocks, and a contact from the first identity still opens', async () => {
    const alice = await person('alice', 'alice phrase');
    const bob = await person('bob', 'bob phrase');
    const bOnA = await alice.vault.addContact({ card: (await bob.vault.getMyCard({})).card });
    const aOnB = await bob.vault.addContact({ card: (await alice.vault.getMyCard({})).card });
    for (let i = 0; i < 105; i++) await alice.vault.newIdentity({});
    const restarted = vaultOver(alice);
    await restarted.lock({});
    await restarted.unlock({ phrase: 'alice phrase' });
    expect((await restarted.listChats({})).find((c) => c.id === bOnA.id)).toBeDefined();
    await restarted.getMyCard({});
    // Bob, who never got a new card, writes to the newest key the chat has kept.
    const late = await bob.vault.sendMessage({ chatId: aOnB.id, text: 'still there?' });
    await restarted.discoverPointer({ pointer: late.pointer }).catch(() => undefined);
  });
});

describe('review found: restoring a backup with many earlier identities into a profile bricks it', () => {
  it('a backup whose profile made 100 new identities, restored into a profile with its own: it still unlocks, the backup’s contact still opens', async () => {
    const old = await person('alice', 'shared phrase');
    const bob = await person('bob', 'bob phrase');
    for (let i = 0; i < 100; i++) await old.vault.newIdentity({});
    await old.vault.addContact({ card: (await bob.vault.getMyCard({})).card });
    const aOnB = await bob.vault.addContact({ card: (await old.vault.getMyCard({})).card });
    const { file } = await old.vault.exportBackup({ phrase: 'shared phrase' });
    const here = await person('alice', 'shared phrase');
    await here.vault.getMyCard({});
    await here.vault.restoreBackup({ file, phrase: 'shared phrase' });
    const restarted = vaultOver(here);
    await restarted.lock({});
    await restarted.unlock({ phrase: 'shared phrase' });
    const p = await bob.vault.sendMessage({ chatId: aOnB.id, text: 'to the restored chat' });
    expect((await restarted.discoverPointer({ pointer: p.pointer })).message.text).toBe('to the restored chat');
  });
});

describe('review found: a backup merged into a profile that has the same contact loses that contact’s pointers to the backup’s identity', () => {
  it('bob writes to the card of the backed-up profile: the merged profile still reads it', async () => {
    const one = await person('alice', 'alice phrase');
    const two = await person('alice', 'alice phrase');
    const bob = await person('bob', 'bob phrase');
    const bobCard = (await bob.vault.getMyCard({})).card;
    await one.vault.addContact({ card: bobCard });
    const bobToOne = await bob.vault.addContact({ card: (await one.vault.getMyCard({})).card });
    const onTwo = await two.vault.addContact({ card: bobCard });
    await bob.vault.addContact({ card: (await two.vault.getMyCard({})).card, name: 'alice on her laptop' });
    const { file } = await one.vault.exportBackup({ phrase: 'alice phrase' });
    await two.vault.restoreBackup({ file, phrase: 'alice phrase' });
    const p = await bob.vault.sendMessage({ chatId: bobToOne.id, text: 'to your first card' });
    expect((await two.vault.discoverPointer({ pointer: p.pointer })).message).toMatchObject({ chatId: onTwo.id, text: 'to your first card' });
  });
});

describe('review found: a stranger’s card can take the name of a chat or contact you have, invisibly', () => {
  it('a card named “bob” + zero-width space (or “Bob”) beside contact “bob”: not added under a look-alike name without a word', async () => {
    const alice = await person('alice', 'pa');
    const bob = await person('bob', 'pb');
    await alice.vault.addContact({ card: (await bob.vault.getMyCard({})).card });
    for (const fake of ['bob\u200B', 'b\u200Dob', 'Bob', '\uFEFFbob', 'ｂｏｂ']) {
      const mallory = await person(fake, 'pm');
      const card = (await mallory.vault.getMyCard({})).card;
      expect((await rejection(alice.vault.addContact({ card }))).message).toMatch(/already have a chat named/);
      // Named by the person, it is added.
      expect((await alice.vault.addContact({ card, name: `mallory ${fake.length}` })).phrase).toBe('contact');
    }
  });
});
