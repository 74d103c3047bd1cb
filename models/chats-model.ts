/** The chat list and what can be done to a chat: create, rename, clear its history, delete it. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, ChatView } from '../lib/wire/protocol.ts';
import type { ChatFormat } from '../lib/wire/limits.ts';
import { errorMessage, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface ChatsModel {
  readonly chats: ReadonlySignal<readonly ChatView[] | null>;
  /** While locked: the chats' names, if the person chose to see them there (else null). */
  readonly lockedNames: ReadonlySignal<readonly string[] | null>;
  readonly error: ReadonlySignal<string | null>;
  /** Why the last create / rename / clear / delete failed. */
  readonly actionError: ReadonlySignal<string | null>;
  readonly busy: ReadonlySignal<boolean>;
  readonly refresh: () => Promise<void>;
  /** The locked screen's list: names only, and only if the person chose that. */
  readonly refreshLocked: () => Promise<void>;
  readonly create: (spec: { name: string; seedSuffix: string; format: ChatFormat; phrase?: string | undefined; weakPhraseAccepted?: boolean; clmId?: string | undefined }) => Promise<ChatView | undefined>;
  readonly setFormat: (chatId: string, format: ChatFormat) => Promise<boolean>;
  readonly setClmId: (chatId: string, clmId: string) => Promise<boolean>;
  /** A new phrase of its own for the chat, or (undefined) the profile's again. */
  readonly setPhrase: (chatId: string, phrase: string | undefined, weakPhraseAccepted?: boolean) => Promise<boolean>;
  readonly reveal: (chatId: string, masterPhrase: string) => Promise<string | undefined>;
  readonly invite: (chatId: string) => Promise<string | undefined>;
  readonly addFromInvite: (invite: string, phrase: string | undefined) => Promise<ChatView | undefined>;
  readonly rename: (chatId: string, name: string) => Promise<boolean>;
  readonly clearHistory: (chatId: string) => Promise<boolean>;
  readonly remove: (chatId: string) => Promise<boolean>;
  readonly clearActionError: () => void;
}

export function createChatsModel(api: Api): ChatsModel {
  const chats = signal<readonly ChatView[] | null>(null);
  const lockedNames = signal<readonly string[] | null>(null);
  const error = signal<string | null>(null);
  const actionError = signal<string | null>(null);
  const busy = signal(false);

  const refresh = async () => {
    try {
      chats.value = await api('listChats', {});
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e, t('error_load_chats'));
    }
  };

  const act = async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    const done = await runAction({ busy, error: actionError }, async () => {
      const value = await task();
      await refresh();
      return value;
    });
    return done.ok ? done.value : undefined;
  };

  return {
    chats,
    lockedNames,
    error,
    actionError,
    busy,
    refresh,
    async refreshLocked() {
      try {
        lockedNames.value = (await api('listChatNames', {})).names;
      } catch {
        lockedNames.value = null;
      }
    },
    create: ({ name, seedSuffix, format, phrase, weakPhraseAccepted = false, clmId }) =>
      act(() =>
        api('createChat', {
          name,
          format,
          ...(seedSuffix.trim() !== '' && { seedSuffix }),
          ...(phrase !== undefined && { phrase }),
          ...(phrase !== undefined && weakPhraseAccepted && { weakPhraseAccepted }),
          ...(clmId !== undefined && clmId.trim() !== '' && { clmId }),
        }),
      ),
    setFormat: async (chatId, format) => (await act(() => api('setChatFormat', { chatId, format }))) !== undefined,
    setClmId: async (chatId, clmId) => (await act(() => api('setChatClmId', { chatId, clmId }))) !== undefined,
    setPhrase: async (chatId, phrase, weakPhraseAccepted = false) =>
      (await act(() => api('setChatPhrase', phrase === undefined ? { chatId } : { chatId, phrase, ...(weakPhraseAccepted && { weakPhraseAccepted }) }))) !== undefined,
    reveal: async (chatId, masterPhrase) => (await act(() => api('revealChatPhrase', { chatId, masterPhrase })))?.phrase,
    invite: async (chatId) => (await act(() => api('getChatInvite', { chatId })))?.invite,
    addFromInvite: (invite, phrase) => act(() => api('addChatFromInvite', phrase === undefined ? { invite } : { invite, phrase })),
    rename: async (chatId, name) => (await act(() => api('renameChat', { chatId, name }))) !== undefined,
    clearHistory: async (chatId) => (await act(() => api('clearChatHistory', { chatId }))) !== undefined,
    remove: async (chatId) => (await act(() => api('deleteChat', { chatId }))) !== undefined,
    clearActionError: () => {
      actionError.value = null;
    },
  };
}
