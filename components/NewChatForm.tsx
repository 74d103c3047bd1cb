import { useState } from 'preact/hooks';
import { type ChatFormat, LIMITS } from '../lib/limits.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FORMAT_LABELS } from './format.ts';
import { NO_PHRASE_CHOICE, PhraseChoice, usePhraseChoice } from './PhraseChoice.tsx';
import { RadioChoice } from './RadioChoice.tsx';
import { useEscape } from './use-escape.ts';

export interface NewChatSpec {
  readonly name: string;
  readonly seedSuffix: string;
  readonly format: ChatFormat;
  readonly phrase: string | undefined;
  /** The chat's number in CLM; empty: CLM's next number. */
  readonly clmId: string;
}

interface NewChatFormProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onCreate: (spec: NewChatSpec) => Promise<boolean>;
  readonly onCancel: () => void;
}

/** Creating a chat: a name, and optionally the seed suffix both sides must share. */
export function NewChatForm({ busy, error, onCreate, onCancel }: NewChatFormProps) {
  useEscape(onCancel);
  const [name, setName] = useState('');
  const [suffix, setSuffix] = useState('');
  const [clmId, setClmId] = useState('');
  const [format, setFormat] = useState<ChatFormat>('sealed');
  const phrase = usePhraseChoice(NO_PHRASE_CHOICE, true);
  return (
    <form
      class="panel stack"
      aria-label="New chat"
      onSubmit={(e) => {
        e.preventDefault();
        phrase.submit((chosen) => void onCreate({ name, seedSuffix: suffix, format, phrase: chosen, clmId }));
      }}
    >
      <Field label="Chat name" value={name} onInput={setName} maxLength={LIMITS.chatName} required disabled={busy} autoFocus />
      <Field
        label="Number in CLM (optional)"
        hint="The number this chat has in CLM, so that its pointers match. Empty: the next free number."
        value={clmId}
        onInput={setClmId}
        maxLength={LIMITS.chatId}
        disabled={busy}
      />
      <Field
        label="Seed suffix (optional)"
        hint="Everyone in the chat must use the same suffix. Empty means chat_<number>, as in CLM."
        value={suffix}
        onInput={setSuffix}
        maxLength={LIMITS.seedSuffix}
        disabled={busy}
      />
      <RadioChoice
        legend="Pointers"
        value={format}
        onChange={setFormat}
        disabled={busy}
        options={[
          { value: 'sealed', title: 'Sealed', text: 'tamper-proof, a fresh nonce per message. Everyone in the chat needs this extension.' },
          {
            value: 'sealed2',
            title: FORMAT_LABELS.sealed2,
            text: 'sealed too, and a pointer shows neither which chat it is for nor when it was written. Everyone needs this version of the extension or later.',
          },
          { value: 'clm', title: 'CLM-compatible', text: 'also readable by CLM 2.0.1, but not integrity-protected.' },
        ]}
      />
      <PhraseChoice value={phrase.value} onChange={phrase.setValue} disabled={busy} choosing masterHint="everyone in this chat has it." />
      {(phrase.problem ?? error) && <ErrorNotice message={phrase.problem ?? error ?? ''} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" class="button button--primary" disabled={busy || name.trim() === ''}>
          Create chat
        </button>
      </div>
    </form>
  );
}
