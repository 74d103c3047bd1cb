import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { tRich } from './rich-text.tsx';
import { Spinner } from './Spinner.tsx';

interface UnlockScreenProps {
  readonly username: string;
  readonly busy: boolean;
  readonly error: string | null;
  /** Seconds before the next attempt is checked. */
  readonly waitSeconds: number;
  readonly onSubmit: (phrase: string) => Promise<boolean>;
}

/** The locked state: the phrase, a visible "checking" while the slow KDF runs, the failure delay. */
export function UnlockScreen({ username, busy, error, waitSeconds, onSubmit }: UnlockScreenProps) {
  const [phrase, setPhrase] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    await onSubmit(phrase);
    setPhrase('');
  };
  const waiting = waitSeconds > 0;
  return (
    <form class="panel stack" onSubmit={(e) => {
        void submit(e);
      }} aria-labelledby="unlock-title">
      <h2 id="unlock-title">{t('unlock_title')}</h2>
      <p class="muted">{tRich('unlock_intro', <strong>{username}</strong>)}</p>
      <Field
        label={t('secret_phrase')}
        type="password"
        value={phrase}
        onInput={setPhrase}
        autoComplete="current-password"
        required
        disabled={busy}
        autoFocus
      />
      {error && <ErrorNotice message={error} />}
      {waiting && (
        <p class="muted" role="status">
          {t('unlock_wait', waitSeconds)}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy || waiting}>
        {busy ? <Spinner label={t('unlock_busy')} /> : t('unlock_title')}
      </button>
    </form>
  );
}
