/**
 * Opening the vault: setting up a profile, and unlocking it (finishing an interrupted phrase
 * change and bringing an earlier version's profile up to date on the way).
 * @module
 */
import { clmPublicKey, DEFAULT_CHATS } from '../clm/format.ts';
import { fromBase64, toBase64 } from '../encoding/bytes.ts';
import { pythonStrip } from '../encoding/python-text.ts';
import { deriveSealedRoot } from '../sealed/v1.ts';
import type { StatusView } from '../wire/views.ts';
import { openText } from './box.ts';
import { assertStillUnlocked, stopOnLock, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { cleanNewPhrase, cleanPhrase, cleanUsername } from './input.ts';
import { derivePhraseKeys, newKdfParams, wrapHistoryKey } from './keys.ts';
import { openWithPhrase, resealEverything } from './phrase-change.ts';
import { freshIdentities } from './contacts.ts';
import { openProfileSecrets, sealProfileSecrets } from './profile-secrets.ts';
import { type CatalogRecord, DEFAULT_SETTINGS, type IdentitiesRecord, LOCAL_KEYS, type ProfileRecord, type ProfileSecrets, type SealedRecord, type SettingsRecord } from './schema.ts';
import type { Unlocked } from './session.ts';
import { NO_THROTTLE } from './store.ts';
import { finishLegacyChange, isLegacyProfile, upgradeLegacyData } from './upgrade.ts';
import { assertNotThrottled, clearFailures, failedAttempt } from './verify.ts';

/**
 * Creates the profile: the slow verifier, a first history key, the profile phrase's sealed root,
 * CLM's default chats; and unlocks.
 * @throws {VaultError} `profile-exists`, `invalid-input`, `phrases-differ`, `weak-phrase`, storage errors
 */
/**
 * What a restore gives a new profile instead of the defaults, all in the profile's first write: a
 * profile that exists at all has them (a stop right after it loses nothing). `prepare` runs with
 * the new keys before that write (a restore marks the backup's used seconds there).
 */
export interface ProfileSeed {
  readonly identity?: IdentitiesRecord | undefined;
  readonly settings?: SettingsRecord | undefined;
  readonly prepare?: ((u: Unlocked) => Promise<{ catalog: CatalogRecord; chatSecrets: SealedRecord | null }>) | undefined;
}

export async function setupProfile(ctx: VaultContext, input: { username: string; phrase: string; confirmPhrase: string; weakPhraseAccepted?: boolean | undefined; defaultChatNames?: readonly string[] | undefined }, seed: ProfileSeed = {}): Promise<StatusView> {
  const head = await ctx.local.head();
  if (head.profile) throw new VaultError('profile-exists', 'A profile already exists on this browser.');
  const username = cleanUsername(input.username);
  const phrase = cleanPhrase(input.phrase);
  if (phrase !== cleanPhrase(input.confirmPhrase)) throw new VaultError('phrases-differ', 'The two phrases are not the same.');
  cleanNewPhrase(phrase, input.weakPhraseAccepted);
  const kdf = newKdfParams(ctx.random, ctx.kdfCost);
  const keys = await derivePhraseKeys(phrase, kdf, stopOnLock(ctx));
  const profileRoot = await deriveSealedRoot(phrase);
  const historyKey = ctx.random(32);
  const indexKey = ctx.random(32);
  const now = ctx.now();
  const profile: ProfileRecord = {
    username,
    createdAt: now,
    kdf,
    verifier: toBase64(keys.verifier),
    historyKeys: { current: 1, wrapped: { '1': wrapHistoryKey(keys.wrapKey, historyKey, 1, ctx.random) } },
    sealed: sealProfileSecrets(
      historyKey,
      // The identity for contact cards: random, never from the phrase (which a CLM group shares).
      { clmPublicKey: clmPublicKey(username, phrase), indexKey: toBase64(indexKey), profileRoot: toBase64(profileRoot), identity: seed.identity ?? freshIdentities(ctx) },
      ctx.random,
    ),
  };
  keys.wrapKey.fill(0);
  let catalog: CatalogRecord = {
    // CLM's own chats speak CLM 2.0.1, so a CLM user can talk to us out of the box.
    // Their names may come in the person's language; ids and seed suffixes are CLM's.
    chats: DEFAULT_CHATS.map((c, serial) => ({ ...c, name: input.defaultChatNames?.[serial] ?? c.name, createdAt: now, format: 'clm' as const, phrase: 'master' as const, serial })),
    nextSerial: DEFAULT_CHATS.length,
  };
  let chatSecrets: SealedRecord | null = null;
  const settings = seed.settings ?? DEFAULT_SETTINGS;
  const unlocked: Unlocked = { username, phrase, history: { keys: new Map([[1, historyKey]]), current: 1, indexKey }, profileRoot, unlockedAt: now };
  // Whatever history a store holds without a profile belongs to no one (a profile deleted by hand).
  await ctx.history.clear();
  if (seed.prepare) {
    // The new keys are the session in memory while `prepare` writes under them; a stop here
    // leaves no profile (its history is cleared by the next setup).
    ctx.sessions.replace(unlocked);
    try {
      ({ catalog, chatSecrets } = await seed.prepare(unlocked));
    } catch (error) {
      if (ctx.sessions.isCurrent(unlocked)) ctx.sessions.forget();
      throw error;
    }
  }
  await ctx.local.commit(
    {
      [LOCAL_KEYS.profile]: profile,
      [LOCAL_KEYS.catalog]: catalog,
      [LOCAL_KEYS.settings]: settings,
      [LOCAL_KEYS.throttle]: NO_THROTTLE,
      ...(chatSecrets && { [LOCAL_KEYS.chatSecrets]: chatSecrets }),
    },
    { profile, catalog, settings, throttle: NO_THROTTLE, chatSecrets, legacyChatPhrases: null },
  );
  await ctx.sessions.start(unlocked, profile);
  await ctx.notify('unlocked');
  return { state: 'unlocked', username };
}

/**
 * Checks the phrase against the slow verifier and unlocks. Finishes (or undoes) a phrase change
 * that a stop interrupted, whichever of the two phrases is given, and brings a profile of an
 * earlier version up to date — each step resumable, so a stop anywhere loses nothing.
 * @throws {VaultError} `no-profile`, `throttled`, `wrong-phrase` (with `retryAfterMs`), storage errors
 */
export async function unlockProfile(ctx: VaultContext, input: { phrase: string }): Promise<StatusView> {
  let head = await ctx.local.head();
  let profile = head.profile;
  if (!profile) throw new VaultError('no-profile', 'Create a profile first.');
  if (await ctx.sessions.restore(profile)) return { state: 'unlocked', username: profile.username };
  assertNotThrottled(ctx, head);
  const phrase = pythonStrip(input.phrase);
  let opened = phrase === '' ? undefined : await openWithPhrase(profile, phrase, stopOnLock(ctx));
  if (!opened) return failedAttempt(ctx, 'That phrase does not unlock this profile.');

  if (isLegacyProfile(profile) && profile.pendingChange) {
    // A phrase change of an earlier version, interrupted: finish it the way that version would.
    await finishLegacyChange(ctx, head, opened);
    head = await ctx.local.head();
    profile = head.profile ?? profile;
    opened = { historyKeys: new Map([[opened.target, opened.historyKeys.get(opened.target) ?? new Uint8Array()]]), target: opened.target, finalProfile: profile };
  }
  const targetKey = opened.historyKeys.get(opened.target);
  if (!targetKey) throw new VaultError('corrupt-storage', 'A history key is missing.');
  let finalProfile = opened.finalProfile;
  let secrets: ProfileSecrets;
  if (finalProfile.sealed === undefined) {
    // An earlier version's profile: its sealed secrets are made once, now (the index key must be
    // on disk before any history record is written under it).
    const legacyKey = finalProfile.sealedClmPublicKey && openText(targetKey, finalProfile.sealedClmPublicKey, 'clm-ext/v1/clm-public-key');
    secrets = {
      clmPublicKey: legacyKey ?? clmPublicKey(profile.username, phrase),
      indexKey: toBase64(ctx.random(32)),
      profileRoot: toBase64(await deriveSealedRoot(phrase)),
    };
    const { sealedClmPublicKey: _legacy, ...rest } = finalProfile;
    finalProfile = { ...rest, sealed: sealProfileSecrets(targetKey, secrets, ctx.random) };
    await ctx.local.commit({ [LOCAL_KEYS.profile]: finalProfile }, { ...head, profile: finalProfile });
    profile = finalProfile;
  } else {
    secrets = openProfileSecrets(finalProfile.sealed, targetKey);
  }

  // From here on, work is done under the keys of this unlock (in memory; the stored session is
  // written only at the end, for the profile as it then is).
  const working: Unlocked = {
    username: profile.username,
    phrase,
    history: { keys: opened.historyKeys, current: opened.target, indexKey: fromBase64(secrets.indexKey) },
    profileRoot: fromBase64(secrets.profileRoot),
    unlockedAt: ctx.now(),
  };
  ctx.sessions.replace(working);
  try {
    await upgradeLegacyData(ctx, working);
    if (profile.pendingChange) {
      await resealEverything(ctx, working, opened.historyKeys, opened.target);
      assertStillUnlocked(ctx, working);
      head = await ctx.local.head();
      await ctx.local.commit({ [LOCAL_KEYS.profile]: finalProfile }, { ...head, profile: finalProfile });
    }
    await clearFailures(ctx);
    const unlocked: Unlocked = { ...working, history: { ...working.history, keys: new Map([[opened.target, targetKey]]) } };
    await ctx.sessions.start(unlocked, finalProfile);
  } catch (error) {
    if (ctx.sessions.isCurrent(working)) ctx.sessions.forget();
    throw error;
  }
  await ctx.notify('unlocked');
  return { state: 'unlocked', username: profile.username };
}
