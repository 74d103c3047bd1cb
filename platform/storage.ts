/**
 * The one place that touches `browser.storage`: `local` (on disk: profile, chats, sealed
 * history) and `session` (memory only, emptied when the browser closes: the unlocked session).
 */
import { browser } from 'wxt/browser';
import type { StorageArea } from '../lib/storage/area.ts';

type BrowserArea = typeof browser.storage.local;

function wrap(area: BrowserArea): StorageArea {
  return {
    get: (keys) => area.get<Record<string, unknown>>([...keys]),
    // One `set` call is one LevelDB write batch in Chrome: all the keys land, or none.
    set: (items) => area.set(items),
    remove: (keys) => area.remove([...keys]),
    clear: () => area.clear(),
  };
}

/** `storage.local`: survives restarts. Never holds a phrase, a key or a plaintext. */
export const localArea: StorageArea = wrap(browser.storage.local);

/** `storage.session`: memory only, emptied when the browser closes. */
export const sessionArea: StorageArea = wrap(browser.storage.session);

/**
 * Keeps both areas readable by extension pages and the worker only — never by content scripts.
 * For `storage.session` it is Chrome's default (said explicitly so nobody widens it); for
 * `storage.local` it narrows Chrome's default where the browser allows it (Chrome; Firefox
 * refuses the call, and has no content scripts of ours to read it anyway).
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  await Promise.allSettled([
    browser.storage.session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }),
    browser.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }),
  ]);
}
