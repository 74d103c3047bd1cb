import { useState } from 'preact/hooks';
import type { ProfileView } from '../lib/protocol.ts';
import { AUTO_LOCK_CHOICES, type AutoLockMinutes } from '../lib/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { formatExact } from './format.ts';
import { MyCardPanel, type MyCardPanelProps } from './MyCardPanel.tsx';
import { checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { PointerBox } from './PointerBox.tsx';
import { Spinner } from './Spinner.tsx';

interface ProfileScreenProps {
  readonly profile: ProfileView | null;
  readonly error: string | null;
  readonly keyCopied: boolean;
  readonly onCopyKey: (key: string) => void;
  readonly onAutoLock: (minutes: AutoLockMinutes) => void;
  readonly onChatNamesWhenLocked: (show: boolean) => void;
  readonly onOpenImport: () => void;
  /** "My card": the contact card and "New identity". */
  readonly myCard: MyCardPanelProps;
  readonly change: {
    readonly busy: boolean;
    readonly error: string | null;
    readonly done: boolean;
    readonly onChange: (current: string, next: string, confirm: string) => Promise<boolean>;
  };
  readonly remove: { readonly busy: boolean; readonly error: string | null; readonly onDelete: (confirmation: string) => Promise<boolean> };
}

const AUTO_LOCK_LABELS: Record<AutoLockMinutes, string> = {
  0: 'Never',
  1: 'After 1 minute',
  5: 'After 5 minutes',
  15: 'After 15 minutes',
  60: 'After 1 hour',
};

function ChangePhraseForm({ busy, error, done, onChange }: ProfileScreenProps['change']) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPhraseValue>(EMPTY_NEW_PHRASE);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      class="panel stack"
      aria-labelledby="change-title"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = checkNewPhrase(next);
        if ('error' in checked) {
          setProblem(checked.error);
          return;
        }
        setProblem(null);
        void onChange(current, checked.phrase, next.confirm).then((ok) => {
          setCurrent('');
          if (ok) setNext(EMPTY_NEW_PHRASE);
        });
      }}
    >
      <h3 id="change-title">Change phrase</h3>
      <p class="muted small">
        Your history is re-encrypted under the new phrase. Messages sent afterwards can only be read by people who have the new one.
      </p>
      <Field label="Current phrase" type="password" value={current} onInput={setCurrent} autoComplete="current-password" required disabled={busy} />
      <NewPhraseFields label="New phrase" value={next} onChange={setNext} disabled={busy} />
      {(problem ?? error) && <ErrorNotice message={problem ?? error ?? ''} />}
      {done && (
        <p class="notice notice--ok" role="status">
          Phrase changed. Your history is encrypted under the new one.
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? <Spinner label="Re-encrypting…" /> : 'Change phrase'}
        </button>
      </div>
    </form>
  );
}

function DeleteProfileForm({ busy, error, onDelete }: ProfileScreenProps['remove']) {
  const [word, setWord] = useState('');
  return (
    <form
      class="panel stack panel--danger"
      aria-labelledby="delete-title"
      onSubmit={(e) => {
        e.preventDefault();
        void onDelete(word);
      }}
    >
      <h3 id="delete-title">Delete profile</h3>
      <p class="muted small">This deletes your profile, every chat and every message from this browser. It cannot be undone.</p>
      <Field label="Type DELETE to confirm" value={word} onInput={setWord} autoComplete="off" disabled={busy} />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="submit" class="button button--danger" disabled={busy || word !== 'DELETE'}>
          Delete everything
        </button>
      </div>
    </form>
  );
}

/** The profile: who you are here, CLM's public key, auto-lock, the contact card, the phrase, deleting it all. */
export function ProfileScreen(props: ProfileScreenProps) {
  const { profile, error } = props;
  return (
    <div class="stack">
      {error && <ErrorNotice message={error} />}
      {profile && (
        <section class="panel stack" aria-labelledby="profile-title">
          <h2 id="profile-title">{profile.username}</h2>
          <p class="muted small">Profile created {formatExact(profile.createdAt)}.</p>
          <PointerBox
            label="CLM public key"
            pointer={profile.clmPublicKey}
            copied={props.keyCopied}
            onCopy={() => {
              props.onCopyKey(profile.clmPublicKey);
            }}
          />
          <p class="muted small">The same key CLM 2.0.1 shows for this name and phrase: compare them to be sure you typed the same phrase.</p>
          <label class="field">
            <span class="field__label">Lock automatically</span>
            <select
              value={String(profile.autoLockMinutes)}
              onChange={(e) => {
                props.onAutoLock(Number(e.currentTarget.value) as AutoLockMinutes);
              }}
            >
              {AUTO_LOCK_CHOICES.map((m) => (
                <option key={m} value={String(m)}>
                  {AUTO_LOCK_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <p class="muted small">
            Also when the computer locks, and always when the browser closes. Unlocking costs scrypt N={profile.kdf.N}, r={profile.kdf.r}, p=
            {profile.kdf.p}.
          </p>
          <label class="check">
            <input
              type="checkbox"
              checked={profile.chatNamesWhenLocked}
              onChange={(e) => {
                props.onChatNamesWhenLocked(e.currentTarget.checked);
              }}
            />
            <span>Show my chats’ names on the locked screen</span>
          </label>
          <p class="muted small">Off by default: while locked, the extension shows nothing but the unlock form, and reads none of your history.</p>
        </section>
      )}
      {profile && <MyCardPanel {...props.myCard} />}
      <section class="panel stack" aria-labelledby="transfer-title">
        <h3 id="transfer-title">Import and backup</h3>
        <p class="muted small">Bring your chats and messages over from CLM 2.0.1, save everything to an encrypted file, or restore one.</p>
        <div class="actions">
          <button type="button" class="button" onClick={props.onOpenImport}>
            Open Import and backup
          </button>
        </div>
      </section>
      <ChangePhraseForm {...props.change} />
      <DeleteProfileForm {...props.remove} />
    </div>
  );
}
