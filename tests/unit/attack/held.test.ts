/**
 * Attacks on the import and on backup/restore that held when they were tried, kept so the
 * attempts are recorded (and guard against regressions). The defects the same review found are
 * in the *-defects.test.ts files beside this one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clmPublicKey, parsePointer } from '../../../lib/clm/format.ts';
import { ClmDbError, readClmDatabase } from '../../../lib/clm/database.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';
import type { ClmImportData } from '../../../lib/vault/clm-import.ts';
import { VaultError } from '../../../lib/vault/errors.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import { copyStores, dumpHistory, dumpLocal, NEW_PHRASE, newStores, PHRASE, rejection, setUp, StoppableStores, stoppedBefore, type Stores, vaultOver } from '../vault/helpers.ts';
import { CLM_SCHEMA, clmRow, DEFAULT_CLM_CHATS, sqliteFile } from './support.ts';

const fixture = new URL('../../fixtures/clm-2.0.1/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixture), 'utf8')) as {
  username: string;
  phrase: string;
  distinct_messages: { type: string; chat_id: string; epoch: number; signed: string; trashed: boolean }[];
};
const fixtureBytes = () => new Uint8Array(readFileSync(new URL('clm.db', fixture)));
const database = async (): Promise<ClmImportData> => {
  const { username, publicKey, chats, rows } = await readClmDatabase(fixtureBytes());
  return { username, publicKey, chats, rows };
};
const lastEpoch = Math.max(...expected.distinct_messages.map((m) => m.epoch));
const T = lastEpoch - 1000; // the clock stands before CLM's last messages

async function everything(vault: Vault) {
  const live = (await vault.listMessages({ limit: 500 })).messages;
  const trash = (await vault.listMessages({ limit: 500, trashed: true })).messages;
  return [...live, ...trash].map((m) => `${m.chatId}|${m.kind}|${m.epoch}|${m.sender}: ${m.text}|${m.trashed}`).sort();
}

describe('held: reading hostile SQLite files gives a ClmDbError or sorts the row out, never anything else', () => {
  it('not SQLite, too short, cut anywhere, garbage after the header', async () => {
    const file = fixtureBytes();
    const inputs = [new Uint8Array(0), file.subarray(0, 99), file.subarray(0, 100), file.subarray(0, 4096), file.subarray(0, 8192), file.subarray(0, 30_000), file.subarray(0, file.length - 1)];
    const garbage = file.slice(0, 20_000);
    for (let i = 100; i < garbage.length; i += 7) garbage[i] ^= 0x5a;
    inputs.push(garbage);
    for (const bytes of inputs) {
      const outcome = await readClmDatabase(bytes).then(
        () => 'read',
        (e: unknown) => (e instanceof ClmDbError ? 'ClmDbError' : String(e)),
      );
      expect(['read', 'ClmDbError']).toContain(outcome);
    }
  });

  it('missing table or column, a view in place of a table: ClmDbError; wrong types: malformed rows', async () => {
    await expect(readClmDatabase(await sqliteFile('CREATE TABLE x(a);'))).rejects.toThrow(ClmDbError);
    await expect(readClmDatabase(await sqliteFile(CLM_SCHEMA.replace('is_deleted INTEGER DEFAULT 0,', '')))).rejects.toThrow(ClmDbError);
    await expect(readClmDatabase(await sqliteFile(CLM_SCHEMA.replace(/CREATE TABLE messages[\s\S]*?\);/, 'CREATE TABLE m2(id); CREATE VIEW messages AS SELECT * FROM m2;')))).rejects.toThrow(ClmDbError);
    const ins = "INSERT INTO messages(type, chat_id, epoch_index, message, payload, timestamp, datetime) VALUES (?, ?, ?, ?, ?, 1, '')";
    const db = await readClmDatabase(
      await sqliteFile(CLM_SCHEMA, [
        { sql: ins, values: ['sent', '1', 5, new Uint8Array([0xff, 0xfe]), 'p'] }, // a blob
        { sql: ins, values: ['sent', '1', '12abc', 'm', 'p'] }, // text epoch
        { sql: ins, values: ['sent', '1', 1.5, 'm', 'p'] }, // fractional epoch
        { sql: ins, values: ['weird', '1', 5, 'm', 'p'] }, // unknown type
        { sql: ins, values: ['sent', '1', '9223372036854775807', 'm', 'p'] }, // beyond 2^53
      ]),
    );
    expect({ rows: db.rows.length, malformed: db.malformed.length }).toEqual({ rows: 0, malformed: 5 });
  });

  it('CLM’s WAL-mode file is read as it is (the fixture), and the bytes given are not changed', async () => {
    const bytes = fixtureBytes();
    expect([bytes[18], bytes[19]]).toEqual([2, 2]);
    await readClmDatabase(bytes);
    expect([bytes[18], bytes[19]]).toEqual([2, 2]);
  });
});

describe('held: importing', () => {
  it('leaves no phrase, name of a message or text on disk', async () => {
    const stores = newStores();
    const vault = vaultOver(stores, { now: () => T * 1000 });
    await vault.importClm({ database: await database(), phrase: expected.phrase });
    const disk = dumpLocal(stores.local) + dumpHistory(stores.history);
    for (const secret of [expected.phrase, 'Привет, как дела?', '日本語のメッセージ', 'for a chat you do not have', 'Борис']) expect(disk).not.toContain(secret);
  });

  it('a database whose public key matches but whose rows were made with another phrase: every row refused with its reason', async () => {
    const data: ClmImportData = {
      username: 'me',
      publicKey: clmPublicKey('me', PHRASE),
      chats: DEFAULT_CLM_CHATS,
      rows: [clmRow({ id: 1, phrase: NEW_PHRASE, chatId: '1', seedSuffix: 'general', epoch: 100, text: 'other phrase' })],
    };
    const { vault } = await setUp();
    const { result } = await vault.importClm({ database: data });
    expect(result).toMatchObject({ imported: 0, refused: [{ rowId: 1, reason: expect.stringMatching(/does not open/) as unknown }] });
  });

  it('two imports at once (two tabs): each message once', async () => {
    expect(expected.phrase).toBe(PHRASE); // the fixture was made with the helpers' phrase
    const { vault } = await setUp({ now: () => T * 1000 });
    const db = await database();
    const [a, b] = await Promise.all([vault.importClm({ database: db }).catch((e: unknown) => e), vault.importClm({ database: db }).catch((e: unknown) => e)]);
    expect([a, b].map((r) => (r as { result: { imported: number } }).result.imported).sort()).toEqual([0, expected.distinct_messages.length]);
    expect(await everything(vault)).toHaveLength(expected.distinct_messages.length);
  });

  it('a worker stop before any write of a first-run import: importing again completes it, once, and sends go after CLM’s seconds', async () => {
    const db = await database();
    const counting = new StoppableStores(newStores());
    const want = await (async () => {
      const v = vaultOver(counting, { now: () => T * 1000 });
      await v.importClm({ database: db, phrase: expected.phrase });
      return everything(v);
    })();
    expect(want).toHaveLength(expected.distinct_messages.length);
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      const where = `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`;
      const restarted = await stoppedBefore(stopAt, newStores(), () => T * 1000, (v) => v.importClm({ database: db, phrase: expected.phrase }));
      const state = (await restarted.getStatus({})).state;
      if (state === 'locked') await restarted.unlock({ phrase: expected.phrase });
      await restarted.importClm({ database: db, phrase: expected.phrase });
      expect(await everything(restarted), where).toEqual(want);
      const sent = await restarted.sendMessage({ chatId: '4', text: 'after' });
      const lastIn4 = Math.max(...expected.distinct_messages.filter((m) => m.chat_id === '4').map((m) => m.epoch));
      expect(parsePointer(sent.pointer).epoch, where).toBeGreaterThan(lastIn4);
    }
  });

  it('a full history store: a clear storage-full error; with room again, importing again completes it once', async () => {
    const stores = newStores();
    const small: Stores = { ...stores, history: new MemoryHistoryStore({ quotaBytes: 6_000 }) };
    const vault = vaultOver(small, { now: () => T * 1000 });
    await vault.setupProfile({ username: 'me', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
    const error = await rejection(vault.importClm({ database: await database() }));
    expect(error.code).toBe('storage-full');
    const roomy = copyStores(small);
    const again = vaultOver(roomy, { now: () => T * 1000 });
    await again.importClm({ database: await database() });
    expect(await everything(again)).toHaveLength(expected.distinct_messages.length);
  });
});

async function alice() {
  const stores = newStores();
  const vault = vaultOver(stores, { now: () => T * 1000 });
  await vault.setupProfile({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
  await vault.sendMessage({ chatId: '1', text: 'hello' });
  const own = await vault.createChat({ name: 'Project', format: 'clm', seedSuffix: 'proj', phrase: 'a chat phrase', weakPhraseAccepted: true });
  await vault.sendMessage({ chatId: own.id, text: 'in the project' });
  return { vault, stores, own };
}

describe('held: backup files', () => {
  it('tampering any field of the envelope: a VaultError with a clear code, nothing written', async () => {
    const { vault } = await alice();
    const { file } = await vault.exportBackup({ phrase: PHRASE });
    const env = JSON.parse(file) as Record<string, unknown> & { kdf: Record<string, unknown>; ciphertext: string; nonce: string };
    const variants: unknown[] = [
      { ...env, format: 'clm-extension-backup2' },
      { ...env, version: 0 },
      { ...env, version: '1' },
      { ...env, version: 1.5 },
      { ...env, cipher: 'aes-gcm' },
      { ...env, nonce: env.nonce.slice(4) },
      { ...env, nonce: '!!!!' },
      { ...env, kdf: { ...env.kdf, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' } },
      { ...env, kdf: { ...env.kdf, N: 2 ** 21 } },
      { ...env, kdf: { ...env.kdf, N: 1000 } },
      { ...env, kdf: { ...env.kdf, r: 9 } },
      { ...env, kdf: { ...env.kdf, p: 2 } },
      { ...env, kdf: { ...env.kdf, name: 'argon2' } },
      { ...env, ciphertext: env.ciphertext.slice(0, -8) },
      { ...env, ciphertext: `${env.ciphertext}AAAA` },
      { ...env, ciphertext: '' },
      { ...env, kdf: undefined },
      [],
      null,
      42,
    ];
    const stores = newStores();
    const fresh = vaultOver(stores);
    for (const v of variants) {
      const e = await rejection(fresh.restoreBackup({ file: JSON.stringify(v), phrase: PHRASE }));
      expect(['invalid-input', 'phrase-mismatch', 'unsupported-version']).toContain(e.code);
      expect(e.message).toMatch(/Nothing was changed/);
    }
    expect(stores.local.data.size + stores.history.data.size).toBe(0);
  });

  it('previewing writes nothing; restoring twice at once adds each message once', async () => {
    const { vault } = await alice();
    const { file } = await vault.exportBackup({ phrase: PHRASE });
    const stores = newStores();
    const fresh = vaultOver(stores, { now: () => T * 1000 });
    await fresh.previewBackup({ file, phrase: PHRASE });
    expect(stores.local.data.size + stores.history.data.size).toBe(0);
    await Promise.all([fresh.restoreBackup({ file, phrase: PHRASE }), fresh.restoreBackup({ file, phrase: PHRASE })]);
    expect(await everything(fresh)).toEqual(await everything(vault));
  });

  it('a backup of profile A restored into profile B (another name, same phrase): merged, B keeps its name', async () => {
    const { vault: a } = await alice();
    const { file } = await a.exportBackup({ phrase: PHRASE });
    const b = vaultOver(newStores(), { now: () => T * 1000 });
    await b.setupProfile({ username: 'bob', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
    await b.sendMessage({ chatId: '0', text: 'bob’s own' });
    const { status } = await b.restoreBackup({ file, phrase: PHRASE });
    expect(status.username).toBe('bob');
    expect((await everything(b)).length).toBe(3);
  });

  it('restored into a profile with another phrase, then a send in the same second in an adopted chat: a later second', async () => {
    const { vault: a } = await alice();
    const { file } = await a.exportBackup({ phrase: PHRASE });
    const b = vaultOver(newStores(), { now: () => T * 1000 });
    await b.setupProfile({ username: 'bob', phrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
    await b.restoreBackup({ file, phrase: PHRASE });
    const adopted = (await b.listChats({})).find((c) => c.clmId === '1' && c.phrase === 'own');
    expect(adopted).toBeDefined();
    const sent = await b.sendMessage({ chatId: adopted?.id ?? '', text: 'after' });
    expect(parsePointer(sent.pointer).epoch).toBeGreaterThan(T);
    // …and in the profile's own chat 1 (another phrase, same suffix): also after, which is only cautious.
    expect(parsePointer((await b.sendMessage({ chatId: '1', text: 'mine' })).pointer).epoch).toBeGreaterThan(T);
  });

  it('own-phrase chats whose ids collide: both kept, each opening its own pointers', async () => {
    const { vault: a, own } = await alice();
    const { file } = await a.exportBackup({ phrase: PHRASE });
    const b = vaultOver(newStores(), { now: () => T * 1000 });
    await b.setupProfile({ username: 'bob', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
    const mine = await b.createChat({ name: 'Other project', format: 'clm', seedSuffix: 'proj', phrase: 'another chat phrase', weakPhraseAccepted: true });
    expect(mine.id).toBe(own.id);
    await b.restoreBackup({ file, phrase: PHRASE });
    const projects = (await b.listChats({})).filter((c) => c.clmId === own.id);
    expect(projects).toHaveLength(2);
    const fromA = await a.sendMessage({ chatId: own.id, text: 'to the first project' });
    const found = await b.discoverPointer({ pointer: fromA.pointer });
    expect(found.message.chatId).not.toBe(mine.id);
  });

  it('a full store during a restore: a clear storage-full error, the profile intact; with room again, restoring again completes it', async () => {
    const { vault: a } = await alice();
    for (let i = 0; i < 40; i++) await a.sendMessage({ chatId: '2', text: `filler ${i} ${'x'.repeat(200)}` });
    const { file } = await a.exportBackup({ phrase: PHRASE });
    const b = await setUp({ now: () => T * 1000 });
    const small: Stores = { local: b.local, session: b.session, history: new MemoryHistoryStore({ quotaBytes: 8_000 }) };
    for (const [k, v] of b.history.data) small.history.data.set(k, v);
    const vault = vaultOver(small, { now: () => T * 1000 });
    const error = await rejection(vault.restoreBackup({ file, phrase: PHRASE }));
    expect(error).toBeInstanceOf(VaultError);
    expect(error.code).toBe('storage-full');
    const again = vaultOver(copyStores(small), { now: () => T * 1000 });
    expect((await again.getStatus({})).state).toBe('unlocked');
    await again.restoreBackup({ file, phrase: PHRASE });
    expect(await everything(again)).toEqual(await everything(a));
  });
});

describe('held: a worker stop between any two writes of a merge restore into a profile with another phrase', () => {
  it('restoring again completes it: the same chats (no second copy of an adopted chat), every message once, later seconds', async () => {
    const { vault: a } = await alice();
    await a.trashMessage({ id: (await a.sendMessage({ chatId: '2', text: 'thrown away' })).message.id });
    const { file } = await a.exportBackup({ phrase: PHRASE });
    const base = newStores();
    const b0 = vaultOver(base, { now: () => T * 1000 });
    await b0.setupProfile({ username: 'bob', phrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
    await b0.sendMessage({ chatId: '1', text: 'bob in general' });
    const counting = new StoppableStores(copyStores(base));
    const whole = vaultOver(counting, { now: () => T * 1000 });
    await whole.restoreBackup({ file, phrase: PHRASE });
    const shape = async (v: Vault) => (await v.listChats({})).map((c) => [c.id, c.clmId, c.name, c.seedSuffix, c.phrase, c.messageCount]);
    const wantChats = await shape(whole);
    const wantMessages = await everything(whole);
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      const where = `stopped before write ${stopAt}: ${counting.log[stopAt - 1] ?? ''}`;
      const restarted = await stoppedBefore(stopAt, copyStores(base), () => T * 1000, (v) => v.restoreBackup({ file, phrase: PHRASE }));
      if ((await restarted.getStatus({})).state === 'locked') await restarted.unlock({ phrase: NEW_PHRASE });
      await restarted.restoreBackup({ file, phrase: PHRASE });
      expect(await shape(restarted), where).toEqual(wantChats);
      expect(await everything(restarted), where).toEqual(wantMessages);
      const adopted = (await restarted.listChats({})).find((c) => c.clmId === '1' && c.phrase === 'own');
      expect(parsePointer((await restarted.sendMessage({ chatId: adopted?.id ?? '', text: 'after' })).pointer).epoch, where).toBeGreaterThan(T);
    }
  });
});
