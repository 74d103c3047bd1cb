/**
 * Changing the profile phrase: a new history key generation, and everything re-sealed under it,
 * in steps that a stop can interrupt anywhere without losing a message.
 *
 * 1. One write stages the change in the profile: the new generation (wrapped under the old
 *    phrase too) and the pending change (every generation wrapped under the new phrase, the new
 *    verifier, the profile's secrets sealed under the new generation).
 * 2. The chats' phrases, then every history record, are re-sealed under the new generation, one
 *    write per record.
 * 3. One write makes the new phrase the profile's and drops the old keys.
 * 4. The session is written for the new profile.
 *
 * A stored session belongs to one profile state: while a change is pending, and after step 3
 * until step 4, the stored session does not agree with the profile, so a worker restarted there
 * drops it (the person unlocks again) rather than writing under a generation about to go. The
 * next unlock, with either phrase, finishes or undoes the change (see auth.ts).
 * @module
 */
import { clmPublicKey } from '../clm/format.ts';
import { fromBase64, toBase64 } from '../encoding/bytes.ts';
import { deriveSealedRoot } from '../sealed/v1.ts';
import type { StatusView } from '../wire/views.ts';
import { cleanNewPhrase, cleanPhrase } from './input.ts';
import { openProfileSecrets, sealProfileSecrets } from './profile-secrets.ts';
import { verifyProfilePhrase } from './verify.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { assertStillUnlocked, requireUnlocked, stopOnLock, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { derivePhraseKeys, newKdfParams, type PhraseKeys, type StopCheck, unwrapHistoryKey, verifierMatches, wrapHistoryKey } from './keys.ts';
import { LOCAL_KEYS, type ProfileRecord } from './schema.ts';
import type { Unlocked } from './session.ts';

/** What a phrase opens: every history key it unwraps, the generation to end in, the profile to end with. */
export interface Opened {
  readonly historyKeys: Map<number, Uint8Array>;
  readonly target: number;
  readonly finalProfile: ProfileRecord;
}

function unwrapAll(keys: PhraseKeys, wrapped: Readonly<Record<string, string>>): Map<number, Uint8Array> | undefined {
  const out = new Map<number, Uint8Array>();
  for (const [generation, w] of Object.entries(wrapped)) {
    const key = unwrapHistoryKey(keys.wrapKey, w, Number(generation));
    if (!key) return undefined;
    out.set(Number(generation), key);
  }
  return out;
}

/**
 * Tries `phrase` as the profile's phrase and, during an interrupted change, as the new one.
 * The old phrase undoes the change (the profile ends as it was); the new one finishes it.
 */
export async function openWithPhrase(profile: ProfileRecord, phrase: string, stop?: StopCheck): Promise<Opened | undefined> {
  const current = await derivePhraseKeys(phrase, profile.kdf, stop);
  if (verifierMatches(current, profile.verifier)) {
    const historyKeys = unwrapAll(current, profile.historyKeys.wrapped);
    current.wrapKey.fill(0);
    if (!historyKeys) return undefined;
    const { pendingChange, ...rest } = profile;
    const dropped = pendingChange ? String(pendingChange.generation) : undefined;
    const wrapped = Object.fromEntries(Object.entries(profile.historyKeys.wrapped).filter(([g]) => g !== dropped));
    return { historyKeys, target: profile.historyKeys.current, finalProfile: { ...rest, historyKeys: { current: profile.historyKeys.current, wrapped } } };
  }
  current.wrapKey.fill(0);
  const pending = profile.pendingChange;
  if (!pending) return undefined;
  const next = await derivePhraseKeys(phrase, pending.kdf, stop);
  if (!verifierMatches(next, pending.verifier)) return undefined;
  const historyKeys = unwrapAll(next, pending.wrapped);
  next.wrapKey.fill(0);
  const newKey = historyKeys?.get(pending.generation);
  const g = String(pending.generation);
  const wrappedNew = Object.hasOwn(pending.wrapped, g) ? pending.wrapped[g] : undefined;
  if (!historyKeys || !newKey || wrappedNew === undefined) return undefined;
  return {
    historyKeys,
    target: pending.generation,
    finalProfile: {
      username: profile.username,
      createdAt: profile.createdAt,
      kdf: pending.kdf,
      verifier: pending.verifier,
      historyKeys: { current: pending.generation, wrapped: { [String(pending.generation)]: wrappedNew } },
      ...(pending.sealed !== undefined && { sealed: pending.sealed }),
      ...(pending.sealedClmPublicKey !== undefined && { sealedClmPublicKey: pending.sealedClmPublicKey }),
    },
  };
}

/**
 * Re-seals the chats' phrases and every history record not yet under `target` (one write each).
 * Stops with `locked` if the session `u` ends meanwhile; what is done stays done.
 */
