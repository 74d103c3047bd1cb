import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import type { ChatView } from '../lib/wire/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Spinner } from './Spinner.tsx';
import { TextArea } from './TextArea.tsx';

interface ComposeFormProps {
  readonly chats: readonly ChatView[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly onWrite: (chatId: string, text: string) => void;
}

/** Writing into a page's field: a chat and a message; the page receives only the pointer. */
export function ComposeForm({ chats, busy, error, onWrite }: ComposeFormProps) {
  const [chatId, setChatId] = useState(chats.at(1)?.id ?? chats.at(0)?.id ?? '');
  const [text, setText] = useState('');
  return (
    <form
      class="panel stack"
      aria-label={t('compose_title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (chatId !== '' && text.trim() !== '') onWrite(chatId, text);
      }}
    >
      <label class="field">
        <span class="field__label">{t('history_chat')}</span>
        <select
          value={chatId}
          disabled={busy}
          onChange={(e) => {
            setChatId(e.currentTarget.value);
          }}
        >
          {chats.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <TextArea label={t('composer_field')} value={text} onInput={setText} rows={4} disabled={busy} hint={t('compose_hint')} />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || text.trim() === '' || chatId === ''}>
          {busy ? <Spinner label={t('compose_busy')} /> : t('compose_submit')}
        </button>
      </div>
    </form>
  );
}
