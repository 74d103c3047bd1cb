/**
 * Defects an outside review of import and backup found (each `describe` names one, "review
 * found: …"); every test failed on the code before its fix and asserts the fixed behaviour.
 */
import { describe, expect, it } from 'vitest';
import { createPointer, parsePointer } from '../../../lib/clm/format.ts';
import type { HistoryStore } from '../../../lib/vault/history/store.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import { copyStores, newStores, PHRASE, setUp, StoppableStores, stoppedBefore, vaultOver } from '../vault/helpers.ts';

const T = 1_790_000_000;

async function everything(vault: Vault) {
  const live = (await vault.listMessages({ limit: 500 })).messages;
  const trash = (await vault.listMessages({ limit: 500, trashed: true })).messages;
  return [...live, ...trash].map((m) => ({ chatId: m.chatId, kind: m.kind, epoch: m.epoch, text: m.text, trashed: m.trashed })).sort((a, b) => a.epoch - b.epoch || a.text.localeCompare(b.text));
}

describe('review found: a backup the extension itself wrote cannot be restored', () => {
  for (const [what, wireId] of [
    ['a chat id longer than 256 characters', '7'.repeat(300)],
    ['an empty chat id', ''],
  ] as const) {
    it(`when a discovered (stranded) pointer names ${what}`, async () => {
      const { vault } = await setUp({ now: () => T * 1000 });
      await vault.sendMessage({ chatId: '1', text: 'my own message' });
      // Anyone with the phrase can post such a pointer; CLM reads it, and so does discover.
      const pointer = createPointer({ phrase: PHRASE, username: 'mallory', chatId: wireId, seedSuffix: `chat_${wireId}`, epoch: T - 1, text: 'odd chat id' });
      expect((await vault.discoverPointer({ pointer })).message.text).toBe('odd chat id');
      const { file } = await vault.exportBackup({ phrase: PHRASE });
      // The user's only backup: it must restore.
      const fresh = vaultOver(newStores(), { now: () => T * 1000 });
      const restored = await fresh.restoreBackup({ file, phrase: PHRASE }).then(
        (r) => r.result,
        (e: unknown) => (e instanceof Error ? e.message : e),
      );
      expect(restored).toMatchObject({ madeProfile: true, messagesAdded: 2 });
    });
  }
});

describe('review found: restoring a backup can write a catalog the store refuses to read back (profile bricked)', () => {
  it('merging a full profile (1000 chats) into one with a chat of its own: the profile still opens after a restart', async () => {
    const b = await setUp({ now: () => T * 1000 });
    for (let i = 0; i < 997; i++) await b.vault.createChat({ name: `chat ${i}`, format: 'sealed' });
    expect(await b.vault.listChats({})).toHaveLength(1000);
    const { file } = await b.vault.exportBackup({ phrase: PHRASE });
    const a = await setUp({ now: () => T * 1000 });
    await a.vault.createChat({ name: 'mine', format: 'clm', seedSuffix: 'mine' });
    await a.vault.restoreBackup({ file, phrase: PHRASE }).catch(() => undefined); // refusing is fine
    const restarted = vaultOver(copyStores(a), { now: () => T * 1000 });
    expect(await restarted.getStatus({}).catch((e: unknown) => e)).toMatchObject({ state: 'unlocked' });
  });
});

