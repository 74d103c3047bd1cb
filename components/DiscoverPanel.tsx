import { useState } from 'preact/hooks';
import type { PointerErrorCode } from '../lib/errors.ts';
import type { MessageView } from '../lib/protocol.ts';
import { Spinner } from './Spinner.tsx';
import { TextArea } from './TextArea.tsx';

export interface DiscoverPanelProps {
  readonly busy: boolean;
  readonly result: { readonly message: MessageView; readonly duplicate: boolean } | null;
  readonly failure: { readonly message: string; readonly pointerCode: PointerErrorCode | undefined } | null;
  readonly onDiscover: (pointer: string) => Promise<boolean>;
  readonly onOpenMessage: (id: number) => void;
  /** Whether the result is in the chat on screen (else it says which chat it went to). */
  readonly currentChatId?: string;
}

/** What went wrong, as a heading a person can act on. */
const FAILURE_TITLES: Record<PointerErrorCode | 'other', string> = {
  'too-long': 'Too long to be a pointer',
  'not-a-pointer': 'That is not a pointer',
  'bad-chat-id': 'The chat id ("c") is wrong',
  'bad-epoch': 'The time ("e") is wrong',
  'bad-ciphertext': 'The ciphertext ("d") is damaged',
  'not-for-this-phrase': 'Altered, or not for this phrase',
  'unsupported-version': 'A newer kind of pointer',
  other: 'Could not discover this pointer',
};

/** "Paste a pointer": discovers it and shows the message, or exactly why it could not. */
export function DiscoverPanel({ busy, result, failure, onDiscover, onOpenMessage, currentChatId }: DiscoverPanelProps) {
  const [pointer, setPointer] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await onDiscover(pointer)) setPointer('');
  };
  return (
    <form
      class="panel stack discover"
      aria-label="Discover a message"
      onSubmit={(e) => {
        void submit(e);
      }}
    >
      <TextArea
        label="Paste a pointer"
        value={pointer}
        onInput={setPointer}
        rows={2}
        mono
        placeholder={'{"c": "1", "e": 1736854567, "d": "…"}'}
        disabled={busy}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || pointer.trim() === ''}>
          {busy ? <Spinner label="Discovering…" /> : 'Discover'}
        </button>
      </div>
      {failure && (
        <div class="notice notice--error" role="alert">
          <p class="notice__title">{FAILURE_TITLES[failure.pointerCode ?? 'other']}</p>
          <p>{failure.message}</p>
        </div>
      )}
      {result && (
        <div class="notice notice--ok" role="status">
          <p class="notice__title">
            {result.duplicate ? 'Already in your history' : 'Message discovered'}
            {currentChatId !== result.message.chatId && ` — in ${result.message.chatName}`}
          </p>
          <p class="discover__message">
            <strong>{result.message.sender}:</strong> {result.message.text}
          </p>
          {!result.message.integrityProtected && <p class="small">CLM 2.0.1 pointer: not integrity-protected.</p>}
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              onOpenMessage(result.message.id);
            }}
          >
            Details
          </button>
        </div>
      )}
    </form>
  );
}
