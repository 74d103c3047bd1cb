import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/i18n.ts';
import type { MessageView } from '../lib/wire/protocol.ts';
import { formatExact, formatWhen, isoTime } from './format.ts';

interface MessageRowProps {
  readonly message: MessageView;
  readonly onOpen: () => void;
  /** Buttons shown at the row's end (trash: restore, delete forever). */
  readonly actions?: ComponentChildren;
}

/** A message in a list: its number, chat, time, sender and the start of its text. */
export function MessageRow({ message, onOpen, actions }: MessageRowProps) {
  const when = message.epoch * 1000;
  return (
    <li class="row">
      <button type="button" class="row__main" onClick={onOpen}>
        <span class="row__meta">
          <span class={`row__kind row__kind--${message.kind}`}>{message.kind === 'sent' ? t('kind_sent') : t('kind_received')}</span>
          <span>#{message.id}</span>
          <span class="row__chat">{message.chatName}</span>
          <time dateTime={isoTime(when)} title={formatExact(when)}>
            {formatWhen(when)}
          </time>
        </span>
        <span class="row__text">
          <strong>{t('sender_with_colon', message.kind === 'sent' ? t('you') : message.sender)}</strong> {message.text}
        </span>
      </button>
      {actions && <span class="row__actions">{actions}</span>}
    </li>
  );
}
