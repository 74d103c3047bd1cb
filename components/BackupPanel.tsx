import { useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { Spinner } from './Spinner.tsx';

export interface BackupPanelProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly saved: { readonly fileName: string; readonly messages: number } | null;
  readonly onExport: (phrase: string) => Promise<boolean>;
}

/** Backing the whole profile up to one encrypted file. */
export function BackupPanel({ busy, error, saved, onExport }: BackupPanelProps) {
  const [phrase, setPhrase] = useState('');
  return (
    <form
      class="panel stack"
      aria-labelledby="backup-title"
      onSubmit={(e) => {
        e.preventDefault();
        void onExport(phrase).then(() => {
          setPhrase('');
        });
      }}
    >
      <h2 id="backup-title">{t('backup_title')}</h2>
      <p class="muted small">{t('backup_intro')}</p>
      <Field label={t('backup_phrase')} type="password" value={phrase} onInput={setPhrase} autoComplete="current-password" required disabled={busy} />
      {error && <ErrorNotice message={error} />}
      {saved && (
        <p class="notice notice--ok" role="status">
          {t('backup_saved', saved.fileName, plural('messages_count', saved.messages))}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || phrase === ''}>
          {busy ? <Spinner label={t('composer_encrypting')} /> : t('backup_save')}
        </button>
      </div>
    </form>
  );
}
