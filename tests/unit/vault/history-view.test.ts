import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../lib/encoding/hex.ts';
import { parsePointer } from '../../../lib/clm/format.ts';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';
import { dumpHistory, dumpLocal, NEW_PHRASE, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

async function withHistory() {
  let now = 1_700_000_000_000;
  const made = await setUp({ now: () => (now += 1000) });
  for (const [chatId, text] of [
    ['0', 'Urgent: server down'],
    ['1', 'Lunch at noon?'],
    ['1', 'Yes, NOON works'],
    ['2', 'the code is 1234'],
  ] as const) {
    await made.vault.sendMessage({ chatId, text });
  }
  return made;
}

describe('history and trash', () => {
  it('lists all, by chat, newest first or oldest first, paged', async () => {
    const { vault } = await withHistory();
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual(['the code is 1234', 'Yes, NOON works', 'Lunch at noon?', 'Urgent: server down']);
    expect((await vault.listMessages({ chatId: '1', order: 'oldest-first' })).messages.map((m) => m.text)).toEqual(['Lunch at noon?', 'Yes, NOON works']);
    const page = await vault.listMessages({ offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.messages.map((m) => m.text)).toEqual(['Yes, NOON works', 'Lunch at noon?']);
  });

  it('searches sender and text, ignoring case', async () => {
    const { vault } = await withHistory();
    expect((await vault.listMessages({ query: 'noon' })).messages.map((m) => m.text)).toEqual(['Yes, NOON works', 'Lunch at noon?']);
    expect((await vault.listMessages({ query: 'ALICE' })).total).toBe(4);
    expect((await vault.listMessages({ query: 'nothing like this' })).total).toBe(0);
  });

  it('finds a message by id with its pointer', async () => {
    const { vault } = await withHistory();
    const newest = (await vault.listMessages({ limit: 1 })).messages.at(0);
    const byId = await vault.getMessage({ id: newest?.id ?? 0 });
    expect(byId).toEqual(newest);
    expect(parsePointer(byId.pointer).chatId).toBe('2');
    expect((await rejection(vault.getMessage({ id: 999 }))).code).toBe('not-found');
  });

  it('moves to the trash, restores, deletes forever, empties the trash', async () => {
    const { vault } = await withHistory();
    const listed = (await vault.listMessages({})).messages;
    const a = listed.at(0);
    const b = listed.at(1);
    if (!a || !b) throw new Error('history missing');
    await vault.trashMessage({ id: a.id });
    await vault.trashMessage({ id: b.id });
    expect((await vault.listMessages({})).total).toBe(2);
    expect((await vault.listMessages({ trashed: true })).messages.map((m) => m.id)).toEqual([a.id, b.id]);
    expect((await vault.listChats({})).find((c) => c.id === '1')).toMatchObject({ messageCount: 1, trashedCount: 1 });
    expect(await vault.restoreMessage({ id: a.id })).toMatchObject({ id: a.id, trashed: false });
    await vault.deleteMessageForever({ id: b.id });
    expect((await rejection(vault.getMessage({ id: b.id }))).code).toBe('not-found');
    await vault.trashMessage({ id: a.id });
    expect(await vault.emptyTrash({})).toEqual({ deletedMessages: 1 });
    expect((await vault.listMessages({ trashed: true })).total).toBe(0);
    expect((await vault.listMessages({})).total).toBe(2);
  });

  it('creates (with a CLM number), renames, clears and deletes chats, with their messages', async () => {
    const { vault } = await withHistory();
    const chat = await vault.createChat({ name: ' Family ', seedSuffix: ' our-secret ' });
    expect(chat).toEqual({ id: '3', clmId: '3', name: 'Family', seedSuffix: 'our-secret', format: 'sealed', phrase: 'master', messageCount: 0, trashedCount: 0, lastMessageAt: null, contact: null });
    expect(await vault.renameChat({ chatId: '3', name: 'Family 🏡' })).toMatchObject({ name: 'Family 🏡' });
    await vault.sendMessage({ chatId: '3', text: 'hi family' });
    expect((await vault.createChat({ name: 'Next' })).id).toBe('4');
    // CLM numbered a chat 6: the chat here is made with that number, and its pointers say so.
    expect(await vault.createChat({ name: 'From CLM', format: 'clm', clmId: '6' })).toMatchObject({ id: '6', clmId: '6', seedSuffix: 'chat_6' });
    expect((await rejection(vault.createChat({ name: 'Clash', format: 'clm', clmId: '6' }))).message).toMatch(/already has CLM number 6/);
    expect(await vault.setChatClmId({ chatId: '4', clmId: '9' })).toMatchObject({ id: '4', clmId: '9' });
    expect((await vault.sendMessage({ chatId: '4', text: 'x' })).pointer).toMatch(/"c": "9"|^CLM1:/);
    expect(await vault.clearChatHistory({ chatId: '1' })).toMatchObject({ messageCount: 0, trashedCount: 0 });
    expect(await vault.deleteChat({ chatId: '3' })).toEqual({ deletedMessages: 1 });
    expect((await vault.listChats({})).map((c) => c.id)).toEqual(['0', '1', '2', '4', '6']);
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual(['x', 'the code is 1234', 'Urgent: server down']);
  });

  it('the locked screen reads no history, and shows chat names only if asked to', async () => {
    const { vault, local, session } = await withHistory();
    await vault.setChatNamesWhenLocked({ show: false });
    await vault.lock({});
    const history = new MemoryHistoryStore();
    const locked = vaultOver({ local, session, history });
    expect(await locked.getStatus({})).toMatchObject({ state: 'locked' });
    expect(await locked.listChatNames({})).toEqual({ names: null });
    expect((await rejection(locked.listChats({}))).code).toBe('locked');
    expect([history.reads, history.writes]).toEqual([0, 0]);
    await locked.unlock({ phrase: PHRASE });
    await locked.setChatNamesWhenLocked({ show: true });
    await locked.lock({});
    expect(await locked.listChatNames({})).toEqual({ names: ['⚡️ Urgent', '💬 General chat', '🤫 Secrets'] });
  });

  it('counts without opening a bucket, and a page of a chat opens only what it shows', async () => {
    const { vault, local, session, history } = await setUp();
    for (let i = 0; i < 300; i++) await vault.sendMessage({ chatId: String(i % 3), text: `m${i}` });
    const fresh = vaultOver({ local, session, history });
    const reads = history.reads;
    expect((await fresh.listChats({})).map((c) => c.messageCount)).toEqual([100, 100, 100]);
    expect(history.reads - reads).toBe(1); // the directories, in one read
    await fresh.listMessages({ chatId: '1', limit: 20 });
    expect(history.reads - reads).toBe(2); // and one bucket
  });
});

describe('nothing secret at rest', () => {
  it('keeps phrases, texts, pointers and times out of storage.local and the history store', async () => {
    let now = 1_700_000_000_000;
    const { vault, local, history } = await setUp({ now: () => now });
    await vault.createChat({ name: 'Own', phrase: 'the chat’s own phrase', weakPhraseAccepted: true });
    now = 1_736_854_567_000;
    const sent = await vault.sendMessage({ chatId: '1', text: 'meet me at the old bridge' });
    const sealed = await vault.sendMessage({ chatId: '3', text: 'a sealed secret' });
    const { clmPublicKey } = await vault.getProfile({});
    await vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
    await vault.sendMessage({ chatId: '2', text: 'second secret sentence' });
    const stored = dumpLocal(local) + dumpHistory(history);
    const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('latin1');
    for (const secret of [PHRASE, NEW_PHRASE, 'the chat’s own phrase', 'meet me at the old bridge', 'a sealed secret', 'second secret sentence', clmPublicKey, sent.pointer, sealed.pointer]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(bytesToHex(new TextEncoder().encode(secret)));
      expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
      expect(stored).not.toContain(utf16(secret));
    }
    // Neither the ciphertext of a published pointer nor its second: a disk cannot be matched to it.
    expect(stored).not.toContain(bytesToHex(parsePointer(sent.pointer).data));
    expect(stored).not.toContain(Buffer.from(parsePointer(sent.pointer).data).toString('latin1'));
    expect(stored).not.toContain('1736854567');
  });
});

describe('a full store', () => {
  it('refuses with storage-full and leaves storage and memory as they were', async () => {
    const history = new MemoryHistoryStore({ quotaBytes: 60_000 });
    const { vault, local, session } = await setUp({ stores: { local: new MemoryStorageArea(), session: new MemoryStorageArea(), history } });
    let sent = 0;
    let error;
    while (!error) {
      try {
        await vault.sendMessage({ chatId: '1', text: `message number ${sent} `.padEnd(80, '.') });
        sent++;
      } catch (e) {
        error = e;
      }
    }
    expect(error).toMatchObject({ code: 'storage-full' });
    const before = dumpHistory(history);
    expect((await vault.listMessages({ limit: 500 })).total).toBe(sent);
    expect((await vaultOver({ local, session, history }).listMessages({ limit: 500 })).total).toBe(sent);
    expect(dumpHistory(history)).toBe(before);
    await vault.clearChatHistory({ chatId: '1' });
    await vault.sendMessage({ chatId: '1', text: 'fits again' });
  });
});

describe('damage on disk', () => {
  it('shows what it can, says how much it cannot, and refuses to rewrite a damaged bucket', async () => {
    const { vault, local, session, history } = await setUp();
    for (let i = 0; i < 70; i++) await vault.sendMessage({ chatId: '1', text: `m${i}` });
    const firstBucket = [...history.data.keys()].find((k) => k.startsWith('b/') && k.endsWith('/0')) ?? '';
    const bytes = history.data.get(firstBucket);
    if (bytes) bytes[40] ^= 1;
    const fresh = vaultOver({ local, session, history });
    const page = await fresh.listMessages({ limit: 500, order: 'oldest-first' });
    expect(page.damaged).toBe(64);
    expect(page.messages.map((m) => m.text)).toEqual(['m64', 'm65', 'm66', 'm67', 'm68', 'm69']);
    expect((await rejection(fresh.trashMessage({ id: 3 }))).code).toBe('not-found');
    expect((await fresh.listMessages({ query: 'm1' })).total).toBe(0);
    expect((await fresh.listMessages({ query: 'm64' })).total).toBe(1);
    // Sending still works: a new bucket is started.
    await fresh.sendMessage({ chatId: '1', text: 'still works' });
  });
});
