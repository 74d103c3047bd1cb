/**
 * The vault: the profile, the lock, chats and history, over injected storage. It only wires: it
 * builds the context the parts share, merges the parts' operation tables into one — request type
 * → implementation, typed from the protocol map — and runs each queued operation through one
 * serial queue (two popups sending at once cannot interleave their writes). No request has a
 * method here to forward it; the background serves {@link Vault.requests} as it is.
 *
 * The parts, one file each: profile.ts (status, lock, settings, delete), store.ts (storage.local
 * records and migrations), session.ts (the unlocked session and its agreement with the profile),
 * auth.ts (setup, unlock), verify.ts (the profile phrase check and its delay), phrase-change.ts,
 * upgrade.ts (from schema 3),
 * chat-secrets.ts, catalog.ts, resolve.ts (which chat and secret open a pointer), messages.ts,
 * views.ts, and history/ (sealed buckets per chat, directories, the store interface).
 *
 * Rules it keeps:
 * - The phrase and message plaintext are written only to the session area (memory only) and held
 *   in memory while unlocked; `storage.local` and the history store see verifiers, wrapped keys
 *   and sealed records.
 * - Every write is one transaction of all it changes, made after the new state is computed; the
 *   in-memory copy changes only once the write succeeded. Multi-step operations are ordered so
 *   that a stop between any two writes loses nothing.
 * @module
 */
import type { AutoLockMinutes } from '../wire/limits.ts';
import type { RequestOf, RequestType, ResponseOf } from '../wire/protocol.ts';
import type { DiscoveryResultView, LockState } from '../wire/views.ts';
import type { StorageArea } from '../storage/area.ts';
import { SerialQueue } from '../storage/serial-queue.ts';
import { catalogOperations } from './catalog.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { clmImportOperations } from './clm-import.ts';
import { contactOperations } from './contacts.ts';
import type { KdfCost, VaultContext } from './context.ts';
import { History } from './history/history.ts';
import type { HistoryStore } from './history/store.ts';
import { DEFAULT_KDF_COST, type RandomBytes, secureRandomBytes } from './keys.ts';
import { discoverMany, messageOperations } from './messages.ts';
import type { Operation } from './operation.ts';
import { autoLockMinutes, profileOperations } from './profile.ts';
import type { Migration } from './schema.ts';
import { Sessions } from './session.ts';
import { LocalStore } from './store.ts';
import { transferOperations } from './transfer.ts';

/**
 * Every request the vault answers, one table made of the parts' tables. A request type appears
 * in exactly one part (tests/unit/vault/operations.test.ts checks that no part shadows another).
 */
export const VAULT_OPERATIONS = {
  ...profileOperations,
  ...catalogOperations,
  ...contactOperations,
  ...messageOperations,
  ...clmImportOperations,
  ...transferOperations,
} satisfies { readonly [T in RequestType]?: Operation<T> };

/** The request types the vault answers; the background answers the rest with named handlers. */
export type VaultRequestType = keyof typeof VAULT_OPERATIONS;

/** The vault's requests as functions of their payload, each typed from the protocol map. */
export type VaultRequests = { readonly [T in VaultRequestType]: (input: RequestOf<T>) => Promise<ResponseOf<T>> };

export interface VaultOptions {
  readonly local: StorageArea;
  readonly session: StorageArea;
  readonly history: HistoryStore;
  readonly now?: () => number;
  readonly random?: RandomBytes;
  /** scrypt cost for new profiles and phrase changes (tests use a small one). */
  readonly kdfCost?: KdfCost;
  /**
   * Told whenever the lock state or the auto-lock setting changed (toolbar icon, auto-lock
   * alarm); awaited, so the icon agrees with the answer the page gets. Its failures are not the
   * operation's.
   */
  readonly onLockStateChange?: (state: LockState) => void | Promise<void>;
  readonly migrations?: Readonly<Record<number, Migration>>;
  readonly schemaVersion?: number;
  /** Lets other work run during long work (default: the next macrotask). */
  readonly pause?: () => Promise<void>;
  /** Awaited between the writes of multi-write operations; the e2e test build stops the worker there. */
  readonly checkpoint?: (name: string) => Promise<void>;
}

/** The vault: its requests, plus what the background's own handlers and the auto-lock need. */
export type Vault = VaultRequests & {
  /** Every request the vault answers, for the background's handler table. */
  readonly requests: VaultRequests;
  /** Discovers many pointers in one pass and one write (the paste box, the discover window). */
  readonly discoverMany: (pointers: readonly string[]) => Promise<DiscoveryResultView[]>;
  /** The auto-lock setting; readable while locked. */
  readonly autoLockMinutes: () => Promise<AutoLockMinutes>;
};

function contextOf(options: VaultOptions): VaultContext {
  const listener = options.onLockStateChange ?? (() => undefined);
  const random = options.random ?? secureRandomBytes;
  const now = options.now ?? Date.now;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const secrets = new ChatSecrets();
  // Forgetting the session empties every cache that holds plaintext (history is made below,
  // before anything can lock).
  const sessions = new Sessions(options.session, () => {
    history.forget();
    secrets.forget();
  });
  const history = new History(options.history, {
    random,
    pause,
    now,
    assertCurrent: (keys) => {
      sessions.assertCurrent(keys);
    },
  });
  return {
    local: new LocalStore(options.local, { ...(options.migrations && { migrations: options.migrations }), ...(options.schemaVersion !== undefined && { schemaVersion: options.schemaVersion }) }),
    sessions,
    history,
    secrets,
    now,
    random,
    kdfCost: options.kdfCost ?? DEFAULT_KDF_COST,
    pause,
    checkpoint: options.checkpoint ?? (() => Promise.resolve()),
    notify: async (state) => {
      try {
        await listener(state);
      } catch {
        // The toolbar icon failing to update must not undo a lock or an unlock.
      }
    },
  };
}

/** Makes a vault over the given stores. */
export function createVault(options: VaultOptions): Vault {
  const ctx = contextOf(options);
  const queue = new SerialQueue();
  const serve = (op: Operation<RequestType>) => (input: never) => (op.queued ? queue.run(() => op.run(ctx, input)) : op.run(ctx, input));
  // Building the typed view from the table is the one place a type is asserted (as protocol.ts does).
  const requests = Object.fromEntries(Object.entries(VAULT_OPERATIONS).map(([type, op]) => [type, serve(op as Operation<RequestType>)])) as unknown as VaultRequests;
  return {
    ...requests,
    requests,
    discoverMany: (pointers) => queue.run(() => discoverMany(ctx, pointers)),
    autoLockMinutes: () => autoLockMinutes(ctx),
  };
}
