import { useState } from 'preact/hooks';
import { assessPhrase } from '../lib/phrase-strength.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { Spinner } from './Spinner.tsx';

interface SetupScreenProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (username: string, phrase: string, confirmPhrase: string) => Promise<boolean>;
}

/** First run: a name, and the shared phrase typed twice. */
export function SetupScreen({ busy, error, onSubmit }: SetupScreenProps) {
  const [username, setUsername] = useState('');
  const [phrase, setPhrase] = useState('');
  const [confirmPhrase, setConfirmPhrase] = useState('');
  const strength = assessPhrase(phrase);
  const mismatch = confirmPhrase !== '' && phrase.trim() !== confirmPhrase.trim();
  const submit = async (event: Event) => {
    event.preventDefault();
    // The phrase leaves the form as soon as it is sent; it is not kept in the popup.
    const ok = await onSubmit(username, phrase, confirmPhrase);
    setPhrase('');
    setConfirmPhrase('');
    if (ok) setUsername('');
  };
  return (
    <form class="panel stack" onSubmit={(e) => {
        void submit(e);
      }} aria-labelledby="setup-title">
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
        maxLength={64}
        required
        disabled={busy}
      />
      <div class="warning" role="note">
        <strong>The phrase cannot be recovered.</strong> Nobody can reset it, not even you. Give it to the people you
        will write to by a safe channel (in person, not in the same place as your pointers).
      </div>
      <Field
        label="Secret phrase"
        hint={phrase === '' ? 'Use the phrase your group already shares, or make a new one.' : strength.hint}
        type="password"
        value={phrase}
        onInput={setPhrase}
        autoComplete="new-password"
        required
        disabled={busy}
      />
      {phrase !== '' && (
        <div class={`meter meter--${strength.strength}`} aria-hidden="true">
          <span class="meter__bar" />
        </div>
      )}
      <Field
        label="Secret phrase again"
        hint={mismatch ? 'The two phrases are not the same yet.' : undefined}
        type="password"
        value={confirmPhrase}
        onInput={setConfirmPhrase}
        autoComplete="new-password"
        required
        disabled={busy}
      />
      {error && <ErrorNotice message={error} />}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? <Spinner label="Creating your profile…" /> : 'Create profile'}
      </button>
    </form>
  );
}
