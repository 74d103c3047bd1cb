import { useState } from 'preact/hooks';
import type { DiscoveryView } from '../lib/views.ts';
import { type AddChat, DiscoveryList } from './DiscoveryList.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Spinner } from './Spinner.tsx';
import { TextArea } from './TextArea.tsx';

export interface DiscoverPanelProps {
  readonly busy: boolean;
  readonly result: DiscoveryView | null;
  readonly error: string | null;
  readonly onDiscover: (text: string) => Promise<boolean>;
  readonly onOpenMessage: (id: number) => void;
  readonly onAddChat: AddChat;
  /** Whether a result is in the chat on screen (else it says which chat it went to). */
  readonly currentChatId?: string;
}

/** "Paste a pointer": every pointer in what is pasted, each with its message or exactly why not. */
export function DiscoverPanel({ busy, result, error, onDiscover, onOpenMessage, onAddChat, currentChatId }: DiscoverPanelProps) {
  const [text, setText] = useState('');
  const submit = async () => {
    if (text.trim() === '' || busy) return;
    if (await onDiscover(text)) setText('');
  };
  return (
    <form
      class="panel stack discover"
      aria-label="Discover a message"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextArea
        label="Paste a pointer"
        value={text}
        onInput={setText}
        rows={2}
        mono
        placeholder={'{"c": "1", "e": 1736854567, "d": "…"}'}
        disabled={busy}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || text.trim() === ''}>
          {busy ? <Spinner label="Discovering…" /> : 'Discover'}
        </button>
      </div>
      {error && <ErrorNotice message={error} />}
      {result && <DiscoveryList {...result} currentChatId={currentChatId} onOpenMessage={onOpenMessage} onAddChat={onAddChat} />}
    </form>
  );
}
