import { useEffect, useRef, useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import type { ChatView, MessageView } from '../lib/wire/protocol.ts';
import { Fragment } from 'preact';
import { dayKey, FORMAT_LABELS, formatDay, isoTime, PHRASE_LABELS } from './format.ts';
import { Composer } from './Composer.tsx';
import { ChatSettings, type ChatSettingsProps } from './ChatSettings.tsx';
import { DiscoverPanel, type DiscoverPanelProps } from './DiscoverPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { PointerBox } from './PointerBox.tsx';

interface ChatScreenProps {
  readonly chat: ChatView | undefined;
  readonly messages: readonly MessageView[] | null;
  readonly earlier: number;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onLoadEarlier: () => void;
  readonly onOpenMessage: (id: number) => void;
  readonly composer: { readonly busy: boolean; readonly error: string | null; readonly onSend: (text: string) => Promise<boolean> };
  readonly lastPointer: string | null;
  /** `clm-terminal`: the pointer is longer than CLM 2.0.1 can read from its terminal. */
  readonly lastPointerWarning: 'clm-terminal' | null;
  readonly pointerCopied: boolean;
  readonly onCopyPointer: (pointer: string) => void;
  readonly copyError: string | null;
  readonly discover: DiscoverPanelProps;
  readonly manage: Omit<ChatSettingsProps, 'chat'>;
}

/** The line under a chat's name: what kind of chat it is and what its pointers show, in plain words. */
function chatSummary(chat: ChatView): string {
  if (chat.contact) {
    // A contact chat always seals with version 2; its secret is the two cards, not a phrase.
    const parts = [t('summary_contact')];
    if (chat.contact.verified) parts.push(t('summary_verified'));
    if (chat.contact.needsMyNewCard) parts.push(t('chat_needs_new_card'));
    return parts.join(' · ');
  }
  return `${t(FORMAT_LABELS[chat.format])} · ${t(PHRASE_LABELS[chat.phrase])}${chat.format === 'clm' ? ` · ${t('bubble_not_protected')}` : ''}`;
}

/** One chat: its messages, writing one (and the pointer to publish), and receiving. */
export function ChatScreen(props: ChatScreenProps) {
  const { chat, messages, earlier, error, onBack, onLoadEarlier, onOpenMessage, composer, lastPointer, discover, manage } = props;
  const [tools, setTools] = useState<'none' | 'discover' | 'manage'>('none');
  const end = useRef<HTMLDivElement>(null);
  const count = messages?.length ?? 0;
  // What Receive just found in this chat: marked in the conversation, and scrolled to.
  const found = (discover.result?.results ?? []).filter((r) => r.message?.chatId === chat?.id && (r.status === 'discovered' || r.status === 'duplicate'));
  const highlightId = found.at(-1)?.message?.id ?? null;
  const [focusId, setFocusId] = useState<number | null>(null);
  useEffect(() => {
    setFocusId(highlightId);
    // Everything found landed here: the panel closes, and the conversation shows it.
    const result = discover.result;
    if (highlightId !== null && result && found.length === result.results.length && result.unreadable.length === 0) setTools('none');
  }, [discover.result]);
  useEffect(() => {
    setFocusId(null);
  }, [lastPointer]);
  useEffect(() => {
    // Newest at the bottom, as in any messenger; after a send, the pointer to publish; after a
    // Receive, the message it found (which may be older than the newest).
    const target = focusId === null ? null : document.getElementById(`message-${focusId}`);
    if (target) target.scrollIntoView({ block: 'center' });
    else end.current?.scrollIntoView({ block: 'end' });
  }, [count, lastPointer, focusId]);
  const closeTools = () => {
    setTools('none');
  };
  if (!chat) {
    return (
      <div class="stack">
        <button type="button" class="button button--small back" onClick={onBack}>
          ← {t('tab_chats')}
        </button>
        <EmptyState title={t('chat_gone')} />
      </div>
    );
  }
  return (
    <div class="stack">
      <div class="chat-head">
        <button type="button" class="button button--small back" onClick={onBack} aria-label={t('chat_back')}>
          ←
        </button>
        <div class="chat-head__title">
          {/* Cut with an ellipsis; the whole name on hover, and on focus for the keyboard. */}
          <h2 title={chat.name} tabIndex={0}>
            {chat.name}
          </h2>
        </div>
        <button
          type="button"
          class="button button--small"
          aria-expanded={tools === 'discover'}
          onClick={() => {
            setTools(tools === 'discover' ? 'none' : 'discover');
          }}
        >
          {t('chat_receive')}
        </button>
        <button
          type="button"
          class="button button--small"
          aria-expanded={tools === 'manage'}
          onClick={() => {
            setTools(tools === 'manage' ? 'none' : 'manage');
          }}
        >
          {t('chat_manage')}
        </button>
        <p class="chat-head__summary muted small">{chatSummary(chat)}</p>
      </div>
      {tools === 'discover' && <DiscoverPanel {...discover} currentChatId={chat.id} onClose={closeTools} />}
      {tools === 'manage' && <ChatSettings key={chat.id} chat={chat} {...manage} onClose={closeTools} />}
      <p class="visually-hidden" role="status">
        {highlightId !== null && focusId === highlightId ? plural('chat_found_status', found.length) : ''}
      </p>
      {error && <ErrorNotice message={error} />}
      {messages !== null && messages.length === 0 && (
        <EmptyState title={t('chat_empty_title')}>
          <p>{t('chat_empty_body')}</p>
        </EmptyState>
      )}
      {messages !== null && messages.length > 0 && (
        <ol class="conversation" aria-label={t('chat_messages_label', chat.name)}>
          {earlier > 0 && (
            <li class="conversation__earlier">
              <button type="button" class="button button--small" onClick={onLoadEarlier}>
                {plural('chat_show_earlier', earlier)}
              </button>
            </li>
          )}
          {messages.map((m, i) => {
            const when = m.epoch * 1000;
            const newDay = i === 0 || dayKey(when) !== dayKey((messages[i - 1]?.epoch ?? 0) * 1000);
            return (
              <Fragment key={m.id}>
                {newDay && (
                  <li class="day-separator">
                    <time dateTime={isoTime(dayKey(when))}>{formatDay(when)}</time>
                  </li>
                )}
                <MessageBubble
                  message={m}
                  showIntegrityNote={chat.format !== 'clm'}
                  highlighted={m.id === highlightId}
                  onOpen={() => {
                    onOpenMessage(m.id);
                  }}
                />
              </Fragment>
            );
          })}
        </ol>
      )}
      {lastPointer && (
        <div class="stack">
          <PointerBox
            label={t('chat_publish_pointer')}
            qrLabel={t('message_qr_label')}
            pointer={lastPointer}
            copied={props.pointerCopied}
            onCopy={() => {
              props.onCopyPointer(lastPointer);
            }}
          />
          {props.lastPointerWarning === 'clm-terminal' && (
            <p class="warning" role="note">
              {t('chat_pointer_too_long_for_clm', lastPointer.length, 4000)}
            </p>
          )}
          {props.copyError && <ErrorNotice message={props.copyError} />}
        </div>
      )}
      <div ref={end} class="scroll-anchor" aria-hidden="true" />
      <Composer {...composer} />
    </div>
  );
}
