import { plural, t } from '../lib/i18n/i18n.ts';
import type { MessageView } from '../lib/wire/protocol.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { MessageRow } from './MessageRow.tsx';

interface TrashScreenProps {
  readonly messages: readonly MessageView[] | null;
  readonly total: number;
  readonly loading: boolean;
  readonly error: string | null;
  readonly onOpen: (id: number) => void;
  readonly onRestore: (id: number) => void;
  readonly onDeleteForever: (id: number) => void;
  readonly onEmpty: () => void;
  readonly onLoadMore: () => void;
}

/** The trash (CLM's "basket"): restore a message, or delete it for good. */
export function TrashScreen(props: TrashScreenProps) {
  const { messages, total, loading, error } = props;
  return (
    <div class="stack">
      <div class="section-head">
        <h2 class="section-title">{messages === null ? t('tab_trash') : `${t('tab_trash')} · ${plural('messages_count', total)}`}</h2>
        {total > 0 && (
          <ConfirmButton label={t('trash_empty_button')} question={plural('trash_empty_question', total)} confirmLabel={t('trash_empty_confirm')} danger onConfirm={props.onEmpty} />
        )}
      </div>
      {error && <ErrorNotice message={error} />}
      {messages?.length === 0 && (
        <EmptyState title={t('trash_empty_title')}>
          <p>{t('trash_empty_body')}</p>
        </EmptyState>
      )}
      {messages && messages.length > 0 && (
        <ul class="rows" aria-label={t('trash_list_label')}>
          {messages.map((m) => (
            <MessageRow
              key={m.id}
              message={m}
              onOpen={() => {
                props.onOpen(m.id);
              }}
              actions={
                <>
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('trash_restore_label', String(m.id))}
                    onClick={() => {
                      props.onRestore(m.id);
                    }}
                  >
                    {t('restore')}
                  </button>
                  <ConfirmButton
                    label={t('delete_forever')}
                    question={t('trash_delete_question', String(m.id))}
                    confirmLabel={t('delete')}
                    danger
                    onConfirm={() => {
                      props.onDeleteForever(m.id);
                    }}
                  />
                </>
              }
            />
          ))}
        </ul>
      )}
      {messages !== null && messages.length < total && (
        <div class="actions actions--center">
          <button type="button" class="button button--small" onClick={props.onLoadMore} disabled={loading}>
            {t('load_more')}
          </button>
        </div>
      )}
    </div>
  );
}
