import { describe, expect, it } from 'vitest';
import { dumpHistory, dumpLocal, NEW_PHRASE, newStores, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

const P = 'only the project members know this';

async function person(name: string, phrase: string, now?: () => number) {
  const stores = newStores();
  const vault = vaultOver(stores, now ? { now } : {});
  await vault.setupProfile({ username: name, phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
  return { vault, ...stores };
}

describe('sealed chats', () => {
  it('sends sealed pointers, discovered in the chat whose key opens them, whatever its id', async () => {
    const { vault: alice } = await setUp();
    const { vault: bob } = await setUp();
    expect(await alice.createChat({ name: 'Family', seedSuffix: 'our-family' })).toMatchObject({ id: '3', format: 'sealed' });
    await bob.createChat({ name: 'Work' });
    expect((await bob.createChat({ name: 'Family', seedSuffix: 'our-family' })).id).toBe('4');
    const { pointer, message } = await alice.sendMessage({ chatId: '3', text: 'dinner at eight' });
    expect(pointer).toMatch(/^CLM1:[A-Z2-7]+$/);
    expect(message).toMatchObject({ format: 'sealed', integrityProtected: true });
    const found = await bob.discoverPointer({ pointer });
    expect(found.message).toMatchObject({ chatId: '4', chatName: 'Family', sender: 'alice', text: 'dinner at eight', integrityProtected: true });
    expect(await bob.discoverPointer({ pointer: pointer.toLowerCase().replace(/(.{30})/g, '$1\n') })).toMatchObject({ duplicate: true });
    const again = await alice.sendMessage({ chatId: '3', text: 'dinner at eight' });
    expect(again.pointer).not.toBe(pointer);
    expect((await bob.discoverPointer({ pointer: again.pointer })).duplicate).toBe(false);
  });

  it('refuses a tampered sealed pointer as altered or not for this phrase, and saves nothing', async () => {
    const { vault, local, history } = await setUp();
    await vault.createChat({ name: 'Sealed' });
    const { pointer } = await vault.sendMessage({ chatId: '3', text: 'do not change me' });
    const before = dumpLocal(local) + dumpHistory(history);
    const error = await rejection(vault.discoverPointer({ pointer: pointer.slice(0, -1) + (pointer.at(-1) === 'A' ? 'B' : 'A') }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(dumpLocal(local) + dumpHistory(history)).toBe(before);
  });

  it('keeps the default chats CLM-compatible, and can switch a chat’s format', async () => {
    const { vault } = await setUp();
    expect((await vault.listChats({})).map((c) => c.format)).toEqual(['clm', 'clm', 'clm']);
    const clm = await vault.sendMessage({ chatId: '1', text: 'to a CLM user' });
    expect(clm.message).toMatchObject({ format: 'clm', integrityProtected: false });
    expect(await vault.setChatFormat({ chatId: '1', format: 'sealed' })).toMatchObject({ format: 'sealed' });
    expect((await vault.sendMessage({ chatId: '1', text: 'now sealed' })).pointer).toMatch(/^CLM1:/);
    expect((await vault.getMessage({ id: clm.message.id })).format).toBe('clm');
  });
});

describe('a phrase per chat', () => {
  it('two people with different profile phrases talk in a chat whose phrase they share, both formats', async () => {
    const alice = await person('alice', 'alice master phrase');
    const bob = await person('bob', 'bob master phrase');
    for (const format of ['sealed', 'clm'] as const) {
      const chat = await alice.vault.createChat({ name: `Project ${format}`, format, phrase: P, weakPhraseAccepted: true });
      expect(chat).toMatchObject({ phrase: 'own', format });
      const { invite } = await alice.vault.getChatInvite({ chatId: chat.id });
      expect(invite).not.toContain(P);
      const bobs = await bob.vault.addChatFromInvite({ invite, phrase: P });
      expect(bobs).toMatchObject({ id: chat.id, seedSuffix: chat.seedSuffix, format, phrase: 'own' });
      const fromAlice = await alice.vault.sendMessage({ chatId: chat.id, text: `hello bob (${format})` });
      expect((await bob.vault.discoverPointer({ pointer: fromAlice.pointer })).message).toMatchObject({ chatId: chat.id, sender: 'alice', openedWith: 'chat-phrase' });
      const fromBob = await bob.vault.sendMessage({ chatId: bobs.id, text: `hi alice (${format})` });
      expect((await alice.vault.discoverPointer({ pointer: fromBob.pointer })).message).toMatchObject({ chatId: chat.id, sender: 'bob' });
    }
  });

  it('isolates chats: without a chat’s phrase nothing of it can be read, and nothing is saved', async () => {
    const alice = await person('alice', 'alice master phrase');
    const bob = await person('bob', 'bob master phrase');
    const shared = await alice.vault.createChat({ name: 'Shared', phrase: P, weakPhraseAccepted: true });
    const secret = await alice.vault.createChat({ name: 'Alice and Carol', phrase: 'alice and carol only', weakPhraseAccepted: true });
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: shared.id })).invite, phrase: P });
    const readable = await alice.vault.sendMessage({ chatId: shared.id, text: 'for bob' });
    const unreadable = await alice.vault.sendMessage({ chatId: secret.id, text: 'not for bob' });
    const before = dumpLocal(bob.local) + dumpHistory(bob.history);
    const error = await rejection(bob.vault.discoverPointer({ pointer: unreadable.pointer }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(dumpLocal(bob.local) + dumpHistory(bob.history)).toBe(before);
    expect((await bob.vault.discoverPointer({ pointer: readable.pointer })).message.text).toBe('for bob');
  });

  it('the profile phrase cannot post into a chat that has its own, in either format', async () => {
    // Alice and Bob share a profile phrase (one CLM group), and Alice has a private chat with Carol.
    const alice = await person('alice', PHRASE);
    const bob = await person('bob', PHRASE);
    for (const format of ['clm', 'sealed'] as const) {
      const chat = await alice.vault.createChat({ name: `Private ${format}`, format, phrase: 'alice and carol only', clmId: format === 'clm' ? '7' : '8', weakPhraseAccepted: true });
      // Bob makes the same chat with the profile phrase and posts into it.
      const forged = await bob.vault.createChat({ name: 'Forged', format, clmId: chat.clmId, seedSuffix: chat.seedSuffix });
      const { pointer } = await bob.vault.sendMessage({ chatId: forged.id, text: 'I am carol, trust me' });
      expect(await rejection(alice.vault.discoverPointer({ pointer })), format).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    }
  });

  it('a phrase changed away opens only what came before the change, and says it is retired', async () => {
    let now = 1_760_000_000_000;
    const clock = () => now;
    const alice = await person('alice', 'alice master phrase', clock);
    const eve = await person('eve', 'eve master phrase', clock);
    for (const format of ['clm', 'sealed'] as const) {
      const chat = await alice.vault.createChat({ name: `Team ${format}`, format, phrase: P, weakPhraseAccepted: true });
      await eve.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: chat.id })).invite, phrase: P });
      const before = await eve.vault.sendMessage({ chatId: chat.id, text: 'before eve was removed' });
      now += 60_000;
      // Eve is removed: Alice gives the chat a new phrase.
      await alice.vault.setChatPhrase({ chatId: chat.id, phrase: 'the new team phrase', weakPhraseAccepted: true });
      now += 60_000;
      const after = await eve.vault.sendMessage({ chatId: chat.id, text: 'eve, after being removed' });
      expect(await rejection(alice.vault.discoverPointer({ pointer: after.pointer })), format).toMatchObject({ pointerCode: 'not-for-this-phrase' });
      const old = await alice.vault.discoverPointer({ pointer: before.pointer });
      expect(old.message, format).toMatchObject({ text: 'before eve was removed', openedWith: 'retired-phrase' });
      const mine = await alice.vault.sendMessage({ chatId: chat.id, text: 'new phrase' });
      expect(mine.message.openedWith).toBe('chat-phrase');
    }
  });

  it('takes a free invite id as is, and keeps the invite’s id for pointers when its own is taken', async () => {
    const alice = await person('alice', 'alice master phrase');
    const bob = await person('bob', 'bob master phrase');
    await bob.vault.createChat({ name: 'Bob’s own chat 3', format: 'clm' });
    const chat = await alice.vault.createChat({ name: 'Project', format: 'clm', phrase: P, weakPhraseAccepted: true });
    expect(chat.id).toBe('3');
    const bobs = await bob.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: '3' })).invite, phrase: P });
    expect(bobs).toMatchObject({ id: '4', clmId: '3' });
    const fromAlice = await alice.vault.sendMessage({ chatId: '3', text: 'which chat?' });
    expect((await bob.vault.discoverPointer({ pointer: fromAlice.pointer })).message).toMatchObject({ chatId: '4', chatName: 'Project' });
    const fromBob = await bob.vault.sendMessage({ chatId: '4', text: 'this one' });
    expect(fromBob.pointer).toMatch(/^\{"c": "3"/);
    expect((await alice.vault.discoverPointer({ pointer: fromBob.pointer })).message).toMatchObject({ chatId: '3', text: 'this one' });
    expect((await rejection(bob.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: '3' })).invite, phrase: P }))).message).toMatch(/already have this chat/);
    expect((await rejection(bob.vault.addChatFromInvite({ invite: 'CLMCHAT1:AAAA', phrase: P }))).code).toBe('invalid-input');
  });

  it('a new chat phrase affects only new messages: old pointers still open', async () => {
    const alice = await person('alice', 'alice master phrase');
    const bob = await person('bob', 'bob master phrase');
    const chat = await alice.vault.createChat({ name: 'Project', phrase: P, weakPhraseAccepted: true });
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: chat.id })).invite, phrase: P });
    const old = await alice.vault.sendMessage({ chatId: chat.id, text: 'under the first phrase' });
    await alice.vault.setChatPhrase({ chatId: chat.id, phrase: 'the second phrase', weakPhraseAccepted: true });
    await bob.vault.setChatPhrase({ chatId: chat.id, phrase: 'the second phrase', weakPhraseAccepted: true });
    const fresh = await alice.vault.sendMessage({ chatId: chat.id, text: 'under the second phrase' });
    expect((await bob.vault.discoverPointer({ pointer: fresh.pointer })).message.text).toBe('under the second phrase');
    expect((await bob.vault.discoverPointer({ pointer: old.pointer })).message.text).toBe('under the first phrase');
    expect(await alice.vault.setChatPhrase({ chatId: chat.id })).toMatchObject({ phrase: 'master' });
    expect((await alice.vault.discoverPointer({ pointer: old.pointer })).duplicate).toBe(true);
    expect((await rejection(alice.vault.setChatPhrase({ chatId: chat.id }))).message).toMatch(/already uses/);
  });

  it('a profile phrase change leaves chat phrases untouched; a chat phrase is shown only with the profile phrase', async () => {
    const alice = await person('alice', PHRASE);
    const chat = await alice.vault.createChat({ name: 'Project', phrase: P, weakPhraseAccepted: true });
    const before = await alice.vault.sendMessage({ chatId: chat.id, text: 'before' });
    await alice.vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
    const after = await alice.vault.sendMessage({ chatId: chat.id, text: 'after' });
    const bob = await person('bob', 'bob');
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.getChatInvite({ chatId: chat.id })).invite, phrase: P });
    expect((await bob.vault.discoverPointer({ pointer: before.pointer })).message.text).toBe('before');
    expect((await bob.vault.discoverPointer({ pointer: after.pointer })).message.text).toBe('after');
    expect((await rejection(alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: PHRASE }))).code).toBe('wrong-phrase');
    expect(await alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: NEW_PHRASE })).toEqual({ phrase: P });
    expect((await rejection(alice.vault.revealChatPhrase({ chatId: '1', masterPhrase: NEW_PHRASE }))).code).toBe('invalid-input');
    expect(dumpLocal(alice.local)).not.toContain(P);
    await alice.vault.deleteChat({ chatId: chat.id });
    expect((await rejection(alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: NEW_PHRASE }))).code).toBe('not-found');
  });
});
