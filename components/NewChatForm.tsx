import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { type ChatFormat, LIMITS } from '../lib/wire/limits.ts';
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
  /** A weak phrase of its own, accepted on purpose. */
  readonly weakPhraseAccepted: boolean;
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
      aria-label={t('chats_new_chat')}
      onSubmit={(e) => {
        e.preventDefault();
        phrase.submit((chosen) => void onCreate({ name, seedSuffix: suffix, format, phrase: chosen.phrase, weakPhraseAccepted: chosen.weakPhraseAccepted, clmId }));
      }}
    >
      <Field label={t('new_chat_name')} value={name} onInput={setName} maxLength={LIMITS.chatName} required disabled={busy} autoFocus />
      <Field
        label={t('new_chat_number')}
        hint={t('new_chat_number_hint')}
        value={clmId}
        onInput={setClmId}
        maxLength={LIMITS.chatId}
        disabled={busy}
      />
      <Field
        label={t('new_chat_suffix')}
        hint={t('new_chat_suffix_hint')}
        value={suffix}
        onInput={setSuffix}
        maxLength={LIMITS.seedSuffix}
        disabled={busy}
      />
      <RadioChoice
        legend={t('new_chat_pointers')}
        value={format}
        onChange={setFormat}
        disabled={busy}
        options={[
          { value: 'sealed', title: t(FORMAT_LABELS.sealed), text: t('new_chat_sealed_text') },
          { value: 'sealed2', title: t(FORMAT_LABELS.sealed2), text: t('new_chat_sealed2_text') },
          { value: 'clm', title: t(FORMAT_LABELS.clm), text: t('new_chat_clm_text') },
        ]}
      />
      <PhraseChoice value={phrase.value} onChange={phrase.setValue} disabled={busy} choosing masterHint={t('new_chat_master_hint')} />
      {(phrase.problem ?? error) && <ErrorNotice message={phrase.problem ?? error ?? ''} />}
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={busy || name.trim() === ''}>
          {t('new_chat_create')}
        </button>
      </div>
    </form>
  );
}
