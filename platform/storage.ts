/**
 * The one place that touches `browser.storage`: `local` (on disk: profile, chats, encrypted
 * history) and `session` (memory only, emptied when the browser closes: the unlocked session).
 */
import { browser } from 'wxt/browser';
import type { StorageArea } from '../lib/storage-area.ts';

type BrowserArea = typeof browser.storage.local;

function wrap(area: BrowserArea): StorageArea {
  return {
    get: (keys) => area.get<Record<string, unknown>>([...keys]),
    set: (items) => area.set(items),
    remove: (keys) => area.remove([...keys]),
    clear: () => area.clear(),
  };
}

/** `storage.local`: survives restarts. Never holds a phrase, a key or a plaintext. */
export const localArea: StorageArea = wrap(browser.storage.local);

/** `storage.session`: memory only; its access level stays TRUSTED_CONTEXTS (not content scripts). */
export const sessionArea: StorageArea = wrap(browser.storage.session);
