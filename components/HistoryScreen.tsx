import { useEffect, useRef, useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import type { ChatView, MessageView } from '../lib/wire/protocol.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { MessageRow } from './MessageRow.tsx';

interface HistoryScreenProps {
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly chats: readonly ChatView[];
  readonly chatId: string | null;
  readonly onChat: (chatId: string | null) => void;
  readonly messages: readonly MessageView[] | null;
  readonly total: number;
  readonly loading: boolean;
  readonly error: string | null;
  readonly onLoadMore: () => void;
  readonly onOpen: (id: number) => void;
}

/** Loads the next page when the end of the list scrolls into view (the button does it by keyboard). */
function useLoadOnScroll(onLoadMore: () => void, active: boolean) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !active) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadMore();
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
    };
  }, [onLoadMore, active]);
  return sentinel;
}

/** All messages: search, filter by chat, open one by its number. */
export function HistoryScreen(props: HistoryScreenProps) {
  const { query, onQuery, chats, chatId, onChat, messages, total, loading, error, onLoadMore, onOpen } = props;
  const [byId, setById] = useState('');
  const more = messages !== null && messages.length < total;
  const sentinel = useLoadOnScroll(onLoadMore, more && !loading);
  return (
    <div class="stack">
      <div class="filters">
        <label class="filters__search">
          <span class="visually-hidden">{t('history_search')}</span>
          <input
            type="search"
            placeholder={t('history_search')}
            value={query}
            onInput={(e) => {
              onQuery(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          <span class="visually-hidden">{t('history_chat')}</span>
          <select
            value={chatId ?? ''}
            onChange={(e) => {
              onChat(e.currentTarget.value === '' ? null : e.currentTarget.value);
            }}
          >
            <option value="">{t('history_all_chats')}</option>
            {chats.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <form
        class="inline-form inline-form--compact"
        aria-label={t('history_open_by_number')}
        onSubmit={(e) => {
          e.preventDefault();
          const id = Number(byId.replace(/^#/, ''));
          if (Number.isSafeInteger(id) && id > 0) onOpen(id);
        }}
      >
        <label>
          <span class="visually-hidden">{t('history_message_number')}</span>
          <input type="text" inputMode="numeric" placeholder={t('history_number_placeholder')} value={byId} onInput={(e) => { setById(e.currentTarget.value); }} size={6} />
        </label>
        <button type="submit" class="button button--small" disabled={!/^#?\d+$/.test(byId.trim())}>
          {t('history_open')}
        </button>
      </form>
      {error && <ErrorNotice message={error} />}
      {messages !== null && (
        <p class="muted small" role="status">
          {query.trim() !== '' || chatId !== null ? plural('matches_count', total) : plural('messages_count', total)}
        </p>
      )}
      {messages?.length === 0 && (
        <EmptyState title={query.trim() !== '' ? t('history_nothing_matches') : t('history_empty_title')}>
          {query.trim() === '' && <p>{t('history_empty_body')}</p>}
        </EmptyState>
      )}
      {messages && messages.length > 0 && (
        <ul class="rows" aria-label={t('history_list_label')}>
          {messages.map((m) => (
            <MessageRow
              key={m.id}
              message={m}
              onOpen={() => {
                onOpen(m.id);
              }}
            />
          ))}
        </ul>
      )}
      {more && (
        <div ref={sentinel} class="actions actions--center">
          <button type="button" class="button button--small" onClick={onLoadMore} disabled={loading}>
            {loading ? t('loading') : t('load_more')}
          </button>
        </div>
      )}
    </div>
  );
}
