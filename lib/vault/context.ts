/**
 * What every part of the vault works with: the stores, the session, the clock and the random
 * source, all injected, so each part can be tested alone.
 * @module
 */
import type { LockState } from '../wire/views.ts';
import type { ChatSecrets } from './chat-secrets.ts';
import { VaultError } from './errors.ts';
import type { History } from './history/history.ts';
import type { RandomBytes } from './keys.ts';
import type { ProfileRecord } from './schema.ts';
import type { Sessions, Unlocked } from './session.ts';
import type { Head, LocalStore } from './store.ts';

export interface KdfCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export interface VaultContext {
  readonly local: LocalStore;
  readonly sessions: Sessions;
  readonly history: History;
  readonly secrets: ChatSecrets;
  readonly now: () => number;
  readonly random: RandomBytes;
  /** scrypt cost for new profiles and phrase changes (tests use a small one). */
  readonly kdfCost: KdfCost;
  /** Lets other work run between steps of long work. */
  readonly pause: () => Promise<void>;
  /** Tells the lock state to the toolbar icon and the auto-lock alarm; never fails an operation. */
  readonly notify: (state: LockState) => Promise<void>;
  /**
   * Awaited at named points between the writes of multi-write operations. A no-op, except in
   * the end-to-end test build, where a test stops the worker there.
   */
  readonly checkpoint: (name: string) => Promise<void>;
}

export interface Ready {
  readonly head: Head;
  readonly profile: ProfileRecord;
  readonly unlocked: Unlocked;
}

/**
 * The profile and the unlocked session (restored after a worker restart if it still agrees with
 * the profile).
 * @throws {VaultError} `no-profile`, `locked`
 */
export async function requireUnlocked(ctx: VaultContext): Promise<Ready> {
  const head = await ctx.local.head();
  if (!head.profile) throw new VaultError('no-profile', 'Create a profile first.');
  const unlocked = await ctx.sessions.restore(head.profile);
  if (!unlocked) throw new VaultError('locked', 'Unlock with your phrase first.');
  return { head, profile: head.profile, unlocked };
}

/**
 * A stop check for a long key stretch begun now: it throws `locked` once the extension was locked
 * (or the session replaced) after this call, so a Lock wins over seconds of scrypt at once and the
 * work under way changes nothing.
 */
export function stopOnLock(ctx: VaultContext): () => void {
  const begun = ctx.sessions.generation;
  return () => {
    if (ctx.sessions.generation !== begun) throw new VaultError('locked', 'The extension was locked meanwhile; nothing was changed. Unlock and try again.');
  };
}

/** Throws `locked` if `u` stopped being the session (a Lock during long work). */
export function assertStillUnlocked(ctx: VaultContext, u: Unlocked): void {
  if (!ctx.sessions.isCurrent(u)) throw new VaultError('locked', 'The extension was locked meanwhile; nothing more was changed. Unlock and try again.');
}