export async function resealEverything(ctx: VaultContext, u: Unlocked, keys: ReadonlyMap<number, Uint8Array>, target: number): Promise<void> {
  const head = await ctx.local.head();
  if (head.chatSecrets && head.chatSecrets.gen !== target) {
    const resealed = ChatSecrets.reseal(head.chatSecrets, keys, target, ctx.random);
    if (resealed) {
      assertStillUnlocked(ctx, u);
      await ctx.local.commit({ [LOCAL_KEYS.chatSecrets]: resealed }, { ...head, chatSecrets: resealed });
    }
  }
  await ctx.history.resealAll(keys, target, () => {
    assertStillUnlocked(ctx, u);
  });
}

/**
 * Changes the profile phrase (see the module's steps).
 * @throws {VaultError} `locked`, `wrong-phrase`, `throttled`, `phrases-differ`, `weak-phrase`, `invalid-input`, storage errors
 */
export async function changePhrase(ctx: VaultContext, input: { currentPhrase: string; newPhrase: string; confirmPhrase: string; weakPhraseAccepted?: boolean | undefined }): Promise<StatusView> {
  const { unlocked, profile } = await requireUnlocked(ctx);
  const newPhrase = cleanPhrase(input.newPhrase);
  if (newPhrase !== cleanPhrase(input.confirmPhrase)) throw new VaultError('phrases-differ', 'The two new phrases are not the same.');
  cleanNewPhrase(newPhrase, input.weakPhraseAccepted);
  const currentKeys = await verifyProfilePhrase(ctx, profile, input.currentPhrase, 'The current phrase is not right.');
  if (newPhrase === unlocked.phrase) throw new VaultError('invalid-input', 'The new phrase is the same as the current one.');
  const currentKey = unlocked.history.keys.get(unlocked.history.current);
  if (!profile.sealed || !currentKey) throw new VaultError('corrupt-storage', "The profile's keys are missing.");
  const secrets = openProfileSecrets(profile.sealed, currentKey);

  const kdf = newKdfParams(ctx.random, ctx.kdfCost);
  const newKeys = await derivePhraseKeys(newPhrase, kdf, stopOnLock(ctx));
  const newRoot = await deriveSealedRoot(newPhrase);
  const generation = Math.max(...unlocked.history.keys.keys()) + 1;
  const historyKey = ctx.random(32);
  const allKeys = new Map(unlocked.history.keys).set(generation, historyKey);

  // Step 1.
  const wrappedUnderNew: Record<string, string> = {};
  for (const [g, key] of allKeys) wrappedUnderNew[String(g)] = wrapHistoryKey(newKeys.wrapKey, key, g, ctx.random);
  const pending = {
    kdf,
    verifier: toBase64(newKeys.verifier),
    generation,
    wrapped: wrappedUnderNew,
    sealed: sealProfileSecrets(historyKey, { ...secrets, clmPublicKey: clmPublicKey(unlocked.username, newPhrase), profileRoot: toBase64(newRoot) }, ctx.random),
  };
  const staged: ProfileRecord = {
    ...profile,
    historyKeys: {
      current: profile.historyKeys.current,
      wrapped: { ...profile.historyKeys.wrapped, [String(generation)]: wrapHistoryKey(currentKeys.wrapKey, historyKey, generation, ctx.random) },
    },
    pendingChange: pending,
  };
  currentKeys.wrapKey.fill(0);
  newKeys.wrapKey.fill(0);
  assertStillUnlocked(ctx, unlocked);
  let head = await ctx.local.head();
  await ctx.local.commit({ [LOCAL_KEYS.profile]: staged }, { ...head, profile: staged });
  await ctx.checkpoint('phrase-change:staged');
  // The work session can open both generations; what it writes from here on goes under the new.
  const working: Unlocked = { ...unlocked, history: { ...unlocked.history, keys: allKeys, current: generation } };
  ctx.sessions.replace(working);

  // Step 2.
  await resealEverything(ctx, working, allKeys, generation);

  // Step 3.
  const wrappedNew = Object.hasOwn(wrappedUnderNew, String(generation)) ? wrappedUnderNew[String(generation)] : undefined;
  if (wrappedNew === undefined) throw new VaultError('corrupt-storage', 'The new history key is missing.');
  const { pendingChange: _done, ...base } = staged;
  const final: ProfileRecord = { ...base, kdf, verifier: pending.verifier, historyKeys: { current: generation, wrapped: { [String(generation)]: wrappedNew } }, sealed: pending.sealed };
  await ctx.checkpoint('phrase-change:before-final');
  assertStillUnlocked(ctx, working);
  head = await ctx.local.head();
  await ctx.local.commit({ [LOCAL_KEYS.profile]: final }, { ...head, profile: final });
  await ctx.checkpoint('phrase-change:final-written');

  // Step 4.
  await ctx.sessions.start(
    {
      username: unlocked.username,
      phrase: newPhrase,
      history: { keys: new Map([[generation, historyKey]]), current: generation, indexKey: fromBase64(secrets.indexKey) },
      profileRoot: newRoot,
      unlockedAt: unlocked.unlockedAt,
    },
    final,
  );
  return { state: 'unlocked', username: profile.username };
}
