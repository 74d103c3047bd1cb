/**
 * The weak-phrase rule is the background's, not only the popup's: every request that chooses a
 * new phrase refuses a weak one unless the person accepted it, and nothing is written then. Phrases
 * that already exist (an invite's, a backup's, a CLM database's) are not the person's to choose.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readClmDatabase } from '../../../lib/clm/database.ts';
import { assessPhrase } from '../../../lib/phrases/strength.ts';
import { dumpHistory, dumpLocal, newStores, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

const WEAK = 'our little secret';
const STRONG = 'maple orbit canyon velvet thistle harbor quiet lantern';

describe('a weak new phrase needs the person’s consent, whoever asks', () => {
  it('the phrases of this test are what they say', () => {
    expect(assessPhrase(WEAK).weak).toBe(true);
    expect(assessPhrase(PHRASE).weak).toBe(true);
    expect(assessPhrase(STRONG).weak).toBe(false);
  });

  it('setting up a profile: refused without consent, nothing written; with consent, or strong, it is made', async () => {
    const stores = newStores();
    const vault = vaultOver(stores);
    const refused = await rejection(vault.setupProfile({ username: 'alice', phrase: WEAK, confirmPhrase: WEAK }));
    expect(refused.code).toBe('weak-phrase');
    expect(refused.message).toMatch(/weak/);
    expect(stores.local.data.size).toBe(0);
    expect(stores.history.data.size).toBe(0);
    // `false` is not consent.
    expect((await rejection(vault.setupProfile({ username: 'alice', phrase: WEAK, confirmPhrase: WEAK, weakPhraseAccepted: false }))).code).toBe('weak-phrase');
    expect(await vault.setupProfile({ username: 'alice', phrase: WEAK, confirmPhrase: WEAK, weakPhraseAccepted: true })).toMatchObject({ state: 'unlocked' });

    const other = vaultOver(newStores());
    expect(await other.setupProfile({ username: 'bob', phrase: STRONG, confirmPhrase: STRONG })).toMatchObject({ state: 'unlocked' });
  });

  it('changing the profile phrase: refused without consent and the old phrase still unlocks', async () => {
    const { vault, local, history } = await setUp();
    const before = [dumpLocal(local), dumpHistory(history)];
    expect((await rejection(vault.changePhrase({ currentPhrase: PHRASE, newPhrase: WEAK, confirmPhrase: WEAK }))).code).toBe('weak-phrase');
    expect([dumpLocal(local), dumpHistory(history)]).toEqual(before);
    await vault.lock({});
    expect(await vault.unlock({ phrase: PHRASE })).toMatchObject({ state: 'unlocked' });
    await vault.changePhrase({ currentPhrase: PHRASE, newPhrase: STRONG, confirmPhrase: STRONG });
    await vault.lock({});
    expect(await vault.unlock({ phrase: STRONG })).toMatchObject({ state: 'unlocked' });
  });

  it('a chat’s own phrase, new or changed: refused without consent, the chats as they were', async () => {
    const { vault } = await setUp();
    const chatsBefore = await vault.listChats({});
    expect((await rejection(vault.createChat({ name: 'Project', phrase: WEAK }))).code).toBe('weak-phrase');
    expect(await vault.listChats({})).toEqual(chatsBefore);
    // The profile's phrase was chosen (and accepted) when the profile was made: no question here.
    const onProfile = await vault.createChat({ name: 'On the profile phrase' });
    expect(onProfile.phrase).toBe('master');
    expect((await rejection(vault.setChatPhrase({ chatId: onProfile.id, phrase: WEAK }))).code).toBe('weak-phrase');
    expect((await vault.listChats({})).find((c) => c.id === onProfile.id)?.phrase).toBe('master');
    expect((await vault.setChatPhrase({ chatId: onProfile.id, phrase: WEAK, weakPhraseAccepted: true })).phrase).toBe('own');
    expect((await vault.createChat({ name: 'Strong', phrase: STRONG })).phrase).toBe('own');
  });

  it('a phrase that already exists is not asked about: an invite’s, a backup’s, a CLM database’s', async () => {
    const alice = await setUp();
    const group = await alice.vault.createChat({ name: 'Group', phrase: WEAK, weakPhraseAccepted: true });
    const { invite } = await alice.vault.getChatInvite({ chatId: group.id });
    const bob = await setUp();
    expect((await bob.vault.addChatFromInvite({ invite, phrase: WEAK })).phrase).toBe('own');

    const { file } = await alice.vault.exportBackup({ phrase: PHRASE });
    const restored = vaultOver(newStores());
    expect((await restored.restoreBackup({ file, phrase: PHRASE })).result.madeProfile).toBe(true);

    const fixture = new URL('../../fixtures/clm-2.0.1/', import.meta.url);
    const expected = JSON.parse(readFileSync(new URL('expected.json', fixture), 'utf8')) as { phrase: string };
    expect(assessPhrase(expected.phrase).weak).toBe(true);
    const imported = vaultOver(newStores());
    const database = await readClmDatabase(readFileSync(new URL('clm.db', fixture)));
    expect((await imported.importClm({ database, phrase: expected.phrase })).status).toMatchObject({ state: 'unlocked' });
  });
});