describe('a worker stop during a first-run restore loses none of the backup’s chats and settings', () => {
  it('stopped before any write: restoring again gives the chats (names, deletions) and settings of the backup', async () => {
    const alice = vaultOver(newStores(), { now: () => T * 1000 });
    await alice.setupProfile({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
    await alice.renameChat({ chatId: '1', name: 'Work' });
    await alice.deleteChat({ chatId: '0' });
    await alice.setAutoLock({ minutes: 60 });
    await alice.sendMessage({ chatId: '1', text: 'at work' });
    const { file } = await alice.exportBackup({ phrase: PHRASE });
    const shape = async (v: Vault) => ({ chats: (await v.listChats({})).map((c) => [c.clmId, c.name, c.seedSuffix]), autoLock: await v.autoLockMinutes() });
    const want = await shape(alice);

    const counting = new StoppableStores(newStores());
    await vaultOver(counting, { now: () => T * 1000 }).restoreBackup({ file, phrase: PHRASE });
    expect(counting.writes).toBeGreaterThan(3);
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      const restarted = await stoppedBefore(stopAt, newStores(), () => T * 1000, (v) => v.restoreBackup({ file, phrase: PHRASE }));
      if ((await restarted.getStatus({})).state === 'locked') await restarted.unlock({ phrase: PHRASE });
      await restarted.restoreBackup({ file, phrase: PHRASE });
      expect(await shape(restarted), `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`).toEqual(want);
    }
  });
});

/** A history store whose first directory read waits until `release` (to interleave two operations). */
function gatedHistory(inner: HistoryStore) {
  let release: () => void = () => undefined;
  let held: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const hit = new Promise<void>((r) => (held = r));
  let armed = false;
  const store: HistoryStore = {
    get: (keys) => {
      if (armed && keys.some((k) => k.startsWith('d/'))) {
        armed = false;
        held();
        return gate.then(() => inner.get(keys));
      }
      return inner.get(keys);
    },
    write: (puts, deletes) => inner.write(puts, deletes),
    keys: () => inner.keys(),
    clear: () => inner.clear(),
  };
  return { store, arm: () => (armed = true), hit, release: () => { release(); } };
}

describe('keystream reuse after a restore (the backup’s epochs were read apart from its messages)', () => {
  it('a send while the backup is being made waits for it; no message of the backup has its second reused after a restore', async () => {
    const made = await setUp({ now: () => T * 1000 });
    await made.vault.sendMessage({ chatId: '0', text: 'in the backup' });
    // The worker restarted (caches empty), the session kept.
    const gated = gatedHistory(made.history);
    const vault = vaultOver({ local: made.local, session: made.session, history: gated.store }, { now: () => T * 1000 });
    expect((await vault.getStatus({})).state).toBe('unlocked');
    gated.arm();
    const exporting = vault.exportBackup({ phrase: PHRASE });
    await gated.hit; // the export is reading
    const sending = vault.sendMessage({ chatId: '0', text: 'sent while the backup was made' });
    gated.release();
    const { file } = await exporting;
    await sending;

    const restored = vaultOver(newStores(), { now: () => T * 1000 });
    await restored.restoreBackup({ file, phrase: PHRASE });
    const inBackup = await everything(restored);
    // Queued behind the export, the send is not in the backup (it is the other device's, later).
    expect(inBackup.map((m) => m.text)).toEqual(['in the backup']);
    const again = await restored.sendMessage({ chatId: '0', text: 'after the restore' });
    expect(inBackup.map((m) => m.epoch)).not.toContain(parsePointer(again.pointer).epoch);
  });
});

describe('review found: restore duplicates messages', () => {
  it('stranded messages that have since moved into their chat are not restored a second time', async () => {
    const { vault } = await setUp({ now: () => T * 1000 });
    const pointer = createPointer({ phrase: PHRASE, username: 'bob', chatId: '77', seedSuffix: 'chat_77', epoch: T - 5, text: 'for chat 77' });
    await vault.discoverPointer({ pointer }); // stranded
    const { file } = await vault.exportBackup({ phrase: PHRASE });
    expect((await vault.addChatForPointer({ clmId: '77', name: 'Bob' })).moved).toBe(1);
    const { result } = await vault.restoreBackup({ file, phrase: PHRASE });
    const texts = (await everything(vault)).map((m) => m.text);
    expect({ result, copies: texts.filter((t) => t === 'for chat 77').length }).toMatchObject({ result: { messagesAdded: 0 }, copies: 1 });
  });
});

describe('review found: a hostile KDF in the file gets no clear error', () => {
  it('r = 16 (within the checked ranges) is refused as a damaged file, not with scrypt’s internal error', async () => {
    const { vault } = await setUp({ now: () => T * 1000 });
    const { file } = await vault.exportBackup({ phrase: PHRASE });
    const env = JSON.parse(file) as { kdf: { N: number; r: number } };
    const hostile = JSON.stringify({ ...env, kdf: { ...env.kdf, N: 2 ** 20, r: 16 } });
    const fresh = vaultOver(newStores());
    let error: unknown;
    try {
      await fresh.previewBackup({ file: hostile, phrase: PHRASE });
    } catch (e) {
      error = e;
    }
    // Today: Error('"maxmem" limit was hit: memUsed(128*r*(N+p+1))=…') — the background reports it as "internal".
    expect(error).toMatchObject({ name: 'VaultError', code: 'invalid-input' });
  });
});

describe('review found: restore makes a second chat on the profile phrase with the same CLM number (catalog.ts forbids it)', () => {
  it('the backup’s chat 3 (suffix proj-x) into a profile whose chat 3 has suffix chat_3', async () => {
    const a = await setUp({ now: () => T * 1000 });
    await a.vault.createChat({ name: 'Project X', format: 'clm', clmId: '3', seedSuffix: 'proj-x' });
    const { file } = await a.vault.exportBackup({ phrase: PHRASE });
    const b = await setUp({ now: () => T * 1000 });
    await b.vault.createChat({ name: 'My chat 3', format: 'clm', clmId: '3' });
    await b.vault.restoreBackup({ file, phrase: PHRASE }).catch(() => undefined);
    expect((await b.vault.listChats({})).filter((c) => c.clmId === '3' && c.phrase === 'master')).toHaveLength(1);
  });
});


describe('a first-run restore stopped at any write leaves no usable profile without the backup’s used seconds', () => {
  it('the user sends before restoring again: the second the backup used in that chat is not reused', async () => {
    const alice = vaultOver(newStores(), { now: () => T * 1000 });
    await alice.setupProfile({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
    await alice.sendMessage({ chatId: '1', text: 'backed up at T' });
    const { file } = await alice.exportBackup({ phrase: PHRASE });

    const counting = new StoppableStores(newStores());
    await vaultOver(counting, { now: () => T * 1000 }).restoreBackup({ file, phrase: PHRASE });
    let usable = 0;
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      // The new device's clock is no later than the old one's (here: the same second).
      const restarted = await stoppedBefore(stopAt, newStores(), () => T * 1000, (v) => v.restoreBackup({ file, phrase: PHRASE }));
      const { state } = await restarted.getStatus({});
      if (state === 'no-profile') continue; // nothing to send with: restoring again starts over
      if (state === 'locked') await restarted.unlock({ phrase: PHRASE });
      usable++;
      const sent = await restarted.sendMessage({ chatId: '1', text: 'before restoring again' });
      expect(parsePointer(sent.pointer).epoch, `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`).toBeGreaterThan(T);
    }
    expect(usable).toBeGreaterThan(0);
  });
});
