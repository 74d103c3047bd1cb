/** How every model runs a request a person started, and words its failure. */
import type { Signal } from '@preact/signals';
import { type MessageKey, speaksEnglish, t, withDetail } from '../lib/i18n/i18n.ts';
import type { ErrorCode } from '../lib/wire/protocol.ts';

/**
 * A sentence per error code of the background, for interfaces not in English (the background's
 * own sentences are English). `null`: the code says nothing a person can act on, so the place's
 * own sentence ("The message was not sent.") is clearer.
 */
const ERROR_SENTENCES: Record<ErrorCode | 'no-answer', MessageKey | null> = {
  'no-answer': 'error_no_answer',
  'unknown-request': null,
  'invalid-request': null,
  'invalid-reply': 'error_bad_reply',
  internal: null,
  'no-profile': 'error_no_profile',
  'profile-exists': 'error_profile_exists',
  locked: 'error_locked',
  'wrong-phrase': 'error_wrong_phrase',
  throttled: 'error_throttled',
  'phrases-differ': 'error_phrases_differ',
  'weak-phrase': 'phrase_weak_refused',
  'invalid-input': null,
  'not-found': 'error_not_found',
  'bad-pointer': null,
  'message-too-long': 'error_message_too_long',
  'confirmation-required': 'error_confirmation_required',
  'storage-full': 'error_storage_full',
  'storage-failed': 'error_storage_failed',
  'corrupt-storage': 'error_corrupt_storage',
  'phrase-mismatch': 'error_phrase_mismatch',
  'unsupported-version': 'error_unsupported_version',
};

/** The sentence for an error's code, if it is one of the background's. */
function sentenceFor(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'RequestError') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !Object.hasOwn(ERROR_SENTENCES, code)) return undefined;
  const key = ERROR_SENTENCES[code as keyof typeof ERROR_SENTENCES];
  return key === null ? undefined : t(key);
}

/**
 * What to tell a person when a request failed. In English, the background's own sentence (they
 * are written for people). In another language, a sentence of that language for the error's
 * code, or `fallback` (this place's own sentence); the English original goes behind "Details".
 */
export function errorMessage(error: unknown, fallback: string): string {
  if (speaksEnglish()) return error instanceof Error ? error.message : fallback;
  const sentence = sentenceFor(error) ?? fallback;
  return error instanceof Error ? withDetail(sentence, error.message) : sentence;
}

export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Runs `task` as a person's action: `busy` (if given) is true meanwhile, `error` is cleared before
 * and holds the reason after a failure. Never rejects — a failure is shown, not thrown.
 */
export async function runAction<T>(
  state: { readonly busy?: Signal<boolean>; readonly error: Signal<string | null> },
  task: () => Promise<T>,
  fallback = t('error_generic'),
): Promise<ActionResult<T>> {
  if (state.busy) state.busy.value = true;
  state.error.value = null;
  try {
    return { ok: true, value: await task() };
  } catch (e) {
    state.error.value = errorMessage(e, fallback);
    return { ok: false };
  } finally {
    if (state.busy) state.busy.value = false;
  }
}

/**
 * Orders the answers of a repeated read: `start()` marks a new read and returns `isNewest`,
 * true only while no later read has started. A read that began first may answer last (the
 * background answers reads at once and writes in turn); without this, an old, emptier answer
 * would overwrite a newer one — a message just sent would vanish from the conversation.
 */
export function newestWins(): { readonly start: () => () => boolean } {
  let generation = 0;
  return {
    start() {
      const mine = ++generation;
      return () => mine === generation;
    },
  };
}
