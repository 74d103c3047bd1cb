import { t } from '../lib/i18n/i18n.ts';
import type { MessageView } from '../lib/wire/protocol.ts';
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
            {t('message_title', String(message.id))} {message.trashed && <span class="tag">{t('message_in_trash')}</span>}
          </h2>
          <dl class="details">
            <dt>{message.kind === 'sent' ? t('bubble_sent_by') : t('bubble_from')}</dt>
            <dd>{message.sender}</dd>
            <dt>{t('history_chat')}</dt>
            <dd>
              {message.chatName}
              {message.stranded && ` ${t('message_stranded', message.chatId)}`}
            </dd>
            <dt>{t('message_opened_with')}</dt>
            <dd>{t(OPENED_WITH_SHORT[message.openedWith])}</dd>
            <dt>{t('message_time')}</dt>
            <dd>{formatExact(message.epoch * 1000)}</dd>
            <dt>{t('message_saved')}</dt>
            <dd>{formatExact(message.savedAt)}</dd>
            <dt>{t('pointer_label')}</dt>
            <dd>{message.integrityProtected ? t('message_sealed') : t('message_unprotected')}</dd>
          </dl>
          <p class="message-text">{message.text}</p>
          {message.pointer !== '' && (
            <PointerBox
              pointer={message.pointer}
              qrLabel={t('message_qr_label')}
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
                  {t('restore')}
                </button>
                <ConfirmButton label={t('delete_forever')} question={t('message_delete_question')} confirmLabel={t('delete')} danger disabled={busy} onConfirm={props.onDeleteForever} />
              </>
            ) : (
              <button type="button" class="button button--small" onClick={props.onTrash} disabled={busy}>
                {t('message_move_to_trash')}
              </button>
            )}
          </div>
        </article>
      )}
    </div>
  );
}
