import { useState } from 'preact/hooks';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';

interface NewChatFormProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onCreate: (name: string, seedSuffix: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

/** Creating a chat: a name, and optionally the seed suffix both sides must share. */
export function NewChatForm({ busy, error, onCreate, onCancel }: NewChatFormProps) {
  const [name, setName] = useState('');
  const [suffix, setSuffix] = useState('');
  return (
    <form
      class="panel stack"
      aria-label="New chat"
      onSubmit={(e) => {
        e.preventDefault();
        void onCreate(name, suffix);
      }}
    >
      <Field label="Chat name" value={name} onInput={setName} maxLength={80} required disabled={busy} autoFocus />
      <Field
        label="Seed suffix (optional)"
        hint="Everyone in the chat must use the same suffix. Empty means chat_<id>, as in CLM."
        value={suffix}
        onInput={setSuffix}
        maxLength={200}
        disabled={busy}
      />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" class="button button--primary" disabled={busy || name.trim() === ''}>
          Create chat
        </button>
      </div>
    </form>
  );
}
