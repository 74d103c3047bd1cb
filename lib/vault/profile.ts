/**
 * The profile and the lock as requests: status, setup, unlock, lock, the settings, changing the
 * phrase, deleting everything.
 * @module
 */
import type { AutoLockMinutes } from '../wire/limits.ts';
import type { LockState, ProfileView, StatusView } from '../wire/views.ts';
import { setupProfile, unlockProfile } from './auth.ts';
import { requireUnlocked, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { immediate, type Operations, queued } from './operation.ts';
import { changePhrase } from './phrase-change.ts';
import { openProfileSecrets } from './profile-secrets.ts';
import { LOCAL_KEYS, type SettingsRecord } from './schema.ts';

/** Whether there is a profile and whether it is unlocked. Reads no history. */
export async function status(ctx: VaultContext): Promise<StatusView> {
  const head = await ctx.local.head();
  if (!head.profile) return { state: 'no-profile', username: null };
  if (await ctx.sessions.restore(head.profile)) return { state: 'unlocked', username: head.profile.username };
  const wait = head.throttle.notBefore - ctx.now();
  return { state: 'locked', username: head.profile.username, ...(wait > 0 && { retryAfterMs: wait }) };
}

/** Locks at once: forgets the phrase and keys, here and in `storage.session`. */
export async function lock(ctx: VaultContext): Promise<StatusView> {
  await ctx.sessions.end();
  const head = await ctx.local.head();
  const state: LockState = head.profile ? 'locked' : 'no-profile';
  await ctx.notify(state);
  return { state, username: head.profile?.username ?? null };
}

/** The profile as the settings screen shows it (unlocked only: the public key is sealed). */
export async function profileView(ctx: VaultContext): Promise<ProfileView> {
  const { head, profile, unlocked } = await requireUnlocked(ctx);
  const { clmPublicKey } = openProfileSecrets(profile.sealed ?? '', unlocked.history.keys.get(profile.historyKeys.current));
  return {
    username: profile.username,
    clmPublicKey,
    createdAt: profile.createdAt,
    autoLockMinutes: head.settings.autoLockMinutes,
    chatNamesWhenLocked: head.settings.chatNamesWhenLocked,
    kdf: { name: profile.kdf.name, N: profile.kdf.N, r: profile.kdf.r, p: profile.kdf.p },
  };
}

/** The auto-lock setting (readable while locked: it is not secret). */
export async function autoLockMinutes(ctx: VaultContext): Promise<AutoLockMinutes> {
  return (await ctx.local.head()).settings.autoLockMinutes;
}

async function changeSettings(ctx: VaultContext, change: (s: SettingsRecord) => SettingsRecord): Promise<ProfileView> {
  const { head } = await requireUnlocked(ctx);
  const settings = change(head.settings);
  await ctx.local.commit({ [LOCAL_KEYS.settings]: settings }, { ...head, settings });
  return profileView(ctx);
}

/**
 * Deletes everything: history, `storage.local` and `storage.session`. Allowed while locked, so
 * a person who forgot the phrase can start again; the typed word is the safeguard.
 * @throws {VaultError} `confirmation-required` unless `confirmation` is exactly "DELETE"
 */
export async function deleteProfile(ctx: VaultContext, input: { confirmation: string }): Promise<StatusView> {
  if (input.confirmation !== 'DELETE') throw new VaultError('confirmation-required', 'Type DELETE (in capitals) to delete the profile and every message.');
  await ctx.sessions.end();
  await ctx.history.clear();
  await ctx.local.clear();
  await ctx.notify('no-profile');
  return { state: 'no-profile', username: null };
}

export const profileOperations = {
  getStatus: immediate(status),
  setupProfile: queued(setupProfile),
  unlock: queued(unlockProfile),
  // Not queued: a lock takes effect at once, and work under way stops at its next step.
  lock: immediate(lock),
  getProfile: immediate(profileView),
  changePhrase: queued(changePhrase),
  deleteProfile: queued(deleteProfile),
  setAutoLock: queued(async (ctx, input) => {
    const view = await changeSettings(ctx, (s) => ({ ...s, autoLockMinutes: input.minutes }));
    // The alarm follows the new setting at once.
    await ctx.notify('unlocked');
    return view;
  }),
  setChatNamesWhenLocked: queued((ctx, input) => changeSettings(ctx, (s) => ({ ...s, chatNamesWhenLocked: input.show }))),
} satisfies Operations;
