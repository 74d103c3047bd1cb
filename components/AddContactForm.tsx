import { useState } from 'preact/hooks';
import { LIMITS } from '../lib/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { TextArea } from './TextArea.tsx';
import { useEscape } from './use-escape.ts';

export interface AddContactFormProps {
  readonly busy: boolean;
  readonly error: string | null;
  /** `name` empty: the name on their card. */
  readonly onAdd: (card: string, name: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

/** Adding someone from their contact card: a chat only the two of you can read, no phrase needed. */
export function AddContactForm({ busy, error, onAdd, onCancel }: AddContactFormProps) {
  useEscape(onCancel);
  const [card, setCard] = useState('');
  const [name, setName] = useState('');
  return (
    <form
      class="panel stack"
      aria-label="Add a contact"
      onSubmit={(e) => {
        e.preventDefault();
        void onAdd(card, name);
      }}
    >
      <TextArea
        label="Contact card"
        value={card}
        onInput={setCard}
        rows={3}
        mono
        placeholder="CLMCARD1:…"
        disabled={busy}
        autoFocus
        hint="The card they gave you. Yours is under Profile → My card: give it to them, so that they add you too."
      />
      <Field label="Name (optional)" hint="Empty: the name on their card." value={name} onInput={setName} maxLength={LIMITS.chatName} disabled={busy} />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" class="button button--primary" disabled={busy || card.trim() === ''}>
          Add contact
        </button>
      </div>
    </form>
  );
}
