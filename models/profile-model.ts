/** Profile and settings: the public key, auto-lock, changing the phrase, deleting everything. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, ProfileView } from '../lib/wire/protocol.ts';
import type { AutoLockMinutes } from '../lib/wire/limits.ts';
import { errorMessage, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface ProfileModel {
  readonly profile: ReadonlySignal<ProfileView | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly changing: ReadonlySignal<boolean>;
  readonly changeError: ReadonlySignal<string | null>;
  readonly changed: ReadonlySignal<boolean>;
  readonly deleting: ReadonlySignal<boolean>;
  readonly deleteError: ReadonlySignal<string | null>;
  readonly load: () => Promise<void>;
  readonly setAutoLock: (minutes: AutoLockMinutes) => Promise<void>;
  readonly setChatNamesWhenLocked: (show: boolean) => Promise<void>;
  /** `weakPhraseAccepted`: the person said "use it anyway" to a weak new phrase. */
  readonly changePhrase: (currentPhrase: string, newPhrase: string, confirmPhrase: string, weakPhraseAccepted?: boolean) => Promise<boolean>;
  readonly deleteProfile: (confirmation: string) => Promise<boolean>;
}

export function createProfileModel(api: Api, onProfileGone: () => Promise<void>): ProfileModel {
  const profile = signal<ProfileView | null>(null);
  const error = signal<string | null>(null);
  const changing = signal(false);
  const changeError = signal<string | null>(null);
  const changed = signal(false);
  const deleting = signal(false);
  const deleteError = signal<string | null>(null);
  return {
    profile,
    error,
    changing,
    changeError,
    changed,
    deleting,
    deleteError,
    async load() {
      try {
        profile.value = await api('getProfile', {});
        error.value = null;
      } catch (e) {
        error.value = errorMessage(e, t('error_generic'));
      }
    },
    async setAutoLock(minutes) {
      try {
        profile.value = await api('setAutoLock', { minutes });
        error.value = null;
      } catch (e) {
        error.value = errorMessage(e, t('error_generic'));
      }
    },
    async setChatNamesWhenLocked(show) {
      try {
        profile.value = await api('setChatNamesWhenLocked', { show });
        error.value = null;
      } catch (e) {
        error.value = errorMessage(e, t('error_generic'));
      }
    },
    async changePhrase(currentPhrase, newPhrase, confirmPhrase, weakPhraseAccepted = false) {
      changed.value = false;
      const done = await runAction({ busy: changing, error: changeError }, async () => {
        await api('changePhrase', { currentPhrase, newPhrase, confirmPhrase, ...(weakPhraseAccepted && { weakPhraseAccepted }) });
        changed.value = true;
        profile.value = await api('getProfile', {});
      });
      return done.ok;
    },
    async deleteProfile(confirmation) {
      const done = await runAction({ busy: deleting, error: deleteError }, async () => {
        await api('deleteProfile', { confirmation });
        profile.value = null;
        await onProfileGone();
      });
      return done.ok;
    },
  };
}
