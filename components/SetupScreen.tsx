import { useState } from 'preact/hooks';
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
      <p class="muted">
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
      <Field
        label="Secret phrase"
        hint="Share it with your contacts by a safe channel. It cannot be recovered if you forget it."
        type="password"
        value={phrase}
        onInput={setPhrase}
        autoComplete="new-password"
        required
        disabled={busy}
      />
      <Field
        label="Secret phrase again"
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
