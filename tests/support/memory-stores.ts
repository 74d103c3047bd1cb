/**
 * In-memory doubles of the two stores the background's logic sees, for unit tests and the
 * benchmarks: kept here, not in shipped modules. Each refuses, given a quota, a write that would
 * exceed it as a whole, as the browser does.
 * @module
 */
import type { StorageArea } from '../../lib/storage/area.ts';
import type { HistoryStore } from '../../lib/vault/history/store.ts';

/** Key length plus value length over a map: how both browsers' quotas count. */
function bytesOf(entries: ReadonlyMap<string, { readonly length: number }>): number {
  let total = 0;
  for (const [key, value] of entries) total += key.length + value.length;
  return total;
}

/**
 * An in-memory {@link StorageArea} that JSON-round-trips values and, given a quota, refuses a
 * write that would exceed it as a whole — as `chrome.storage` does (keys + JSON values, in bytes).
 */
export class MemoryStorageArea implements StorageArea {
  readonly data = new Map<string, string>();
  readonly quotaBytes: number;

  constructor(options: { quotaBytes?: number } = {}) {
    this.quotaBytes = options.quotaBytes ?? Infinity;
  }

  /** Bytes in use, counted as Chrome counts them: key length + JSON length of the value. */
  bytesInUse(): number {
    return bytesOf(this.data);
  }

  get(keys: readonly string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const raw = this.data.get(key);
      if (raw !== undefined) out[key] = JSON.parse(raw) as unknown;
    }
    return Promise.resolve(out);
  }

  set(items: Record<string, unknown>): Promise<void> {
    const next = new Map(this.data);
    for (const [key, value] of Object.entries(items)) next.set(key, JSON.stringify(value));
    if (bytesOf(next) > this.quotaBytes) return Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    for (const [key, value] of next) this.data.set(key, value);
    return Promise.resolve();
  }

  remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.data.delete(key);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.data.clear();
    return Promise.resolve();
  }
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
    return bytesOf(this.data);
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
