/**
 * Reading CLM 2.0.1's database (`~/.config/clm/clm.db`, SQLite) with sql.js — SQLite itself,
 * compiled to JavaScript — rather than a parser of our own. Loaded only by the import page.
 *
 * CLM's schema: `config(key, value)` with `username` and `public_key`; `chats(id TEXT, name,
 * seed_suffix, created_at)`; `messages(id, type 'sent'|'received', chat_id, epoch_index, message,
 * payload, timestamp, datetime, created_at, is_deleted)`. CLM keeps its database in WAL mode;
 * once CLM has exited, the log is merged into the file, which is all that is read here.
 * @module
 */
import type { SqlValue } from 'sql.js';
import initSqlJs from 'sql.js/dist/sql-asm.js';
import { LibError } from '../errors.ts';
import { CLM_CHAT_ID_CHARS, CLM_LINE_CHARS, CLM_ROW_LIMITS } from './limits.ts';

export interface ClmDbChat {
  readonly id: string;
  readonly name: string;
  readonly seedSuffix: string;
}

export interface ClmDbRow {
  readonly id: number;
  readonly type: 'sent' | 'received';
  readonly chatId: string;
  readonly epoch: number;
  /** What CLM shows: the signed text, `sender: text` (CLM keeps it in the clear). */
  readonly message: string;
  /** The pointer, as CLM printed it (sent) or as it was pasted (received). */
  readonly payload: string;
  readonly deleted: boolean;
}

export interface ClmDatabase {
  readonly username: string | null;
  /** CLM's "public key" of the name and phrase: says whether a phrase is the database's. */
  readonly publicKey: string | null;
  readonly chats: readonly ClmDbChat[];
  readonly rows: readonly ClmDbRow[];
  /** Rows that are not what CLM writes (a type, a number or text where another is due). */
  readonly malformed: readonly { readonly id: number | null; readonly reason: string }[];
}

/** A file that is not CLM's database, with why. */
export class ClmDbError extends LibError<'not-clm-database'> {
  override readonly name = 'ClmDbError';
  constructor(message: string) {
    super('not-clm-database', message);
  }
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

const text = (v: SqlValue | undefined): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * Reads a CLM 2.0.1 database file.
 * @throws {ClmDbError} for a file that is not SQLite, or not CLM's database
 */
export async function readClmDatabase(file: Uint8Array): Promise<ClmDatabase> {
  if (file.length < 100 || new TextDecoder('latin1').decode(file.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new ClmDbError('This file is not a CLM database: it is not an SQLite database at all. CLM keeps its database at ~/.config/clm/clm.db.');
  }
  // Bytes 18 and 19 say WAL (2); this in-memory copy has no log beside it, and CLM merged it at
  // exit, so read it as an ordinary database (1). The file itself is not changed.
  const bytes = file.slice();
  if (bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const SQL = await initSqlJs();
  let db;
  try {
    db = new SQL.Database(bytes);
  } catch {
    throw new ClmDbError('This file cannot be opened as a database: it is damaged or cut off.');
  }
  try {
    const tables = new Set((db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) => text(r[0])));
    for (const t of ['config', 'chats', 'messages']) {
      if (!tables.has(t)) throw new ClmDbError(`This SQLite file is not a CLM database: it has no “${t}” table.`);
    }
    const config = new Map((db.exec('SELECT key, value FROM config')[0]?.values ?? []).map((r) => [text(r[0]), text(r[1])]));
    const chats: ClmDbChat[] = [];
    const malformed: { id: number | null; reason: string }[] = [];
    for (const r of db.exec('SELECT id, name, seed_suffix FROM chats')[0]?.values ?? []) {
      const id = text(r[0]);
      // A chat without a name keeps its messages (it is named "Chat <id> (from CLM)" on import).
      const name = text(r[1]) ?? '';
      const seedSuffix = text(r[2]);
      const problem =
        id === null || id === '' || id.length > CLM_CHAT_ID_CHARS
          ? `a chat id that is empty or longer than ${CLM_CHAT_ID_CHARS} characters`
          : seedSuffix === null
            ? 'no seed suffix'
            : name.length > CLM_LINE_CHARS || seedSuffix.length > CLM_LINE_CHARS
              ? 'a name or seed suffix longer than a chat can have'
              : undefined;
      if (problem !== undefined || id === null || seedSuffix === null) {
        malformed.push({ id: null, reason: `A chat (${JSON.stringify((id ?? '?').slice(0, 40))}) is not what CLM writes: ${problem ?? 'unreadable'}. Its messages are not imported.` });
        continue;
      }
      chats.push({ id, name, seedSuffix });
    }
    const rows: ClmDbRow[] = [];
    const statement = db.prepare('SELECT id, type, chat_id, epoch_index, message, payload, is_deleted FROM messages ORDER BY id');
    try {
      while (statement.step()) {
        const [id, type, chatId, epoch, message, payload, deleted] = statement.get();
        const rowId = typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
        const chat = text(chatId);
        if (rowId === null || (type !== 'sent' && type !== 'received') || chat === null || typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || typeof message !== 'string' || typeof payload !== 'string') {
          malformed.push({ id: rowId, reason: 'This row is not what CLM writes (a field has the wrong type).' });
          continue;
        }
        if (chat.length > CLM_CHAT_ID_CHARS || message.length > CLM_ROW_LIMITS.message || payload.length > CLM_ROW_LIMITS.payload) {
          malformed.push({ id: rowId, reason: 'This row is not what CLM writes (its chat id, text or pointer is longer than any CLM writes).' });
          continue;
        }
        rows.push({ id: rowId, type, chatId: chat, epoch, message, payload, deleted: deleted === 1 });
      }
    } finally {
      statement.free();
    }
    const username = config.get('username') ?? null;
    const publicKey = config.get('public_key') ?? null;
    return {
      username: username !== null && username.length <= CLM_LINE_CHARS ? username : null,
      publicKey: publicKey !== null && publicKey.length <= 200 ? publicKey : null,
      chats,
      rows,
      malformed,
    };
  } catch (error) {
    if (error instanceof ClmDbError) throw error;
    throw new ClmDbError('This SQLite file is not a CLM database: its tables are not CLM’s.');
  } finally {
    db.close();
  }
}
