/**
 * The unlocked session: the profile phrase and the keys it opened, held in this object and in
 * `storage.session` (memory only) so that a worker restarted after idle stays unlocked.
 *
 * A session is used only while it agrees with the profile on disk: a session left over from
 * before a phrase change (a worker stopped between the change's last writes, with
 * `storage.session` as it was) names another generation or verifier, and is dropped — the
 * person unlocks again — instead of sealing new records under a key the profile no longer wraps.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, utf8 } from '../encoding/bytes.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { StorageArea } from '../storage/area.ts';
import { VaultError } from './errors.ts';
import type { HistoryKeys } from './history/history.ts';
import { checkSession, type ProfileRecord, SESSION_KEYS, type SessionRecord } from './schema.ts';
import { storageFailure } from './storage-errors.ts';

/** What an unlock holds in memory. */
export interface Unlocked {
  readonly username: string;
  /** The profile phrase. */
  readonly phrase: string;
  readonly history: HistoryKeys;
  /** The profile phrase's sealed-pointer root key. */
  readonly profileRoot: Uint8Array;
  readonly unlockedAt: number;
}

/** Which profile state a session belongs to: a digest of the verifier and current generation. */
export function profileCheck(profile: ProfileRecord): string {
  return bytesToHex(sha256(utf8(`clm-ext/v4/session/${profile.verifier}/${profile.historyKeys.current}`)));
}

function toRecord(u: Unlocked, profile: ProfileRecord): SessionRecord {
  return {
    version: 2,
    username: u.username,
    phrase: u.phrase,
    historyKeys: Object.fromEntries([...u.history.keys].map(([g, k]) => [String(g), toBase64(k)])),
    currentGeneration: u.history.current,
    unlockedAt: u.unlockedAt,
    profileCheck: profileCheck(profile),
    indexKey: toBase64(u.history.indexKey),
    profileRoot: toBase64(u.profileRoot),
  };
}

export class Sessions {
  private readonly area: StorageArea;
  private unlocked: Unlocked | null = null;
  /** Counts forgets: a restore that read storage before a Lock must not bring the session back. */
  private forgets = 0;
  /** Called whenever the secrets are dropped (caches that hold plaintext empty themselves). */
  private readonly onForget: () => void;

  constructor(area: StorageArea, onForget: () => void) {
    this.area = area;
    this.onForget = onForget;
  }

  /** The session in memory, without looking at storage. */
  get current(): Unlocked | null {
    return this.unlocked;
  }

  /** Counts the times the session was forgotten (Lock, a new unlock, a phrase change): long work compares it. */
  get generation(): number {
    return this.forgets;
  }

  /** Whether `u` is still the unlocked session (not locked, not replaced by a phrase change). */
  isCurrent(u: Unlocked): boolean {
    return this.unlocked === u;
  }

  /** For history: throws `locked` when `keys` are not the session's any more. */
  assertCurrent(keys: HistoryKeys): void {
    if (this.unlocked?.history !== keys) throw new VaultError('locked', 'The extension was locked meanwhile; nothing more was changed. Unlock and try again.');
  }

  /**
   * The session: from memory, or restored from `storage.session` after a worker restart if it
   * agrees with `profile`; a session that does not is removed.
   */
  async restore(profile: ProfileRecord | null): Promise<Unlocked | null> {
    if (this.unlocked) return this.unlocked;
    const forgets = this.forgets;
    const { [SESSION_KEYS.session]: raw } = await this.area.get([SESSION_KEYS.session]);
    if (forgets !== this.forgets) return this.unlocked; // locked (or replaced) meanwhile
    if (raw === undefined) return null;
    let record: SessionRecord | undefined;
    try {
      record = checkSession(raw, 'session');
    } catch {
      record = undefined;
    }
    const agrees =
      record !== undefined &&
      profile !== null &&
      profile.pendingChange === undefined &&
      record.profileCheck === profileCheck(profile) &&
      record.currentGeneration === profile.historyKeys.current &&
      Object.keys(profile.historyKeys.wrapped).every((g) => Object.hasOwn(record.historyKeys, g));
    if (!record || !agrees) {
      await this.area.remove([SESSION_KEYS.session]);
      return null;
    }
    // Another restore may have finished while this one read storage (TypeScript keeps the
    // narrowing from before the await, which does not hold here).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (this.unlocked) return this.unlocked;
    this.unlocked = {
      username: record.username,
      phrase: record.phrase,
      history: {
        keys: new Map(Object.entries(record.historyKeys).map(([g, k]) => [Number(g), fromBase64(k)])),
        current: record.currentGeneration,
        indexKey: fromBase64(record.indexKey),
      },
      profileRoot: fromBase64(record.profileRoot),
      unlockedAt: record.unlockedAt,
    };
    return this.unlocked;
  }

  /** Makes `u` the session, in memory and in `storage.session`, for the profile as written. */
  async start(u: Unlocked, profile: ProfileRecord): Promise<void> {
    try {
      await this.area.set({ [SESSION_KEYS.session]: toRecord(u, profile) });
    } catch (error) {
      throw storageFailure(error);
    }
    this.forget();
    this.unlocked = u;
  }

  /**
   * Makes `u` the session in memory only: during a phrase change, whose stored session is
   * dropped on a restart anyway (the profile has a pending change until its last write).
   */
  replace(u: Unlocked): void {
    this.forget();
    this.unlocked = u;
  }

  /** Drops every secret in memory at once (so work under way stops at its next step). */
  forget(): void {
    this.unlocked = null;
    this.forgets++;
    this.onForget();
  }

  /** Locks: forgets here, then in `storage.session`. */
  async end(): Promise<void> {
    this.forget();
    await this.area.remove([SESSION_KEYS.session]);
  }
}
