import { useState } from 'preact/hooks';
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
      <h2 id="backup-title">Back up</h2>
      <p class="muted small">
        One file with your profile, every chat (with the phrases of chats that have their own) and all your messages, encrypted with your profile
        phrase. Keep it anywhere: without the phrase it reads as noise. It opens only with the phrase you have now.
      </p>
      <Field label="Your profile phrase" type="password" value={phrase} onInput={setPhrase} autoComplete="current-password" required disabled={busy} />
      {error && <ErrorNotice message={error} />}
      {saved && (
        <p class="notice notice--ok" role="status">
          Saved {saved.fileName} with {saved.messages} {saved.messages === 1 ? 'message' : 'messages'}.
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || phrase === ''}>
          {busy ? <Spinner label="Encrypting…" /> : 'Save a backup'}
        </button>
      </div>
    </form>
  );
}
