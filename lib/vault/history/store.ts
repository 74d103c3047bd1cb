/**
 * The store history lives in: keys to byte strings, with writes that are all-or-nothing. The
 * background binds it to IndexedDB (`platform/history-db.ts`), tests to memory (tests/support/memory-stores.ts). Pure.
 * @module
 */

export interface HistoryStore {
  /** The values of those `keys` that exist. */
  get(keys: readonly string[]): Promise<ReadonlyMap<string, Uint8Array>>;
  /** Puts and deletes in one transaction: every change lands, or none. */
  write(puts: ReadonlyMap<string, Uint8Array>, deletes?: readonly string[]): Promise<void>;
  /** Every key (for re-sealing after a phrase change, and for migrations). */
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}
