import { t } from '../lib/i18n/i18n.ts';
import type { MessageView } from '../lib/wire/protocol.ts';
import { formatExact, formatTime, isoTime } from './format.ts';

interface MessageBubbleProps {
  readonly message: MessageView;
  readonly onOpen: () => void;
  /** Say "not integrity-protected" on this bubble (only where the chat does not say it once). */
  readonly showIntegrityNote: boolean;
  /** Just discovered by Receive: marked, and scrolled to. */
  readonly highlighted: boolean;
}

/** A message in a conversation: mine on the right, theirs on the left, with who and when. */
export function MessageBubble({ message, onOpen, showIntegrityNote, highlighted }: MessageBubbleProps) {
  const mine = message.kind === 'sent';
  const when = message.epoch * 1000;
  return (
    <li class={`bubble ${mine ? 'bubble--mine' : 'bubble--theirs'}${highlighted ? ' bubble--new' : ''}`} id={`message-${message.id}`}>
      <button type="button" class="bubble__body" onClick={onOpen}>
        <span class="bubble__meta">
          <span class="bubble__sender">
            <span class="visually-hidden">{mine ? t('bubble_sent_by') : t('bubble_from')} </span>
            {mine ? t('you') : message.sender}
          </span>
          <time dateTime={isoTime(when)} title={formatExact(when)}>
            {formatTime(when)}
          </time>
          {showIntegrityNote && !message.integrityProtected && <span class="bubble__unprotected">{t('bubble_not_protected')}</span>}
          {highlighted && <span class="bubble__new">{t('bubble_just_discovered')}</span>}
        </span>
        <span class="bubble__text">{message.text}</span>
      </button>
    </li>
  );
}
