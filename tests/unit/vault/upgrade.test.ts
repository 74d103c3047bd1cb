import { describe, expect, it } from 'vitest';
import { parsePointer } from '../../../lib/clm/format.ts';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import { type LegacyMessage, legacyV3Store } from '../../support/legacy-v3.ts';
import { copyStores, dumpLocal, PHRASE, StoppableStores, type Stores, vaultOver } from './helpers.ts';

const OWN = 'the project phrase';

async function legacyStores(count: number) {
  const messages: LegacyMessage[] = [];
  for (let i = 0; i < count; i++) {
    const chatId = ['0', '1', '2', '3', '4', '77'][i % 6] ?? '0';
    messages.push({ chatId, kind: i % 2 ? 'received' : 'sent', sender: i % 2 ? 'bob' : 'alice', text: `legacy message ${i}`, epoch: 1_750_000_000 + i, trashed: i % 10 === 0 });
  }
  const legacy = await legacyV3Store({
    username: 'alice',
    phrase: PHRASE,
    extraChats: [
      { id: '3', name: 'Sealed project', seedSuffix: 'proj', format: 'sealed', phrase: OWN },
      { id: '4', name: 'Family', seedSuffix: 'chat_4', format: 'clm' },
    ],
    messages,
  });
  const stores: Stores = { local: new MemoryStorageArea(), session: new MemoryStorageArea(), history: new MemoryHistoryStore() };
  for (const [k, v] of Object.entries(legacy.items)) stores.local.data.set(k, JSON.stringify(v));
  return { stores, legacy };
}

async function allMessages(vault: Vault, trashed: boolean) {
  return (await vault.listMessages({ limit: 500, trashed, order: 'oldest-first' })).messages.map((m) => ({ id: m.id, chatId: m.chatId, text: m.text, kind: m.kind, pointer: m.pointer }));
}

describe('upgrading a profile of schema 3', () => {
  it('moves every message, with its id, chat, kind, trash state and pointer, at the first unlock', async () => {
    const { stores, legacy } = await legacyStores(300);
    // The clock stands before the last legacy sends: their seconds must stay used.
    const vault = vaultOver(stores, { now: () => 1_750_000_010_000 });
    expect(await vault.getStatus({})).toEqual({ state: 'locked', username: 'alice' });
    expect(stores.history.reads).toBe(0);
    await vault.unlock({ phrase: PHRASE });
    const expected = (trashed: boolean) =>
      legacy.messages.filter((m) => m.trashed === trashed).map((m) => ({ id: m.id, chatId: m.chatId, text: m.text, kind: m.kind, pointer: m.pointer }));
    expect(await allMessages(vault, false)).toEqual(expected(false));
    expect(await allMessages(vault, true)).toEqual(expected(true));
    // Nothing of the old layout is left; the stranded chat 77 is marked as such.
    expect([...stores.local.data.keys()].filter((k) => k.startsWith('messages/') || k === 'chatPhrases')).toEqual([]);
    expect((await vault.getMessage({ id: legacy.messages[5]?.id ?? 0 })).stranded).toBe(true);
    // The chat with its own phrase still speaks it, the profile works as before.
    const sent = await vault.sendMessage({ chatId: '3', text: 'after the upgrade' });
    expect(sent.message.openedWith).toBe('chat-phrase');
    expect((await vault.getProfile({})).clmPublicKey).toMatch(/=$/);
    // Epochs used by legacy CLM sends stay used.
    // (Chat 1's legacy messages are received ones, near their clock: their seconds count too.)
    const lastUsed = Math.max(...legacy.messages.filter((m) => m.chatId === '1').map((m) => m.epoch));
    expect(parsePointer((await vault.sendMessage({ chatId: '1', text: 'new' })).pointer).epoch).toBe(lastUsed + 1);
    const lastSent = Math.max(...legacy.messages.filter((m) => m.chatId === '0').map((m) => m.epoch));
    expect(parsePointer((await vault.sendMessage({ chatId: '0', text: 'new' })).pointer).epoch).toBe(lastSent + 1);
    expect(dumpLocal(stores.local)).not.toContain(OWN);
  });

  it('can be stopped before any of its writes, and resumes without loss or duplicates', async () => {
    const { stores } = await legacyStores(200);
    const snapshot = copyStores(stores);
    const counting = new StoppableStores(copyStores(snapshot));
    const reference = vaultOver(counting);
    await reference.unlock({ phrase: PHRASE });
    const writes = counting.writes;
    const expectedLive = await allMessages(reference, false);
    const expectedTrash = await allMessages(reference, true);
    expect(writes).toBeGreaterThan(6);
    for (let stopAt = 1; stopAt <= writes; stopAt++) {
      const disk = copyStores(snapshot);
      const stopping = new StoppableStores(disk);
      stopping.stopAt = stopAt;
      await expect(vaultOver(stopping).unlock({ phrase: PHRASE })).rejects.toThrow();
      // A worker restart (session as it is), then the next unlock finishes the upgrade.
      const restarted = vaultOver(disk);
      if ((await restarted.getStatus({})).state !== 'unlocked') await restarted.unlock({ phrase: PHRASE });
      const where = `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`;
      expect(await allMessages(restarted, false), where).toEqual(expectedLive);
      expect(await allMessages(restarted, true), where).toEqual(expectedTrash);
      await restarted.sendMessage({ chatId: '3', text: 'works' });
    }
  });
});
