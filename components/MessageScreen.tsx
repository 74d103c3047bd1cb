import type { MessageView } from '../lib/protocol.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatExact, OPENED_WITH_SHORT } from './format.ts';
import { PointerBox } from './PointerBox.tsx';

interface MessageScreenProps {
  readonly message: MessageView | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly backLabel: string;
  readonly onBack: () => void;
  readonly onTrash: () => void;
  readonly onRestore: () => void;
  readonly onDeleteForever: () => void;
  readonly pointerCopied: boolean;
  readonly onCopyPointer: (pointer: string) => void;
}

/** One message in full: who, when, which chat, its text and its pointer. */
export function MessageScreen(props: MessageScreenProps) {
  const { message, busy, error, backLabel, onBack } = props;
  return (
    <div class="stack">
      <button type="button" class="button button--small back" onClick={onBack}>
        ← {backLabel}
      </button>
      {error && <ErrorNotice message={error} />}
      {message && (
        <article class="panel stack" aria-labelledby="message-title">
          <h2 id="message-title">
            Message #{message.id} {message.trashed && <span class="tag">in the trash</span>}
          </h2>
          <dl class="details">
            <dt>{message.kind === 'sent' ? 'Sent by' : 'From'}</dt>
            <dd>{message.sender}</dd>
            <dt>Chat</dt>
            <dd>
              {message.chatName}
              {message.stranded && ` (CLM chat ${message.chatId}: not in your list)`}
            </dd>
            <dt>Opened with</dt>
            <dd>{OPENED_WITH_SHORT[message.openedWith]}</dd>
            <dt>Time</dt>
            <dd>{formatExact(message.epoch * 1000)}</dd>
            <dt>Saved</dt>
            <dd>{formatExact(message.savedAt)}</dd>
            <dt>Pointer</dt>
            <dd>{message.integrityProtected ? 'Sealed: integrity-protected' : 'CLM 2.0.1: not integrity-protected — anyone could have altered it unnoticed'}</dd>
          </dl>
          <p class="message-text">{message.text}</p>
          {message.pointer !== '' && (
            <PointerBox
              pointer={message.pointer}
              qrLabel="QR code of the pointer"
              copied={props.pointerCopied}
              onCopy={() => {
                props.onCopyPointer(message.pointer);
              }}
            />
          )}
          <div class="actions actions--start">
            {message.trashed ? (
              <>
                <button type="button" class="button button--small" onClick={props.onRestore} disabled={busy}>
                  Restore
                </button>
                <ConfirmButton label="Delete forever" question="Delete it for good?" confirmLabel="Delete" danger disabled={busy} onConfirm={props.onDeleteForever} />
              </>
            ) : (
              <button type="button" class="button button--small" onClick={props.onTrash} disabled={busy}>
                Move to trash
              </button>
            )}
          </div>
        </article>
      )}
    </div>
  );
}
