import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Spinner } from './Spinner.tsx';
import { TextArea } from './TextArea.tsx';

interface ComposerProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSend: (text: string) => Promise<boolean>;
}

/** Writing a message: Enter sends, Shift+Enter starts a new line. */
export function Composer({ busy, error, onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const send = async () => {
    if (text.trim() === '' || busy) return;
    if (await onSend(text)) setText('');
  };
  return (
    <form
      class="composer stack"
      aria-label={t('composer_label')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div class="composer__row">
        <TextArea
          label={t('composer_field')}
          value={text}
          onInput={setText}
          rows={2}
          disabled={busy}
          hint={t('composer_hint')}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" class="button button--primary composer__send" disabled={busy || text.trim() === ''}>
          {busy ? <Spinner label={t('composer_encrypting')} /> : t('composer_send')}
        </button>
      </div>
      {error && <ErrorNotice message={error} />}
    </form>
  );
}
