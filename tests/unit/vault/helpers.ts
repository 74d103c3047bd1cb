/**
 * Vaults over memory for the unit tests, and stores that can be stopped at any write, as a
 * worker is stopped (idle, crash, the 5-minute limit) — with `storage.session` kept as it is —
 * or as a browser is killed (its session gone).
 */
import { expect } from 'vitest';
import { fromBase64 } from '../../../lib/encoding/bytes.ts';
import type { StorageArea } from '../../../lib/storage/area.ts';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { openProfileSecrets } from '../../../lib/vault/profile-secrets.ts';
import { checkProfile, checkSession } from '../../../lib/vault/schema.ts';
import { VaultError } from '../../../lib/vault/errors.ts';
import type { HistoryStore } from '../../../lib/vault/history/store.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';
import { createVault, type Vault, type VaultOptions } from '../../../lib/vault/vault.ts';

export const PHRASE = 'correct horse battery staple';
export const NEW_PHRASE = 'purple elephant tuesday';
// A small scrypt cost keeps the tests fast; the real cost is measured by `npm run bench`.
export const kdfCost = { N: 2 ** 10, r: 8, p: 1 };

export interface Stores {
  readonly local: MemoryStorageArea;
  readonly session: MemoryStorageArea;
  readonly history: MemoryHistoryStore;
}

export function newStores(): Stores {
  return { local: new MemoryStorageArea(), session: new MemoryStorageArea(), history: new MemoryHistoryStore() };
}

export type TestOptions = Partial<Omit<VaultOptions, 'local' | 'session' | 'history'>>;

export function vaultOver(stores: { local: StorageArea; session: StorageArea; history: HistoryStore }, options: TestOptions = {}): Vault {
  return createVault({ kdfCost, pause: () => Promise.resolve(), ...options, ...stores });
}

export async function setUp(options: TestOptions & { stores?: Stores } = {}) {
  const stores = options.stores ?? newStores();
  const vault = vaultOver(stores, options);
  await vault.setupProfile({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
  return { vault, ...stores };
}

export async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

/** Everything a store holds, as text (to look for secrets in it). */
export function dumpLocal(area: MemoryStorageArea): string {
  return JSON.stringify([...area.data]);
}

export function dumpHistory(store: MemoryHistoryStore): string {
  return [...store.data].map(([k, v]) => `${k}=${Buffer.from(v).toString('latin1')}`).join('\n');
}

export function copyStores(s: Stores): Stores {
  const local = new MemoryStorageArea();
  for (const [k, v] of s.local.data) local.data.set(k, v);
  const session = new MemoryStorageArea();
  for (const [k, v] of s.session.data) session.data.set(k, v);
  const history = new MemoryHistoryStore();
  for (const [k, v] of s.history.data) history.data.set(k, v.slice());
  return { local, session, history };
}

/** The worker stopped: this vault instance does nothing more. */
export class Stopped extends Error {
  override readonly name = 'Stopped';
}

/**
 * Wraps stores so that the `stopAt`-th write (counted over all three stores) and everything after
 * it fails, as when the worker is stopped right before that write. `writes` counts the writes of
 * a run that is not stopped.
 */
export class StoppableStores {
  writes = 0;
  stopAt = Infinity;
  readonly inner: Stores;
  readonly local: StorageArea;
  readonly session: StorageArea;
  readonly history: HistoryStore;
  /** What each write was, for a failing test's message. */
  readonly log: string[] = [];

  constructor(inner: Stores) {
    this.inner = inner;
    const write = (what: string) => {
      if (this.writes + 1 >= this.stopAt) {
        this.writes = Infinity;
        throw new Stopped(`stopped before write ${this.stopAt}: ${what}`);
      }
      this.writes++;
      this.log.push(what);
    };
    const alive = () => {
      if (this.writes === Infinity) throw new Stopped('the worker is stopped');
    };
    const area = (a: MemoryStorageArea, name: string): StorageArea => ({
      get: async (keys) => {
        alive();
        return a.get(keys);
      },
      set: async (items) => {
        write(`${name}.set ${Object.keys(items).join(',')}`);
        return a.set(items);
      },
      remove: async (keys) => {
        write(`${name}.remove ${keys.join(',')}`);
        return a.remove(keys);
      },
      clear: async () => {
        write(`${name}.clear`);
        return a.clear();
      },
    });
    this.local = area(inner.local, 'local');
    this.session = area(inner.session, 'session');
    const h = inner.history;
    this.history = {
      get: async (keys) => {
        alive();
        return h.get(keys);
      },
      write: async (puts, deletes) => {
        write(`history.write ${[...puts.keys()].join(',')} -${(deletes ?? []).join(',')}`);
        return h.write(puts, deletes);
      },
      keys: async () => {
        alive();
        return h.keys();
      },
      clear: async () => {
        write('history.clear');
        return h.clear();
      },
    };
  }
}

/**
 * Runs `operation` on a vault over `disk` with the worker stopped right before write `stopAt` (it
 * must fail there), then gives a vault restarted on what the stop left: `storage.session` as it is.
 */
export async function stoppedBefore(stopAt: number, disk: Stores, now: () => number, operation: (vault: Vault) => Promise<unknown>): Promise<Vault> {
  const stopping = new StoppableStores(disk);
  stopping.stopAt = stopAt;
  await expect(operation(vaultOver(stopping, { now }))).rejects.toThrow();
  return vaultOver(copyStores(disk), { now });
}

/** The profile's current identity private key (base64), read the way only an unlocked vault can (for leak checks). */
export function privateKeyOf(stores: { session: { data: Map<string, string> }; local: { data: Map<string, string> } }): string {
  const session = checkSession(JSON.parse(stores.session.data.get('session') ?? 'null'), 'session');
  const profile = checkProfile(JSON.parse(stores.local.data.get('profile') ?? 'null'), 'profile');
  const key = fromBase64(session.historyKeys[String(session.currentGeneration)] ?? '');
  const identity = openProfileSecrets(profile.sealed ?? '', key).identity;
  if (!identity) throw new Error('no identity');
  return identity.current.privateKey;
}
