import { useState } from 'preact/hooks';
import { LIMITS } from '../lib/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { Spinner } from './Spinner.tsx';

interface SetupScreenProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (username: string, phrase: string, confirmPhrase: string) => Promise<boolean>;
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
    const ok = await onSubmit(username, checked.phrase, phrase.confirm);
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
      <h2 id="setup-title">Create your profile</h2>
      <p class="muted small">
        Messages here are <em>discovered</em>, not sent: you and your contacts share a secret phrase, and you publish
        only a short pointer that nobody else can read.
      </p>
      <Field
        label="Your name"
        hint="Shown to the people you write to, before each message."
        value={username}
        onInput={setUsername}
        autoComplete="off"
        maxLength={LIMITS.username}
        required
        disabled={busy}
      />
      <div class="warning" role="note">
        <strong>The phrase cannot be recovered.</strong> Nobody can reset it, not even you. Give it to the people you
        will write to by a safe channel (in person, not in the same place as your pointers).
      </div>
      <NewPhraseFields
        label="Secret phrase"
        value={phrase}
        onChange={setPhrase}
        disabled={busy}
        emptyHint="Use the phrase your group already shares, or make a new one: anyone with one of your pointers can test guesses offline."
      />
      {(problem ?? error) && <ErrorNotice message={problem ?? error ?? ''} />}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? <Spinner label="Creating your profile…" /> : 'Create profile'}
      </button>
      {onOpenImport && (
        <p class="muted small">
          Using CLM 2.0.1 already, or have a backup?{' '}
          <button type="button" class="link-button" onClick={onOpenImport}>
            Import your CLM database or restore a backup
          </button>
          .
        </p>
      )}
    </form>
  );
}
