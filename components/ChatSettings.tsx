import { useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import type { ChatView } from '../lib/wire/protocol.ts';
import { CHAT_FORMATS, type ChatFormat, LIMITS } from '../lib/wire/limits.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ContactSafety, type ContactSafetyProps } from './ContactSafety.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FORMAT_LABELS } from './format.ts';
import { checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { PointerBox } from './PointerBox.tsx';
import { QrCode } from './QrCode.tsx';
import { tRich } from './rich-text.tsx';
import { useEscape } from './use-escape.ts';

export interface ChatSettingsProps {
  readonly chat: ChatView;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onRename: (name: string) => Promise<boolean>;
  readonly onSetClmId: (clmId: string) => Promise<boolean>;
  readonly onSetFormat: (format: ChatFormat) => void;
  readonly onSetPhrase: (phrase: string | undefined, weakPhraseAccepted?: boolean) => Promise<boolean>;
  readonly onReveal: (masterPhrase: string) => Promise<string | undefined>;
  readonly onInvite: () => Promise<string | undefined>;
  readonly inviteCopied: boolean;
  readonly onCopyInvite: (invite: string) => void;
  readonly onClear: () => void;
  readonly onDelete: () => void;
  /** A contact chat's safety number marked as compared (or not). */
  readonly verify: ContactSafetyProps;
  /** Escape closes the panel (when nothing inside it is open). */
  readonly onClose?: (() => void) | undefined;
}

/** The format select's wording: what each kind of pointer gives and costs. */
/** Which secret the chat uses, as the object of "This chat uses …" (Russian declines it). */
const USES_LABELS = { master: 'uses_master', own: 'uses_own', contact: 'uses_contact' } as const;

function formatChoice(format: ChatFormat): string {
  if (format === 'sealed') return t('settings_format_sealed', t(FORMAT_LABELS.sealed));
  if (format === 'clm') return t('settings_format_clm', t(FORMAT_LABELS.clm));
  return t(FORMAT_LABELS.sealed2);
}

/**
 * Everything about one chat: name, pointers, its phrase, sharing it, clearing or deleting it. A
 * contact chat has no phrase, format, number or invite to change: its safety number instead.
 */
export function ChatSettings(props: ChatSettingsProps) {
  const { chat, busy } = props;
  const contact = chat.contact;
  const [name, setName] = useState(chat.name);
  const [clmId, setClmId] = useState(chat.clmId);
  const [newPhrase, setNewPhrase] = useState<NewPhraseValue & { open: boolean }>({ ...EMPTY_NEW_PHRASE, open: false });
  const [master, setMaster] = useState('');
  const [revealed, setRevealed] = useState<string | null>(null);
  const [invite, setInvite] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const error = problem ?? props.error;
  useEscape(() => props.onClose?.(), props.onClose !== undefined);
  useEscape(() => {
    setNewPhrase({ ...EMPTY_NEW_PHRASE, open: false });
  }, newPhrase.open);
  return (
    <div class="panel stack" aria-label={t('settings_label')}>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void props.onRename(name);
        }}
      >
        <Field label={t('new_chat_name')} value={name} onInput={setName} maxLength={LIMITS.chatName} disabled={busy} />
        <button type="submit" class="button" disabled={busy || name.trim() === '' || name === chat.name}>
          {t('settings_rename')}
        </button>
      </form>
      {contact && <ContactSafety chat={chat} contact={contact} {...props.verify} />}
      {!contact && (
        <label class="field">
          <span class="field__label">{t('new_chat_pointers')}</span>
          <select
            value={chat.format}
            disabled={busy}
            onChange={(e) => {
              const value = e.currentTarget.value;
              props.onSetFormat(CHAT_FORMATS.find((f) => f === value) ?? 'sealed');
            }}
          >
            {(['sealed', 'sealed2', 'clm'] as const).map((f) => (
              <option key={f} value={f}>
                {formatChoice(f)}
              </option>
            ))}
          </select>
        </label>
      )}

      {/* A contact chat has none of these: its key comes from the two cards. */}
      {!contact && (
        <>
          <section class="stack" aria-labelledby="phrase-title">
            <h3 id="phrase-title">{t('phrase_choice_legend')}</h3>
            <p class="small">
              {tRich('settings_uses', <strong>{t(USES_LABELS[chat.phrase])}</strong>)}{' '}
              {chat.phrase === 'own' ? t('settings_own_readers') : t('settings_master_readers')}
            </p>
            {!newPhrase.open && (
              <div class="actions actions--start">
                <button
                  type="button"
                  class="button button--small"
                  disabled={busy}
                  onClick={() => {
                    setNewPhrase({ ...EMPTY_NEW_PHRASE, open: true });
                  }}
                >
                  {chat.phrase === 'own' ? t('settings_change_phrase') : t('settings_give_phrase')}
                </button>
                {chat.phrase === 'own' && (
                  <ConfirmButton
                    label={t('settings_use_master')}
                    question={t('settings_use_master_question')}
                    confirmLabel={t('yes')}
                    disabled={busy}
                    onConfirm={() => void props.onSetPhrase(undefined)}
                  />
                )}
              </div>
            )}
            {newPhrase.open && (
              <form
                class="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  const checked = checkNewPhrase(newPhrase);
                  if ('error' in checked) {
                    setProblem(checked.error);
                    return;
                  }
                  setProblem(null);
                  void props.onSetPhrase(checked.phrase, checked.weakPhraseAccepted).then((ok) => {
                    if (ok) setNewPhrase({ ...EMPTY_NEW_PHRASE, open: false });
                  });
                }}
              >
                <p class="muted small">{t('settings_new_phrase_note')}</p>
                <NewPhraseFields
                  label={t('settings_new_phrase')}
                  value={newPhrase}
                  onChange={(next) => {
                    setNewPhrase({ ...next, open: true });
                  }}
                  disabled={busy}
                />
                <div class="actions">
                  <button type="button" class="button button--small" onClick={() => { setNewPhrase({ ...EMPTY_NEW_PHRASE, open: false }); }}>
                    {t('cancel')}
                  </button>
                  <button type="submit" class="button button--small button--primary" disabled={busy}>
                    {t('settings_save_phrase')}
                  </button>
                </div>
              </form>
            )}
            {chat.phrase === 'own' && revealed === null && (
              <form
                class="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void props.onReveal(master).then((phrase) => {
                    setMaster('');
                    if (phrase !== undefined) setRevealed(phrase);
                  });
                }}
              >
                <Field label={t('settings_reveal_field')} type="password" value={master} onInput={setMaster} autoComplete="current-password" disabled={busy} />
                <button type="submit" class="button" disabled={busy || master === ''}>
                  {t('settings_show')}
                </button>
              </form>
            )}
            {revealed !== null && (
              <div class="revealed" role="group" aria-label={t('settings_revealed_label')}>
                <span class="small muted">{t('settings_revealed')}</span> <code>{revealed}</code>{' '}
                <button type="button" class="button button--small" onClick={() => { setRevealed(null); }}>
                  {t('settings_hide')}
                </button>
              </div>
            )}
          </section>

          <section class="stack" aria-labelledby="share-title">
            <h3 id="share-title">{t('settings_share')}</h3>
            {invite === null ? (
              <div class="actions actions--start">
                <button type="button" class="button button--small" disabled={busy} onClick={() => void props.onInvite().then((i) => { if (i !== undefined) setInvite(i); })}>
                  {t('settings_share_chat')}
                </button>
              </div>
            ) : (
              <div class="stack">
                <p class="small">{chat.phrase === 'own' ? t('settings_invite_text_own') : t('settings_invite_text')}</p>
                <PointerBox label={t('invite_field')} pointer={invite} copied={props.inviteCopied} onCopy={() => { props.onCopyInvite(invite); }} />
                <div class="qr-frame">
                  <QrCode text={invite} label={t('settings_invite_qr', chat.name)} />
                </div>
              </div>
            )}
          </section>

          <details class="advanced">
            <summary>{t('settings_advanced')}</summary>
            <div class="stack">
              <p class="small">{tRich('settings_suffix', <code>{chat.seedSuffix}</code>)}</p>
              <form
                class="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void props.onSetClmId(clmId);
                }}
              >
                <Field
                  label={t('settings_clm_number')}
                  hint={chat.format === 'sealed2' ? t('settings_clm_number_hint_sealed2') : t('settings_clm_number_hint')}
                  value={clmId}
                  onInput={setClmId}
                  maxLength={LIMITS.chatId}
                  disabled={busy}
                />
                <button type="submit" class="button" disabled={busy || clmId.trim() === '' || clmId === chat.clmId}>
                  {t('settings_change')}
                </button>
              </form>
            </div>
          </details>
        </>
      )}

      <div class="actions actions--start">
        <ConfirmButton
          label={t('settings_clear')}
          question={plural('settings_clear_question', chat.messageCount + chat.trashedCount)}
          confirmLabel={t('settings_clear_confirm')}
          danger
          disabled={busy}
          onConfirm={props.onClear}
        />
        <ConfirmButton label={t('settings_delete_chat')} question={t('settings_delete_question')} confirmLabel={t('delete')} danger disabled={busy} onConfirm={props.onDelete} />
      </div>
      {error && <ErrorNotice message={error} />}
    </div>
  );
}
