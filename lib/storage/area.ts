/**
 * The storage the background's logic sees: a key-value area with batch get/set. Defined here,
 * pure, so logic can be tested against an in-memory area; `platform/storage.ts` binds it to
 * `browser.storage.local` and `browser.storage.session`.
 * @module
 */

/** A key-value storage area. A `set` of several keys is one write: all or nothing. */
export interface StorageArea {
  get(keys: readonly string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
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
    let total = 0;
    for (const [key, value] of this.data) total += key.length + value.length;
    return total;
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
    let total = 0;
    for (const [key, value] of next) total += key.length + value.length;
    if (total > this.quotaBytes) return Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
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
