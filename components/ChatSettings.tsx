import { useState } from 'preact/hooks';
import type { ChatView } from '../lib/protocol.ts';
import { CHAT_FORMATS, type ChatFormat, LIMITS } from '../lib/limits.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ContactSafety, type ContactSafetyProps } from './ContactSafety.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FORMAT_LABELS, PHRASE_LABELS } from './format.ts';
import { checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { PointerBox } from './PointerBox.tsx';
import { QrCode } from './QrCode.tsx';
import { useEscape } from './use-escape.ts';

export interface ChatSettingsProps {
  readonly chat: ChatView;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onRename: (name: string) => Promise<boolean>;
  readonly onSetClmId: (clmId: string) => Promise<boolean>;
  readonly onSetFormat: (format: ChatFormat) => void;
  readonly onSetPhrase: (phrase: string | undefined) => Promise<boolean>;
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
const FORMAT_CHOICES: Record<ChatFormat, string> = {
  sealed: `${FORMAT_LABELS.sealed}: tamper-proof`,
  sealed2: FORMAT_LABELS.sealed2,
  clm: `${FORMAT_LABELS.clm}: no integrity check`,
};

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
    <div class="panel stack" aria-label="Manage this chat">
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void props.onRename(name);
        }}
      >
        <Field label="Chat name" value={name} onInput={setName} maxLength={LIMITS.chatName} disabled={busy} />
        <button type="submit" class="button" disabled={busy || name.trim() === '' || name === chat.name}>
          Rename
        </button>
      </form>
      {contact && <ContactSafety chat={chat} contact={contact} {...props.verify} />}
      {!contact && (
        <label class="field">
          <span class="field__label">Pointers</span>
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
                {FORMAT_CHOICES[f]}
              </option>
            ))}
          </select>
        </label>
      )}

      {/* A contact chat has none of these: its key comes from the two cards. */}
      {!contact && (
        <>
          <section class="stack" aria-labelledby="phrase-title">
            <h3 id="phrase-title">Phrase</h3>
            <p class="small">
              This chat uses <strong>{PHRASE_LABELS[chat.phrase]}</strong>.{' '}
              {chat.phrase === 'own' ? 'Only people who have it can read or write here.' : 'Everyone who has your profile phrase can read it.'}
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
                  {chat.phrase === 'own' ? 'Change its phrase' : 'Give it a phrase of its own'}
                </button>
                {chat.phrase === 'own' && (
                  <ConfirmButton
                    label="Use my profile phrase"
                    question="New messages will use your profile phrase. Continue?"
                    confirmLabel="Yes"
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
                  void props.onSetPhrase(checked.phrase).then((ok) => {
                    if (ok) setNewPhrase({ ...EMPTY_NEW_PHRASE, open: false });
                  });
                }}
              >
                <p class="muted small">Only new messages use it; what was sent before stays readable.</p>
                <NewPhraseFields
                  label="New chat phrase"
                  value={newPhrase}
                  onChange={(next) => {
                    setNewPhrase({ ...next, open: true });
                  }}
                  disabled={busy}
                />
                <div class="actions">
                  <button type="button" class="button button--small" onClick={() => { setNewPhrase({ ...EMPTY_NEW_PHRASE, open: false }); }}>
                    Cancel
                  </button>
                  <button type="submit" class="button button--small button--primary" disabled={busy}>
                    Save phrase
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
                <Field label="Your profile phrase, to show the chat’s" type="password" value={master} onInput={setMaster} autoComplete="current-password" disabled={busy} />
                <button type="submit" class="button" disabled={busy || master === ''}>
                  Show
                </button>
              </form>
            )}
            {revealed !== null && (
              <div class="revealed" role="group" aria-label="The chat’s phrase">
                <span class="small muted">The chat’s phrase:</span> <code>{revealed}</code>{' '}
                <button type="button" class="button button--small" onClick={() => { setRevealed(null); }}>
                  Hide
                </button>
              </div>
            )}
          </section>

          <section class="stack" aria-labelledby="share-title">
            <h3 id="share-title">Share</h3>
            {invite === null ? (
              <div class="actions actions--start">
                <button type="button" class="button button--small" disabled={busy} onClick={() => void props.onInvite().then((i) => { if (i !== undefined) setInvite(i); })}>
                  Share chat
                </button>
              </div>
            ) : (
              <div class="stack">
                <p class="small">
                  Send this invite, or show its QR code. It holds the chat’s id, name, suffix and format — never the phrase
                  {chat.phrase === 'own' ? ', which you give them another way' : ''}.
                </p>
                <PointerBox label="Invite" pointer={invite} copied={props.inviteCopied} onCopy={() => { props.onCopyInvite(invite); }} />
                <div class="qr-frame">
                  <QrCode text={invite} label={`QR code of the invite to ${chat.name}`} />
                </div>
              </div>
            )}
          </section>

          <details class="advanced">
            <summary>Advanced</summary>
            <div class="stack">
              <p class="small">
                Seed suffix <code>{chat.seedSuffix}</code>: everyone in the chat uses the same one; it was fixed when the chat was made.
              </p>
              <form
                class="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void props.onSetClmId(clmId);
                }}
              >
                <Field
                  label="Number in CLM"
                  hint={
                    chat.format === 'sealed2'
                      ? 'This chat’s pointers do not show it; it names the chat in its invite, and in its pointers if they become CLM-compatible. Make it the chat’s number in CLM 2.0.1.'
                      : 'Pointers of this chat carry this number. Make it the chat’s number in CLM 2.0.1, so that both open the same pointers.'
                  }
                  value={clmId}
                  onInput={setClmId}
                  maxLength={LIMITS.chatId}
                  disabled={busy}
                />
                <button type="submit" class="button" disabled={busy || clmId.trim() === '' || clmId === chat.clmId}>
                  Change
                </button>
              </form>
            </div>
          </details>
        </>
      )}

      <div class="actions actions--start">
        <ConfirmButton
          label="Clear history"
          question={`Delete all ${chat.messageCount + chat.trashedCount} messages for good?`}
          confirmLabel="Clear"
          danger
          disabled={busy}
          onConfirm={props.onClear}
        />
        <ConfirmButton label="Delete chat" question="Delete the chat and its messages?" confirmLabel="Delete" danger disabled={busy} onConfirm={props.onDelete} />
      </div>
      {error && <ErrorNotice message={error} />}
    </div>
  );
}
