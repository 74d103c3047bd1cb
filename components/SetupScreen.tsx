import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { LIMITS } from '../lib/wire/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { HowItWorks } from './HowItWorks.tsx';
import { checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { tRich } from './rich-text.tsx';
import { Spinner } from './Spinner.tsx';

interface SetupScreenProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (username: string, phrase: string, confirmPhrase: string, weakPhraseAccepted: boolean) => Promise<boolean>;
  /** Opens "Import and backup" (for a CLM user moving in, or a backup to restore). */
  readonly onOpenImport?: (() => void) | undefined;
}

/** First run: a name, and the shared phrase typed twice, rated, or generated. */
export function SetupScreen({ busy, error, onSubmit, onOpenImport }: SetupScreenProps) {
  const [username, setUsername] = useState('');
  const [phrase, setPhrase] = useState<NewPhraseValue>(EMPTY_NEW_PHRASE);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = checkNewPhrase(phrase);
    if ('error' in checked) {
      setProblem(checked.error);
      return;
    }
    setProblem(null);
    // The phrase leaves the form as soon as it is sent; it is not kept in the page.
    const ok = await onSubmit(username, checked.phrase, phrase.confirm, checked.weakPhraseAccepted);
    setPhrase(EMPTY_NEW_PHRASE);
    if (ok) setUsername('');
  };
  return (
    <form
      class="panel stack"
      onSubmit={(e) => {
        void submit(e);
      }}
      aria-labelledby="setup-title"
    >
      <h2 id="setup-title">{t('setup_title')}</h2>
      <p class="muted small">{tRich('setup_intro', <em>{t('setup_intro_em')}</em>)}</p>
      <HowItWorks open />
      <Field
        label={t('setup_name')}
        hint={t('setup_name_hint')}
        value={username}
        onInput={setUsername}
        autoComplete="off"
        maxLength={LIMITS.username}
        required
        disabled={busy}
      />
      <div class="warning" role="note">
        <strong>{t('setup_warning_strong')}</strong> {t('setup_warning')}
      </div>
      <NewPhraseFields label={t('secret_phrase')} value={phrase} onChange={setPhrase} disabled={busy} emptyHint={t('setup_phrase_hint')} />
      {(problem ?? error) && <ErrorNotice message={problem ?? error ?? ''} />}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? <Spinner label={t('setup_busy')} /> : t('setup_submit')}
      </button>
      {onOpenImport && (
        <p class="muted small">
          {tRich(
            'setup_import',
            <button type="button" class="link-button" onClick={onOpenImport}>
              {t('setup_import_link')}
            </button>,
          )}
        </p>
      )}
    </form>
  );
}
