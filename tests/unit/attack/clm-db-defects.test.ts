/**
 * Defects an outside review of import and backup found (each `describe` names one, "review
 * found: …"); every test failed on the code before its fix and asserts the fixed behaviour.
 */
import { describe, expect, it } from 'vitest';
import { clmPublicKey } from '../../../lib/clm/format.ts';
import { readClmDatabase } from '../../../lib/clm/database.ts';
import { PHRASE } from '../vault/helpers.ts';
import { assertAcceptedByProtocol, CLM_SCHEMA, clmRow, sqliteFile } from './support.ts';

const T = 1_790_000_000;
const insertRow = "INSERT INTO messages(type, chat_id, epoch_index, message, payload, timestamp, datetime) VALUES (?, ?, ?, ?, ?, ?, '')";

async function clmFile(extra: { sql: string; values: unknown[] }[]) {
  const good = clmRow({ id: 1, phrase: PHRASE, chatId: '1', seedSuffix: 'general', epoch: T, text: 'a good message' });
  return sqliteFile(CLM_SCHEMA, [
    { sql: 'INSERT INTO config VALUES (?, ?)', values: ['username', 'me'] },
    { sql: 'INSERT INTO config VALUES (?, ?)', values: ['public_key', clmPublicKey('me', PHRASE)] },
    { sql: 'INSERT INTO chats(id, name, seed_suffix) VALUES (?, ?, ?)', values: ['1', 'General', 'general'] },
    { sql: insertRow, values: ['sent', '1', T, good.message, good.payload, T] },
    ...extra,
  ]);
}

describe('review found: one oversized row or chat blocks the whole import', () => {
  it('a 2 MB message row: read as "not what CLM writes", and the rest can still be imported', async () => {
    const file = await clmFile([{ sql: insertRow, values: ['received', '1', T + 1, `bob: ${'x'.repeat(2_000_000)}`, '{"c": "1", "e": 1, "d": "00"}', T] }]);
    const db = await readClmDatabase(file);
    const data = { username: db.username, publicKey: db.publicKey, chats: [...db.chats], rows: [...db.rows] };
    expect(() => { assertAcceptedByProtocol(data); }).not.toThrow();
    expect(db.malformed).toHaveLength(1);
  });

  it('a chat whose id is longer than 256 characters: reported, and the rest can still be imported', async () => {
    const file = await clmFile([{ sql: 'INSERT INTO chats(id, name, seed_suffix) VALUES (?, ?, ?)', values: ['9'.repeat(300), 'Long', 'long'] }]);
    const db = await readClmDatabase(file);
    const data = { username: db.username, publicKey: db.publicKey, chats: [...db.chats], rows: [...db.rows] };
    expect(() => { assertAcceptedByProtocol(data); }).not.toThrow();
  });

  it('a chat row with a NULL name is not dropped without a word', async () => {
    const schema = CLM_SCHEMA.replace('name TEXT NOT NULL', 'name TEXT');
    const good = clmRow({ id: 1, phrase: PHRASE, chatId: '5', seedSuffix: 'five', epoch: T, text: 'in chat five' });
    const file = await sqliteFile(schema, [
      { sql: 'INSERT INTO config VALUES (?, ?)', values: ['username', 'me'] },
      { sql: 'INSERT INTO chats(id, name, seed_suffix) VALUES (?, ?, ?)', values: ['5', null, 'five'] },
      { sql: insertRow, values: ['sent', '5', T, good.message, good.payload, T] },
    ]);
    const db = await readClmDatabase(file);
    // Today the chat vanishes; its messages then "do not open with this phrase" (suffix chat_5 instead of five).
    expect(db.chats.map((c) => c.id).concat(db.malformed.map((m) => String(m.id)))).not.toEqual([]);
  });
});
