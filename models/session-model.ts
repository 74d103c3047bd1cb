/**
 * The popup's view of the vault: its state, and the setup / unlock / lock actions with their
 * progress and errors. Everything is asked of the background; nothing is derived here.
 */
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Api, StatusView } from '../lib/wire/protocol.ts';
import { errorMessage } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export type SessionAction = 'setup' | 'unlock' | 'lock';

export interface SessionModel {
  /** null until the background has answered. */
  readonly status: ReadonlySignal<StatusView | null>;
  /** The background could not be asked at all. */
  readonly loadError: ReadonlySignal<string | null>;
  /** The action under way (the KDF takes most of a second). */
  readonly busy: ReadonlySignal<SessionAction | null>;
  /** Why the last setup or unlock failed, in a sentence. */
  readonly formError: ReadonlySignal<string | null>;
  /** Whole seconds until the next unlock attempt is checked (0: now). */
  readonly waitSeconds: ReadonlySignal<number>;
  readonly refresh: () => Promise<void>;
  /** `weakPhraseAccepted`: the person said "use it anyway" to a weak phrase. */
  readonly setup: (username: string, phrase: string, confirmPhrase: string, weakPhraseAccepted?: boolean) => Promise<boolean>;
  readonly unlock: (phrase: string) => Promise<boolean>;
  readonly lock: () => Promise<void>;
}

/**
 * `first`: the state already being asked while the page loaded (platform/client.ts,
 * takeEarlyStatus); the first refresh uses it instead of asking again.
 */
export function createSessionModel(api: Api, clock: { now(): number } = Date, first?: Promise<StatusView>): SessionModel {
  const status = signal<StatusView | null>(null);
  const loadError = signal<string | null>(null);
  const busy = signal<SessionAction | null>(null);
  const formError = signal<string | null>(null);
  const retryAt = signal(0);
  const now = signal(clock.now());
  let ticker: ReturnType<typeof setInterval> | undefined;

  const waitSeconds = computed(() => Math.max(0, Math.ceil((retryAt.value - now.value) / 1000)));

  /** Counts down while a failure delay runs (a display timer only; the background enforces it). */
  const startCountdown = (ms: number) => {
    retryAt.value = clock.now() + ms;
    now.value = clock.now();
    if (ticker !== undefined) clearInterval(ticker);
    ticker = setInterval(() => {
      now.value = clock.now();
      if (now.value >= retryAt.value && ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
    }, 250);
  };

  const run = async (action: SessionAction, task: () => Promise<StatusView>): Promise<boolean> => {
    busy.value = action;
    formError.value = null;
    try {
      status.value = await task();
      return true;
    } catch (error) {
      formError.value = errorMessage(error, t('error_something'));
      const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
      if (typeof retryAfterMs === 'number' && retryAfterMs > 0) startCountdown(retryAfterMs);
      // The state may have moved under us (locked by another window, profile deleted).
      await refresh();
      return false;
    } finally {
      busy.value = null;
    }
  };

  let early = first;
  const refresh = async () => {
    try {
      const pending = early ?? api('getStatus', {});
      early = undefined;
      const next = await pending;
      status.value = next;
      loadError.value = null;
      if (next.retryAfterMs !== undefined) startCountdown(next.retryAfterMs);
    } catch (error) {
      loadError.value = errorMessage(error, t('error_something'));
    }
  };

  return {
    status,
    loadError,
    busy,
    formError,
    waitSeconds,
    refresh,
    setup: (username, phrase, confirmPhrase, weakPhraseAccepted = false) =>
      run('setup', () => api('setupProfile', { username, phrase, confirmPhrase, ...(weakPhraseAccepted && { weakPhraseAccepted }), defaultChatNames: [t('default_chat_urgent'), t('default_chat_general'), t('default_chat_secrets')] })),
    unlock: (phrase) => run('unlock', () => api('unlock', { phrase })),
    lock: async () => {
      await run('lock', () => api('lock', {}));
    },
  };
}
