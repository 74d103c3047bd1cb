import { plural, t } from '../lib/i18n/i18n.ts';
import type { ChatView } from '../lib/wire/protocol.ts';
import { FORMAT_LABELS, formatWhen, PHRASE_LABELS } from './format.ts';

interface ChatListProps {
  readonly chats: readonly ChatView[];
  /** Without it, the list is read-only (the locked screen). */
  readonly onOpen?: (chatId: string) => void;
}

/** The chats with their message counts and when the last message came. */
export function ChatList({ chats, onOpen }: ChatListProps) {
  return (
    <ul class="chat-list" aria-label={t('tab_chats')}>
      {chats.map((chat) => {
        const body = (
          <>
            <span class="chat-list__name">
              {chat.name}
              {chat.contact ? (
                <>
                  {/* A contact chat's format is always the same: what matters is who, and whether checked. */}
                  <span class="tag tag--contact">{t('tag_contact')}</span>
                  {chat.contact.verified && (
                    <span class="tag tag--verified" title={t('tag_verified_title')}>
                      {t('tag_verified')}
                    </span>
                  )}
                </>
              ) : (
                <span class={`tag tag--${chat.format}`}>{t(FORMAT_LABELS[chat.format])}</span>
              )}
            </span>
            <span class="chat-list__meta">
              {plural('messages_count', chat.messageCount)}
              {chat.lastMessageAt !== null && ` · ${formatWhen(chat.lastMessageAt)}`}
              {` · ${t(PHRASE_LABELS[chat.phrase])}`}
              {chat.contact?.needsMyNewCard === true && ` · ${t('chat_needs_new_card')}`}
            </span>
          </>
        );
        return (
          <li key={chat.id} class="chat-list__item">
            {onOpen ? (
              <button
                type="button"
                class="chat-list__button"
                onClick={() => {
                  onOpen(chat.id);
                }}
              >
                {body}
              </button>
            ) : (
              <div class="chat-list__button">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The locked screen's list: the chats' names only (the person chose to see them there). */
export function ChatNameList({ names }: { readonly names: readonly string[] }) {
  return (
    <ul class="chat-list" aria-label={t('tab_chats')}>
      {names.map((name, i) => (
        <li key={i} class="chat-list__item">
          <div class="chat-list__button">
            <span class="chat-list__name">{name}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
