import type { MessageView } from '../lib/protocol.ts';
import { formatExact, formatWhen, isoTime } from './format.ts';

interface MessageBubbleProps {
  readonly message: MessageView;
  readonly onOpen: () => void;
}

/** A message in a conversation: mine on the right, theirs on the left, with who and when. */
export function MessageBubble({ message, onOpen }: MessageBubbleProps) {
  const mine = message.kind === 'sent';
  const when = message.epoch * 1000;
  return (
    <li class={`bubble ${mine ? 'bubble--mine' : 'bubble--theirs'}`}>
      <button type="button" class="bubble__body" onClick={onOpen}>
        <span class="bubble__meta">
          <span class="bubble__sender">
            <span class="visually-hidden">{mine ? 'Sent by ' : 'From '}</span>
            {mine ? 'You' : message.sender}
          </span>
          <time dateTime={isoTime(when)} title={formatExact(when)}>
            {formatWhen(when)}
          </time>
          {!message.integrityProtected && <span class="bubble__unprotected">not integrity-protected</span>}
        </span>
        <span class="bubble__text">{message.text}</span>
      </button>
    </li>
  );
}
