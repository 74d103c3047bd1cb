/**
 * History's store in IndexedDB, through `idb` (a thin promise wrapper): one object store of
 * binary records under string keys, every write one transaction. IndexedDB keeps bytes as bytes
 * (`chrome.storage` would need base64, a third larger) and has no practical cap below the disk
 * without asking for `unlimitedStorage`.
 *
 * The database is opened on first use, never before: the locked screen opens no history.
 */
import { type IDBPDatabase, openDB } from 'idb';
import type { HistoryStore } from '../lib/vault/history/store.ts';

const STORE = 'records';

export interface IndexedDbHistory extends HistoryStore {
  /** How often the database was opened and read: the end-to-end tests check the locked screen reads nothing. */
  readonly stats: { opens: number; reads: number };
}

export function indexedDbHistory(name = 'clm-history'): IndexedDbHistory {
  let db: Promise<IDBPDatabase> | undefined;
  const stats = { opens: 0, reads: 0 };
  const open = () => {
    db ??= (async () => {
      stats.opens++;
      return openDB(name, 1, {
        upgrade(database) {
          database.createObjectStore(STORE);
        },
        // Another version wants the database (an update installed): let it, and reopen next time.
        blocking() {
          void db?.then((d) => {
            d.close();
          });
          db = undefined;
        },
      });
    })().catch((error: unknown) => {
      db = undefined;
      throw error;
    });
    return db;
  };
  return {
    stats,
    async get(keys) {
      stats.reads++;
      const tx = (await open()).transaction(STORE, 'readonly');
      const values = await Promise.all(keys.map((key) => tx.store.get(key) as Promise<Uint8Array | undefined>));
      await tx.done;
      const out = new Map<string, Uint8Array>();
      keys.forEach((key, i) => {
        const value = values[i];
        if (value instanceof Uint8Array) out.set(key, value);
      });
      return out;
    },
    async write(puts, deletes = []) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      const done = tx.done;
      // The transaction's outcome is `done`; each request's own promise would only repeat it.
      const settle = (request: Promise<unknown>) => void request.catch(() => undefined);
      try {
        for (const key of deletes) settle(tx.store.delete(key));
        for (const [key, value] of puts) settle(tx.store.put(value, key));
      } catch (error) {
        // A request refused at once (a value that cannot be stored) must not leave the others to
        // commit on their own: all or nothing.
        tx.abort();
        await done.catch(() => undefined);
        throw error;
      }
      await done;
    },
    async keys() {
      stats.reads++;
      return (await (await open()).getAllKeys(STORE)).filter((k): k is string => typeof k === 'string');
    },
    async clear() {
      await (await open()).clear(STORE);
    },
  };
}
