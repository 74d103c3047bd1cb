/**
 * Builds a profile with a lot of history in Node — through the vault's own code and formats —
 * and loads it into the extension's storage in Chromium: `storage.local` through the API, the
 * history records straight into the extension's IndexedDB (an extension page shares its origin).
 * So tests and benchmarks spend their time measuring, not sending.
 */
import type { Page } from '@playwright/test';
import { createPointer, parsePointer } from '../../lib/clm/format.ts';
import { fromBase64 } from '../../lib/encoding/bytes.ts';
import { MemoryStorageArea } from './memory-stores.ts';
import { History, type HistoryKeys, type NewMessage } from '../../lib/vault/history/history.ts';
import { MemoryHistoryStore } from './memory-stores.ts';
import { checkSession } from '../../lib/vault/schema.ts';
import { createVault, type Vault } from '../../lib/vault/vault.ts';

export interface Seeded {
  readonly local: Record<string, unknown>;
  readonly history: ReadonlyMap<string, Uint8Array>;
  readonly messages: number;
}

export interface SeedMessage {
  readonly chatId: string;
  readonly seedSuffix: string;
  readonly kind: 'sent' | 'received';
  readonly sender: string;
  readonly text: string;
  readonly epoch: number;
}

/**
 * A profile (`username`, `phrase`) whose chats `chats` are created first, then `messages` (CLM
 * 2.0.1 pointers of the profile phrase), appended 64 at a time.
 */
export async function seedProfile(options: {
  username: string;
  phrase: string;
  kdfCost?: { N: number; r: number; p: number };
  chats?: readonly { name: string; seedSuffix?: string; phrase?: string; format?: 'clm' | 'sealed' }[];
  messages: Iterable<SeedMessage>;
  /** Runs on the seeding vault once its chats exist (e.g. to write a pointer a benchmark discovers). */
  afterChats?: (vault: Vault) => Promise<void>;
}): Promise<Seeded> {
  const local = new MemoryStorageArea();
  const session = new MemoryStorageArea();
  const store = new MemoryHistoryStore();
  const vault = createVault({ local, session, history: store, kdfCost: options.kdfCost ?? { N: 2 ** 12, r: 8, p: 1 }, pause: () => Promise.resolve() });
  await vault.setupProfile({ username: options.username, phrase: options.phrase, confirmPhrase: options.phrase, weakPhraseAccepted: true });
  for (const chat of options.chats ?? []) await vault.createChat({ name: chat.name, format: chat.format ?? 'clm', seedSuffix: chat.seedSuffix, phrase: chat.phrase, weakPhraseAccepted: true });
  await options.afterChats?.(vault);
  const chats = await vault.listChats({});
  const record = checkSession((await session.get(['session'])).session, 'session');
  const keys: HistoryKeys = {
    keys: new Map(Object.entries(record.historyKeys).map(([g, k]) => [Number(g), fromBase64(k)])),
    current: record.currentGeneration,
    indexKey: fromBase64(record.indexKey),
  };
  const catalog = JSON.parse((local.data.get('catalog') ?? '{}')) as { chats: { id: string; serial: number }[] };
  const refOf = new Map(catalog.chats.map((c) => [c.id, `c${c.serial}`]));
  const history = new History(store, { random: (n) => crypto.getRandomValues(new Uint8Array(n)), pause: () => Promise.resolve(), now: Date.now, assertCurrent: () => undefined });
  let batch = new Map<string, NewMessage[]>();
  let count = 0;
  const hwm: Record<string, number> = {};
  const flush = async () => {
    await history.append(keys, [...batch].map(([ref, messages]) => ({ ref, messages })), (s) => ({ ...s, hwm: { ...s.hwm, ...hwm } }));
    batch = new Map();
  };
  for (const m of options.messages) {
    const ref = refOf.get(m.chatId);
    if (!ref || !chats.some((c) => c.id === m.chatId)) throw new Error(`no chat ${m.chatId}`);
    const pointer = createPointer({ phrase: options.phrase, username: m.sender, chatId: m.chatId, seedSuffix: m.seedSuffix, epoch: m.epoch, text: m.text });
    const list = batch.get(ref) ?? [];
    list.push({ kind: m.kind, epoch: m.epoch, savedAt: m.epoch * 1000, trashedAt: null, format: 'clm', via: 0, wireId: m.chatId, sender: m.sender, text: m.text, data: parsePointer(pointer).data });
    batch.set(ref, list);
    hwm[m.seedSuffix] = Math.max(hwm[m.seedSuffix] ?? 0, m.epoch);
    if (++count % 640 === 0) await flush();
  }
  await flush();
  await vault.lock({});
  return { local: Object.fromEntries([...local.data].map(([k, v]) => [k, JSON.parse(v) as unknown])), history: store.data, messages: count };
}

declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };

/** Loads a seeded profile into the extension, from one of its pages (the worker must then restart). */
export async function loadSeeded(page: Page, seeded: Seeded): Promise<void> {
  await page.evaluate((items) => chrome.storage.local.set(items), seeded.local);
  const entries = [...seeded.history].map(([k, v]) => [k, Buffer.from(v).toString('base64')] as const);
  for (let i = 0; i < entries.length; i += 400) {
    await page.evaluate(async (chunk) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('clm-history', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('records');
        open.onsuccess = () => {
          resolve(open.result);
        };
        open.onerror = () => {
          reject(open.error ?? new Error('open failed'));
        };
      });
      const tx = db.transaction('records', 'readwrite');
      for (const [key, b64] of chunk) tx.objectStore('records').put(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(tx.error ?? new Error('write failed'));
        };
      });
      db.close();
    }, entries.slice(i, i + 400));
  }
}
