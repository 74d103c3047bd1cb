/**
 * History and trash lists: filtered by chat and text, newest first, loaded a page at a time so
 * that 10,000 messages cost what 50 do until the person scrolls.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, MessageView } from '../lib/wire/protocol.ts';
import { errorMessage } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

const PAGE = 50;

export interface MessageListModel {
  readonly query: ReadonlySignal<string>;
  readonly chatId: ReadonlySignal<string | null>;
  readonly messages: ReadonlySignal<readonly MessageView[] | null>;
  readonly total: ReadonlySignal<number>;
  readonly loading: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<string | null>;
  readonly setQuery: (query: string) => void;
  readonly setChat: (chatId: string | null) => void;
  readonly reload: () => Promise<void>;
  readonly loadMore: () => Promise<void>;
}

export function createMessageListModel(api: Api, options: { trashed: boolean; debounceMs?: number }): MessageListModel {
  const query = signal('');
  const chatId = signal<string | null>(null);
  const messages = signal<readonly MessageView[] | null>(null);
  const total = signal(0);
  const loading = signal(false);
  const error = signal<string | null>(null);
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fetchPage = async (offset: number) => {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await api('listMessages', {
        trashed: options.trashed,
        offset,
        limit: PAGE,
        ...(query.value.trim() !== '' && { query: query.value }),
        ...(chatId.value !== null && { chatId: chatId.value }),
      });
      if (mine !== generation) return; // a newer filter has been asked for
      messages.value = offset === 0 ? page.messages : [...(messages.value ?? []), ...page.messages];
      total.value = page.total;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e, t('error_load_messages'));
    } finally {
      if (mine === generation) loading.value = false;
    }
  };

  return {
    query,
    chatId,
    messages,
    total,
    loading,
    error,
    setQuery(next) {
      query.value = next;
      clearTimeout(timer);
      // Stale answers are dropped (see `generation`), so every keystroke may ask.
      timer = setTimeout(() => void fetchPage(0), options.debounceMs ?? 0);
    },
    setChat(next) {
      chatId.value = next;
      void fetchPage(0);
    },
    reload: () => fetchPage(0),
    async loadMore() {
      const shown = messages.value?.length ?? 0;
      if (loading.value || shown >= total.value) return;
      await fetchPage(shown);
    },
  };
}
