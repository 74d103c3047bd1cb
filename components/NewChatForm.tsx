import { useState } from 'preact/hooks';
import type { ChatFormat } from '../lib/vault/schema.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';

interface NewChatFormProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onCreate: (name: string, seedSuffix: string, format: ChatFormat) => Promise<boolean>;
  readonly onCancel: () => void;
}

/** Creating a chat: a name, and optionally the seed suffix both sides must share. */
export function NewChatForm({ busy, error, onCreate, onCancel }: NewChatFormProps) {
  const [name, setName] = useState('');
  const [suffix, setSuffix] = useState('');
  const [format, setFormat] = useState<ChatFormat>('sealed');
  return (
    <form
      class="panel stack"
      aria-label="New chat"
      onSubmit={(e) => {
        e.preventDefault();
        void onCreate(name, suffix, format);
      }}
    >
      <Field label="Chat name" value={name} onInput={setName} maxLength={80} required disabled={busy} autoFocus />
      <Field
        label="Seed suffix (optional)"
        hint="Everyone in the chat must use the same suffix. Empty means chat_<id>, as in CLM."
        value={suffix}
        onInput={setSuffix}
        maxLength={200}
        disabled={busy}
      />
      <fieldset class="choice" disabled={busy}>
        <legend>Pointers</legend>
        <label>
          <input
            type="radio"
            name="format"
            checked={format === 'sealed'}
            onChange={() => {
              setFormat('sealed');
            }}
          />
          <span>
            <strong>Sealed</strong> — tamper-proof, a fresh nonce per message. Everyone in the chat needs this extension.
          </span>
        </label>
        <label>
          <input
            type="radio"
            name="format"
            checked={format === 'clm'}
            onChange={() => {
              setFormat('clm');
            }}
          />
          <span>
            <strong>CLM-compatible</strong> — also readable by CLM 2.0.1, but not integrity-protected.
          </span>
        </label>
      </fieldset>
      {error && <ErrorNotice message={error} />}
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
