/**
 * The one check of the profile phrase: against the slow verifier, in constant time, with the
 * failure delay (1 s, 2 s, 4 s … after the second mistake, kept on disk) for every kind of
 * attempt — unlocking, changing the phrase, revealing a chat's phrase.
 * @module
 */
import { pythonStrip } from '../encoding/python-text.ts';
import { stopOnLock, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { derivePhraseKeys, type PhraseKeys, verifierMatches } from './keys.ts';
import { LOCAL_KEYS, type ProfileRecord } from './schema.ts';
import { type Head, NO_THROTTLE } from './store.ts';
import { unlockDelayMs } from './throttle.ts';

/** Refuses to check a phrase before the failure delay has passed. */
export function assertNotThrottled(ctx: VaultContext, head: Head): void {
  const wait = head.throttle.notBefore - ctx.now();
  if (wait > 0) throw new VaultError('throttled', `Too many wrong phrases. Try again in ${Math.ceil(wait / 1000)} s.`, { retryAfterMs: wait });
}

/** Counts a wrong phrase (persistently) and throws `wrong-phrase` with the delay now imposed. */
export async function failedAttempt(ctx: VaultContext, sentence: string): Promise<never> {
  const head = await ctx.local.head();
  const failures = head.throttle.failures + 1;
  const delay = unlockDelayMs(failures);
  const throttle = { failures, notBefore: ctx.now() + delay };
  await ctx.local.commit({ [LOCAL_KEYS.throttle]: throttle }, { ...head, throttle });
  throw new VaultError('wrong-phrase', delay > 0 ? `${sentence} Wait ${Math.ceil(delay / 1000)} s before the next try.` : sentence, { retryAfterMs: delay });
}

export async function clearFailures(ctx: VaultContext): Promise<void> {
  const head = await ctx.local.head();
  if (head.throttle.failures > 0 || head.throttle.notBefore > 0) await ctx.local.commit({ [LOCAL_KEYS.throttle]: NO_THROTTLE }, { ...head, throttle: NO_THROTTLE });
}

/**
 * The one check of the profile phrase asked again (to change it, to reveal a chat's phrase):
 * against the slow verifier, in constant time, counted like an unlock attempt.
 * A Lock during the check stops it; it is not counted as a mistake.
 * @throws {VaultError} `throttled`, `wrong-phrase` (with `sentence`), `locked`
 */
export async function verifyProfilePhrase(ctx: VaultContext, profile: ProfileRecord, phrase: string, sentence: string): Promise<PhraseKeys> {
  assertNotThrottled(ctx, await ctx.local.head());
  const keys = await derivePhraseKeys(pythonStrip(phrase), profile.kdf, stopOnLock(ctx));
  if (!verifierMatches(keys, profile.verifier)) return failedAttempt(ctx, sentence);
  await clearFailures(ctx);
  return keys;
}

