/**
 * The storage the background's logic sees: a key-value area with batch get/set. Defined here,
 * pure, so logic can be tested against an in-memory area (tests/support/memory-stores.ts); `platform/storage.ts` binds it to
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
