import { describe, expect, it } from 'vitest';
import { dumpHistory, dumpLocal, NEW_PHRASE, newStores, PHRASE, rejection, setUp, StoppableStores, stoppedBefore, vaultOver } from './helpers.ts';
import type { Vault } from '../../../lib/vault/vault.ts';

const OWN = 'only the project members know this';
const T = 1_790_000_000;

/** Alice at second T: a CLM chat message, a received one, a trashed one, and a chat with its own phrase. */
async function alicesProfile() {
  const stores = newStores();
  const alice = vaultOver(stores, { now: () => T * 1000 });
  await alice.setupProfile({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
  const sent = await alice.sendMessage({ chatId: '1', text: 'hello from the CLM chat' });
  const bob = vaultOver(newStores(), { now: () => T * 1000 });
  await bob.setupProfile({ username: 'bob', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
  const fromBob = await bob.sendMessage({ chatId: '0', text: 'urgent: call me' });
  const received = await alice.discoverPointer({ pointer: fromBob.pointer });
  const trashed = await alice.sendMessage({ chatId: '2', text: 'a secret I threw away' });
  await alice.trashMessage({ id: trashed.message.id });
  const project = await alice.createChat({ name: 'Project', format: 'sealed', phrase: OWN, weakPhraseAccepted: true });
  await alice.sendMessage({ chatId: project.id, text: 'in the project chat' });
  return { alice, stores, sent, received, project };
}

async function everything(vault: Vault) {
  const live = (await vault.listMessages({ limit: 500, order: 'oldest-first' })).messages;
  const trash = (await vault.listMessages({ limit: 500, trashed: true, order: 'oldest-first' })).messages;
  // Sorted: messages of one second may come back in another order (restored chat by chat).
  return [...live, ...trash]
    .map((m) => ({ chatId: m.chatId, kind: m.kind, epoch: m.epoch, sender: m.sender, text: m.text, trashed: m.trashed, pointer: m.pointer }))
    .sort((a, b) => a.epoch - b.epoch || a.pointer.localeCompare(b.pointer));
}

describe('backup and restore', () => {
  it('asks for the profile phrase again and writes a file that holds no plaintext or phrase', async () => {
    const { alice } = await alicesProfile();
    expect((await rejection(alice.exportBackup({ phrase: NEW_PHRASE }))).code).toBe('wrong-phrase');
    const { file, fileName, messages } = await alice.exportBackup({ phrase: PHRASE });
    expect(messages).toBe(4);
    expect(fileName).toMatch(/^clm-backup-\d{4}-\d\d-\d\d\.json$/);
    for (const secret of [PHRASE, OWN, 'hello from the CLM chat', 'urgent: call me', 'in the project chat', 'Project', 'alice']) expect(file).not.toContain(secret);
    expect(JSON.parse(file)).toMatchObject({ format: 'clm-extension-backup', version: 1, cipher: 'xchacha20poly1305', kdf: { name: 'scrypt' } });
  });

  it('restores into a new browser: the profile, every chat with its own phrase, every message, the trash', async () => {
    const { alice, project } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const stores = newStores();
    const restored = vaultOver(stores, { now: () => T * 1000 });
    expect(await restored.previewBackup({ file, phrase: PHRASE })).toEqual({ username: 'alice', createdAt: T * 1000, chats: 4, chatsWithOwnPhrase: 1, messages: 4 });
    const { result, status } = await restored.restoreBackup({ file, phrase: PHRASE });
    expect(result).toEqual({ chatsAdded: 4, messagesAdded: 4, alreadyPresent: 0, madeProfile: true, leftOut: [] });
    expect(status).toEqual({ state: 'unlocked', username: 'alice' });
    const shape = (v: Vault) => v.listChats({}).then((cs) => cs.map((c) => [c.id, c.clmId, c.name, c.seedSuffix, c.format, c.phrase]));
    expect(await shape(restored)).toEqual(await shape(alice));
    expect(await everything(restored)).toEqual(await everything(alice));
    // The chat's own phrase came back: a new pointer from a member opens in it.
    const carol = vaultOver(newStores());
    await carol.setupProfile({ username: 'carol', phrase: 'carol has another phrase', confirmPhrase: 'carol has another phrase', weakPhraseAccepted: true });
    await carol.addChatFromInvite({ invite: (await alice.getChatInvite({ chatId: project.id })).invite, phrase: OWN });
    const fromCarol = await carol.sendMessage({ chatId: project.id, text: 'carol in the project' });
    expect((await restored.discoverPointer({ pointer: fromCarol.pointer })).message).toMatchObject({ chatId: project.id, sender: 'carol', openedWith: 'chat-phrase' });
    // The profile phrase is the backup's: the restored profile locks and unlocks with it.
    await restored.lock({});
    expect((await rejection(restored.unlock({ phrase: NEW_PHRASE }))).code).toBe('wrong-phrase');
    expect(await restored.unlock({ phrase: PHRASE })).toMatchObject({ state: 'unlocked' });
    // No plaintext on disk after the restore either.
    const disk = dumpLocal(stores.local) + dumpHistory(stores.history);
    for (const secret of [PHRASE, OWN, 'hello from the CLM chat', 'in the project chat']) expect(disk).not.toContain(secret);
  });

  it('never reuses a keystream of the backup: a send in the same second takes a later one', async () => {
    const { alice, sent } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const restored = vaultOver(newStores(), { now: () => T * 1000 });
    await restored.restoreBackup({ file, phrase: PHRASE });
    const again = await restored.sendMessage({ chatId: '1', text: 'after the restore' });
    expect(sent.message.epoch).toBe(T);
    expect(again.message.epoch).toBeGreaterThan(T);
  });

  it('merges into an existing profile without duplicates, and adds only what is missing', async () => {
    const { alice } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const again = await alice.restoreBackup({ file, phrase: PHRASE });
    expect(again.result).toEqual({ chatsAdded: 0, messagesAdded: 0, alreadyPresent: 4, madeProfile: false, leftOut: [] });
    const later = await alice.sendMessage({ chatId: '1', text: 'written after the backup' });
    const twin = vaultOver(newStores(), { now: () => (T + 5) * 1000 });
    await twin.restoreBackup({ file, phrase: PHRASE });
    await twin.sendMessage({ chatId: '0', text: 'only in the twin' });
    const { file: twinFile } = await twin.exportBackup({ phrase: PHRASE });
    const merged = await alice.restoreBackup({ file: twinFile, phrase: PHRASE });
    expect(merged.result).toEqual({ chatsAdded: 0, messagesAdded: 1, alreadyPresent: 4, madeProfile: false, leftOut: [] });
    const texts = (await everything(alice)).map((m) => m.text);
    expect(texts.filter((t) => t === 'only in the twin')).toHaveLength(1);
    expect(texts).toContain(later.message.text);
    expect(texts).toHaveLength(6);
  });

  it('into a profile with another phrase, the backup’s chats keep the phrase they were written with', async () => {
    const { alice, sent } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const { vault: other } = await setUp();
    await other.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
    const { result } = await other.restoreBackup({ file, phrase: PHRASE });
    // Chats 0–2 use the profile phrase here (now another one), so the backup's become new chats with their own.
    expect(result).toMatchObject({ chatsAdded: 4, messagesAdded: 4 });
    const chats = await other.listChats({});
    const general = chats.find((c) => c.clmId === '1' && c.phrase === 'own');
    expect(general).toBeDefined();
    // A pointer written with the old phrase still opens in it (a duplicate: the message came with the backup).
    expect(await other.discoverPointer({ pointer: sent.pointer })).toMatchObject({ duplicate: true, message: { chatId: general?.id } });
  });

  it('refuses a wrong phrase, a cut-off file, an altered one, and a newer version, and changes nothing', async () => {
    const { alice } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const stores = newStores();
    const fresh = vaultOver(stores);
    const untouched = () => dumpLocal(stores.local) + dumpHistory(stores.history);
    const before = untouched();
    expect((await rejection(fresh.previewBackup({ file, phrase: NEW_PHRASE }))).code).toBe('phrase-mismatch');
    expect((await rejection(fresh.restoreBackup({ file, phrase: NEW_PHRASE }))).code).toBe('phrase-mismatch');
    const cut = await rejection(fresh.restoreBackup({ file: file.slice(0, file.length / 2), phrase: PHRASE }));
    expect(cut.code).toBe('invalid-input');
    expect(cut.message).toMatch(/damaged.*Nothing was changed/);
    const env = JSON.parse(file) as { ciphertext: string; version: number; kdf: { N: number } };
    const flipped = env.ciphertext.slice(0, 100) + (env.ciphertext[100] === 'A' ? 'B' : 'A') + env.ciphertext.slice(101);
    expect((await rejection(fresh.restoreBackup({ file: JSON.stringify({ ...env, ciphertext: flipped }), phrase: PHRASE }))).code).toBe('phrase-mismatch');
    const newer = await rejection(fresh.restoreBackup({ file: JSON.stringify({ ...env, version: 2 }), phrase: PHRASE }));
    expect(newer.code).toBe('unsupported-version');
    expect(newer.message).toMatch(/newer version/);
    // The KDF parameters are bound to the ciphertext: changed, the tag fails.
    expect((await rejection(fresh.restoreBackup({ file: JSON.stringify({ ...env, kdf: { ...env.kdf, N: 2 ** 11 } }), phrase: PHRASE }))).code).toBe('phrase-mismatch');
    expect((await rejection(fresh.restoreBackup({ file: '{"format":"something else"}', phrase: PHRASE }))).code).toBe('invalid-input');
    expect(await fresh.getStatus({})).toEqual({ state: 'no-profile', username: null });
    expect(untouched()).toBe(before);
  });

  it('a worker stop between any two writes of a restore loses nothing: restoring again completes it', async () => {
    const { alice } = await alicesProfile();
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const expected = await everything(alice);
    const counting = new StoppableStores(newStores());
    await vaultOver(counting, { now: () => T * 1000 }).restoreBackup({ file, phrase: PHRASE });
    expect(counting.writes).toBeGreaterThan(3);
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      const where = `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`;
      // The worker restarts with storage.session as the stop left it; the user restores again.
      const restarted = await stoppedBefore(stopAt, newStores(), () => T * 1000, (v) => v.restoreBackup({ file, phrase: PHRASE }));
      if ((await restarted.getStatus({})).state === 'locked') await restarted.unlock({ phrase: PHRASE });
      await restarted.restoreBackup({ file, phrase: PHRASE });
      expect(await everything(restarted), where).toEqual(expected);
      // Whatever was written before the stop, the seconds the backup used stay used.
      expect((await restarted.sendMessage({ chatId: '1', text: 'after' })).message.epoch, where).toBeGreaterThan(T);
    }
  });
});
