import { useState } from 'preact/hooks';
import { type MessageKey, t } from '../lib/i18n/i18n.ts';
import type { ProfileView } from '../lib/wire/protocol.ts';
import { AUTO_LOCK_CHOICES, type AutoLockMinutes } from '../lib/wire/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { HowItWorks } from './HowItWorks.tsx';
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
    readonly onChange: (current: string, next: string, confirm: string, weakPhraseAccepted: boolean) => Promise<boolean>;
  };
  readonly remove: { readonly busy: boolean; readonly error: string | null; readonly onDelete: (confirmation: string) => Promise<boolean> };
}

const AUTO_LOCK_LABELS: Record<AutoLockMinutes, MessageKey> = {
  0: 'autolock_never',
  1: 'autolock_1',
  5: 'autolock_5',
  15: 'autolock_15',
  60: 'autolock_60',
};

/** The word typed to confirm deleting the profile; the background expects the English one. */
const DELETE_WORD = 'DELETE';

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
        void onChange(current, checked.phrase, next.confirm, checked.weakPhraseAccepted).then((ok) => {
          setCurrent('');
          if (ok) setNext(EMPTY_NEW_PHRASE);
        });
      }}
    >
      <h3 id="change-title">{t('change_title')}</h3>
      <p class="muted small">{t('change_intro')}</p>
      <Field label={t('change_current')} type="password" value={current} onInput={setCurrent} autoComplete="current-password" required disabled={busy} />
      <NewPhraseFields label={t('change_new')} value={next} onChange={setNext} disabled={busy} />
      {(problem ?? error) && <ErrorNotice message={problem ?? error ?? ''} />}
      {done && (
        <p class="notice notice--ok" role="status">
          {t('change_done')}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? <Spinner label={t('change_busy')} /> : t('change_title')}
        </button>
      </div>
    </form>
  );
}

function DeleteProfileForm({ busy, error, onDelete }: ProfileScreenProps['remove']) {
  const [word, setWord] = useState('');
  // In another language the person types its word; the background is sent the English one.
  const typed = word === t('delete_word') ? DELETE_WORD : word;
  return (
    <form
      class="panel stack panel--danger"
      aria-labelledby="delete-title"
      onSubmit={(e) => {
        e.preventDefault();
        void onDelete(typed);
      }}
    >
      <h3 id="delete-title">{t('delete_title')}</h3>
      <p class="muted small">{t('delete_intro')}</p>
      <Field label={t('delete_field', t('delete_word'))} value={word} onInput={setWord} autoComplete="off" disabled={busy} />
      {error && <ErrorNotice message={error} />}
      <div class="actions">
        <button type="submit" class="button button--danger" disabled={busy || typed !== DELETE_WORD}>
          {t('delete_everything')}
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
          <p class="muted small">{t('profile_created', formatExact(profile.createdAt))}</p>
          <PointerBox
            label={t('profile_public_key')}
            pointer={profile.clmPublicKey}
            copied={props.keyCopied}
            onCopy={() => {
              props.onCopyKey(profile.clmPublicKey);
            }}
          />
          <p class="muted small">{t('profile_public_key_note')}</p>
          <label class="field">
            <span class="field__label">{t('profile_autolock')}</span>
            <select
              value={String(profile.autoLockMinutes)}
              onChange={(e) => {
                props.onAutoLock(Number(e.currentTarget.value) as AutoLockMinutes);
              }}
            >
              {AUTO_LOCK_CHOICES.map((m) => (
                <option key={m} value={String(m)}>
                  {t(AUTO_LOCK_LABELS[m])}
                </option>
              ))}
            </select>
          </label>
          <p class="muted small">{t('profile_autolock_note')}</p>
          <label class="check">
            <input
              type="checkbox"
              checked={profile.chatNamesWhenLocked}
              onChange={(e) => {
                props.onChatNamesWhenLocked(e.currentTarget.checked);
              }}
            />
            <span>{t('profile_names_when_locked')}</span>
          </label>
          <p class="muted small">{t('profile_names_when_locked_note')}</p>
          <details class="advanced">
            <summary>{t('profile_advanced')}</summary>
            <p class="muted small">{t('profile_kdf', String(profile.kdf.N), String(profile.kdf.r), String(profile.kdf.p))}</p>
          </details>
          <HowItWorks open={false} />
        </section>
      )}
      {profile && <MyCardPanel {...props.myCard} />}
      <section class="panel stack" aria-labelledby="transfer-title">
        <h3 id="transfer-title">{t('import_title')}</h3>
        <p class="muted small">{t('profile_import_note')}</p>
        <div class="actions">
          <button type="button" class="button" onClick={props.onOpenImport}>
            {t('profile_open_import')}
          </button>
        </div>
      </section>
      <ChangePhraseForm {...props.change} />
      <DeleteProfileForm {...props.remove} />
    </div>
  );
}
