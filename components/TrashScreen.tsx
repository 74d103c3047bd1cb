import type { MessageView } from '../lib/protocol.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { plural } from './format.ts';
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
        <h2 class="section-title">{messages === null ? 'Trash' : `Trash · ${plural(total, 'message', 'messages')}`}</h2>
        {total > 0 && (
          <ConfirmButton label="Empty trash" question={`Delete all ${total} for good?`} confirmLabel="Empty" danger onConfirm={props.onEmpty} />
        )}
      </div>
      {error && <ErrorNotice message={error} />}
      {messages?.length === 0 && (
        <EmptyState title="The trash is empty.">
          <p>Messages you move to the trash wait here until you restore them or delete them for good.</p>
        </EmptyState>
      )}
      {messages && messages.length > 0 && (
        <ul class="rows" aria-label="Messages in the trash">
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
                    aria-label={`Restore message #${m.id}`}
                    onClick={() => {
                      props.onRestore(m.id);
                    }}
                  >
                    Restore
                  </button>
                  <ConfirmButton
                    label="Delete forever"
                    question={`Delete #${m.id} for good?`}
                    confirmLabel="Delete"
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
            Load more
          </button>
        </div>
      )}
    </div>
  );
}
