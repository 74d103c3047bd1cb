import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { LIMITS } from '../lib/wire/limits.ts';
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
      aria-label={t('contact_form_label')}
      onSubmit={(e) => {
        e.preventDefault();
        void onAdd(card, name);
      }}
    >
      <TextArea
        label={t('contact_card_field')}
        value={card}
        onInput={setCard}
        rows={3}
        mono
        placeholder="CLMCARD1:…"
        disabled={busy}
        autoFocus
        hint={t('contact_card_hint')}
      />
      <Field label={t('contact_name_field')} hint={t('contact_name_hint')} value={name} onInput={setName} maxLength={LIMITS.chatName} disabled={busy} />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={busy || card.trim() === ''}>
          {t('chats_add_contact')}
        </button>
      </div>
    </form>
  );
}
