import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPointer, parsePointer } from '../../../lib/clm/format.ts';
import { ClmDbError, readClmDatabase } from '../../../lib/clm/database.ts';
import type { ClmImportData } from '../../../lib/vault/clm-import.ts';
import { newStores, rejection, vaultOver } from './helpers.ts';

interface Expected {
  username: string;
  phrase: string;
  public_key: string;
  chats: { id: string; name: string; seed_suffix: string }[];
  rows: number;
  damaged_row_ids: number[];
  distinct_messages: { type: 'sent' | 'received'; chat_id: string; epoch: number; signed: string; trashed: boolean }[];
}
const fixture = new URL('../../fixtures/clm-2.0.1/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixture), 'utf8')) as Expected;
const database = async (): Promise<ClmImportData> => readClmDatabase(readFileSync(new URL('clm.db', fixture)));

describe('reading CLM 2.0.1’s own database (sql.js)', () => {
  it('reads the fixture CLM made: name, public key, chats and every row', async () => {
    const db = await database();
    expect(db).toMatchObject({ username: expected.username, publicKey: expected.public_key });
    expect(db.chats).toEqual(expected.chats.map((c) => ({ id: c.id, name: c.name, seedSuffix: c.seed_suffix })));
    expect(db.rows).toHaveLength(expected.rows);
  });

  it('refuses what is not CLM’s database with a clear error', async () => {
    await expect(readClmDatabase(new TextEncoder().encode('not a database at all, just text'.repeat(10)))).rejects.toThrow(ClmDbError);
    await expect(readClmDatabase(new TextEncoder().encode('not a database at all, just text'.repeat(10)))).rejects.toThrow(/not an SQLite database/);
    const cut = readFileSync(new URL('clm.db', fixture)).subarray(0, 5000);
    await expect(readClmDatabase(cut)).rejects.toThrow(ClmDbError);
  });
});

describe('importing a CLM 2.0.1 database', () => {
  const signedOf = (m: { sender: string; text: string }) => `${m.sender}: ${m.text}`;

  it('on the first run: previews, then makes the profile with its name and imports every distinct message', async () => {
    const db = await database();
    const stores = newStores();
    const vault = vaultOver(stores);
    expect((await rejection(vault.previewClmImport({ database: db, phrase: 'not the phrase' }))).code).toBe('phrase-mismatch');
    const plan = await vault.previewClmImport({ database: db, phrase: expected.phrase });
    expect(plan.toImport).toBe(expected.distinct_messages.length);
    expect(plan.refused.map((r) => r.rowId)).toEqual(expected.damaged_row_ids);
    expect(plan.chats.map((c) => [c.clmId, c.status])).toEqual([
      ['0', 'existing'],
      ['1', 'existing'],
      ['2', 'existing'],
      ['3', 'new'],
      ['4', 'new'],
      ['5', 'orphan'],
      ['77', 'orphan'],
    ]);
    // A wrong phrase changes nothing, not even a profile.
    expect((await rejection(vault.importClm({ database: db, phrase: 'wrong' }))).code).toBe('phrase-mismatch');
    expect(await vault.getStatus({})).toEqual({ state: 'no-profile', username: null });

    const { result, status } = await vault.importClm({ database: db, phrase: expected.phrase });
    expect(status).toEqual({ state: 'unlocked', username: expected.username });
    expect(result).toMatchObject({ imported: expected.distinct_messages.length, alreadyPresent: 0, chatsCreated: 4 });
    // The chats, numbered as in CLM.
    expect((await vault.listChats({})).map((c) => [c.id, c.clmId, c.name, c.seedSuffix])).toEqual([
      ['0', '0', '⚡️ Urgent', 'urgent'],
      ['1', '1', '💬 General chat', 'general'],
      ['2', '2', '🤫 Secrets', 'secrets'],
      ['3', '3', '🛠 Project X', 'proj-x-9649'],
      ['4', '4', 'Family', 'chat_4'],
      ['5', '5', 'Chat 5 (from CLM)', 'chat_5'],
      ['77', '77', 'Chat 77 (from CLM)', 'chat_77'],
    ]);
    // Every message, with its kind, chat, second and trash state.
    const all = [...(await vault.listMessages({ limit: 500 })).messages, ...(await vault.listMessages({ limit: 500, trashed: true })).messages];
    const got = all.map((m) => ({ type: m.kind, chat_id: m.chatId, epoch: m.epoch, signed: signedOf(m), trashed: m.trashed })).sort((a, b) => a.epoch - b.epoch);
    expect(got).toEqual([...expected.distinct_messages].sort((a, b) => a.epoch - b.epoch));
    // Importing again adds nothing.
    const again = await vault.importClm({ database: db });
    expect(again.result).toMatchObject({ imported: 0, alreadyPresent: expected.distinct_messages.length, chatsCreated: 0 });
  });

  it('into an existing profile with the same phrase: merges, and the seconds CLM used stay used', async () => {
    const db = await database();
    const lastInFamily = Math.max(...expected.distinct_messages.filter((m) => m.chat_id === '4').map((m) => m.epoch));
    // The clock stands before CLM's last message in the family chat.
    const now = (lastInFamily - 100) * 1000;
    // A profile with another phrase: refused before anything is read into it.
    const other = vaultOver(newStores(), { now: () => now });
    await other.setupProfile({ username: 'Алиса', phrase: 'another phrase entirely', confirmPhrase: 'another phrase entirely', weakPhraseAccepted: true });
    expect((await rejection(other.previewClmImport({ database: db }))).code).toBe('phrase-mismatch');
    expect((await rejection(other.importClm({ database: db }))).code).toBe('phrase-mismatch');
    expect((await other.listChats({})).map((c) => c.id)).toEqual(['0', '1', '2']);
    // The same phrase, another name (CLM's public key uses the database's name): merges.
    const same = vaultOver(newStores(), { now: () => now });
    await same.setupProfile({ username: 'someone else', phrase: expected.phrase, confirmPhrase: expected.phrase, weakPhraseAccepted: true });
    await same.createChat({ name: 'My project', format: 'clm', clmId: '3', seedSuffix: 'proj-x-9649' });
    const { result } = await same.importClm({ database: db });
    expect(result.imported).toBe(expected.distinct_messages.length);
    expect((await same.listChats({})).find((c) => c.clmId === '3')).toMatchObject({ name: 'My project', messageCount: 4 });
    // A send in chat 4 goes after the last second CLM used with its suffix.
    expect(parsePointer((await same.sendMessage({ chatId: '4', text: 'after the import' })).pointer).epoch).toBe(lastInFamily + 1);
  });

  it('imports 10,000 messages (figure printed), and refuses a tampered row with its reason', async () => {
    const phrase = 'a phrase for many messages';
    const rows: ClmImportData['rows'][number][] = Array.from({ length: 10_000 }, (_, i) => {
      // About 100 characters that do not compress (a backup is compressed: repeated text would flatter its size).
      const text = `message ${i}: ${createHash('sha256').update(String(i)).digest('base64')}${createHash('sha256').update(`${i}.`).digest('base64')}`;
      const payload = createPointer({ phrase, username: 'me', chatId: String(i % 3), seedSuffix: ['urgent', 'general', 'secrets'][i % 3] ?? '', epoch: 1_700_000_000 + i, text });
      return { id: i + 1, type: i % 2 ? 'received' : 'sent', chatId: String(i % 3), epoch: 1_700_000_000 + i, message: `me: ${text}`, payload, deleted: false };
    });
    rows[5] = { ...rows[5], message: 'me: something else' };
    const chats = [
      { id: '0', name: 'Urgent', seedSuffix: 'urgent' },
      { id: '1', name: 'General', seedSuffix: 'general' },
      { id: '2', name: 'Secrets', seedSuffix: 'secrets' },
    ];
    const data: ClmImportData = { username: 'me', publicKey: null, chats, rows };
    const vault = vaultOver(newStores());
    const started = performance.now();
    const { result } = await vault.importClm({ database: data, phrase });
    console.log(`[figure] importing 10,000 CLM messages (vault in Node, memory store): ${Math.round(performance.now() - started)} ms`);
    expect(result.imported).toBe(9_999);
    expect(result.refused).toEqual([{ rowId: 6, reason: 'Damaged row: its pointer opens to another text than the one the database shows.' }]);
    expect((await vault.listMessages({ limit: 1 })).total).toBe(9_999);

    // Their backup: its size, and that a fresh browser gets every message back from it.
    const { file, messages } = await vault.exportBackup({ phrase });
    expect(messages).toBe(9_999);
    console.log(`[figure] backup of 9,999 messages: ${file.length.toLocaleString('en')} bytes (${Math.round(file.length / messages)} per message)`);
    const fresh = vaultOver(newStores());
    await fresh.restoreBackup({ file, phrase });
    expect((await fresh.listMessages({ limit: 1 })).total).toBe(9_999);
  }, 120_000);
});
