/**
 * The store history lives in: keys to byte strings, with writes that are all-or-nothing. The
 * background binds it to IndexedDB (`platform/history-db.ts`), tests to memory. Pure.
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

/**
 * An in-memory {@link HistoryStore}. With a quota, a write that would exceed it is refused as a
 * whole, as a browser refuses a transaction when the disk is full. Counts reads, so tests can
 * prove what a screen did not read.
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly data = new Map<string, Uint8Array>();
  readonly quotaBytes: number;
  reads = 0;
  writes = 0;

  constructor(options: { quotaBytes?: number } = {}) {
    this.quotaBytes = options.quotaBytes ?? Infinity;
  }

  bytesInUse(): number {
    let total = 0;
    for (const [key, value] of this.data) total += key.length + value.length;
    return total;
  }

  get(keys: readonly string[]): Promise<ReadonlyMap<string, Uint8Array>> {
    this.reads++;
    const out = new Map<string, Uint8Array>();
    for (const key of keys) {
      const value = this.data.get(key);
      if (value) out.set(key, value.slice());
    }
    return Promise.resolve(out);
  }

  write(puts: ReadonlyMap<string, Uint8Array>, deletes: readonly string[] = []): Promise<void> {
    let total = this.bytesInUse();
    for (const key of deletes) total -= this.data.has(key) ? key.length + (this.data.get(key)?.length ?? 0) : 0;
    for (const [key, value] of puts) total += key.length + value.length - (this.data.has(key) ? key.length + (this.data.get(key)?.length ?? 0) : 0);
    if (total > this.quotaBytes) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    this.writes++;
    for (const key of deletes) this.data.delete(key);
    for (const [key, value] of puts) this.data.set(key, value.slice());
    return Promise.resolve();
  }

  keys(): Promise<string[]> {
    this.reads++;
    return Promise.resolve([...this.data.keys()]);
  }

  clear(): Promise<void> {
    this.data.clear();
    return Promise.resolve();
  }
}
