import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { OWN_PHRASE_CHOICE, PhraseChoice, usePhraseChoice } from './PhraseChoice.tsx';
import { TextArea } from './TextArea.tsx';
import { useEscape } from './use-escape.ts';

interface AddFromInviteFormProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onAdd: (invite: string, phrase: string | undefined) => Promise<boolean>;
  readonly onCancel: () => void;
}

/** Joining a chat someone shared: their invite, and the phrase they gave by another channel. */
export function AddFromInviteForm({ busy, error, onAdd, onCancel }: AddFromInviteFormProps) {
  useEscape(onCancel);
  const [invite, setInvite] = useState('');
  const phrase = usePhraseChoice(OWN_PHRASE_CHOICE, false);
  return (
    <form
      class="panel stack"
      aria-label={t('invite_form_label')}
      onSubmit={(e) => {
        e.preventDefault();
        phrase.submit((chosen) => void onAdd(invite, chosen.phrase));
      }}
    >
      <TextArea label={t('invite_field')} value={invite} onInput={setInvite} rows={2} mono placeholder="CLMCHAT1:…" disabled={busy} hint={t('invite_field_hint')} />
      <PhraseChoice value={phrase.value} onChange={phrase.setValue} disabled={busy} choosing={false} masterHint={t('invite_master_hint')} />
      {(phrase.problem ?? error) && <ErrorNotice message={phrase.problem ?? error ?? ''} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={busy || invite.trim() === ''}>
          {t('invite_add_chat')}
        </button>
      </div>
    </form>
  );
}
