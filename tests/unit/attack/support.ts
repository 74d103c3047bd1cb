/**
 * Helpers for the attack tests: CLM 2.0.1 databases made with sql.js (CLM's own schema), CLM
 * rows made with the real pointer code, and a request check as the background does it.
 */
import initSqlJs from 'sql.js/dist/sql-asm.js';
import { createPointer, defaultSeedSuffix } from '../../../lib/clm/format.ts';
import { checkPayload } from '../../../lib/wire/protocol.ts';
import type { ClmImportData } from '../../../lib/vault/clm-import.ts';

export const CLM_SCHEMA = `
CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chats (id TEXT PRIMARY KEY, name TEXT NOT NULL, seed_suffix TEXT NOT NULL, created_at INTEGER DEFAULT (strftime('%s', 'now')));
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, chat_id TEXT NOT NULL, epoch_index INTEGER NOT NULL,
  message TEXT NOT NULL, payload TEXT NOT NULL, timestamp INTEGER NOT NULL, datetime TEXT NOT NULL,
  created_at INTEGER DEFAULT (strftime('%s', 'now')), is_deleted INTEGER DEFAULT 0,
  FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE);
`;

/** An SQLite file made by running `sql` (sql.js, in memory), as bytes. */
export async function sqliteFile(sql: string, params: readonly { sql: string; values: unknown[] }[] = []): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(sql);
  for (const p of params) db.run(p.sql, p.values as never);
  const bytes = db.export();
  db.close();
  return bytes;
}

export type Row = ClmImportData['rows'][number];

/** A row as CLM writes it: the pointer made with `phrase` and the chat's suffix. */
export function clmRow(o: {
  id: number;
  phrase: string;
  username?: string;
  chatId: string;
  seedSuffix?: string;
  /** The chat id the pointer names (default: `chatId`). */
  pointerChatId?: string;
  epoch: number;
  text: string;
  type?: 'sent' | 'received';
  deleted?: boolean;
}): Row {
  const username = o.username ?? 'me';
  const payload = createPointer({
    phrase: o.phrase,
    username,
    chatId: o.pointerChatId ?? o.chatId,
    seedSuffix: o.seedSuffix ?? defaultSeedSuffix(o.chatId),
    epoch: o.epoch,
    text: o.text,
  });
  return { id: o.id, type: o.type ?? 'sent', chatId: o.chatId, epoch: o.epoch, message: `${username}: ${o.text}`, payload, deleted: o.deleted ?? false };
}

/** Throws if the background would refuse this import request at its boundary (so the attack is a real one). */
export function assertAcceptedByProtocol(database: ClmImportData, phrase?: string): void {
  checkPayload('importClm', { database, ...(phrase !== undefined && { phrase }) });
}

export const DEFAULT_CLM_CHATS = [
  { id: '0', name: '⚡️ Urgent', seedSuffix: 'urgent' },
  { id: '1', name: '💬 General chat', seedSuffix: 'general' },
  { id: '2', name: '🤫 Secrets', seedSuffix: 'secrets' },
];
