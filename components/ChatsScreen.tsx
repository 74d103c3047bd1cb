import { useState } from 'preact/hooks';
import type { ChatView } from '../lib/protocol.ts';
import type { ChatFormat } from '../lib/vault/schema.ts';
import { ChatList } from './ChatList.tsx';
import { DiscoverPanel, type DiscoverPanelProps } from './DiscoverPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { NewChatForm } from './NewChatForm.tsx';

interface ChatsScreenProps {
  readonly chats: readonly ChatView[] | null;
  readonly error: string | null;
  readonly onOpen: (chatId: string) => void;
  readonly creating: {
    readonly busy: boolean;
    readonly error: string | null;
    readonly onCreate: (name: string, seedSuffix: string, format: ChatFormat) => Promise<boolean>;
  };
  readonly discover: DiscoverPanelProps;
}

/** The home screen: receive a pointer, the chats, a new chat. */
export function ChatsScreen({ chats, error, onOpen, creating, discover }: ChatsScreenProps) {
  const [newChat, setNewChat] = useState(false);
  return (
    <div class="stack">
      <DiscoverPanel {...discover} />
      <div class="section-head">
        <h2 class="section-title">Chats</h2>
        {!newChat && (
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              setNewChat(true);
            }}
          >
            New chat
          </button>
        )}
      </div>
      {newChat && (
        <NewChatForm
          busy={creating.busy}
          error={creating.error}
          onCreate={async (name, suffix, format) => {
            const ok = await creating.onCreate(name, suffix, format);
            if (ok) setNewChat(false);
            return ok;
          }}
          onCancel={() => {
            setNewChat(false);
          }}
        />
      )}
      {error && <ErrorNotice message={error} />}
      {chats && chats.length > 0 && <ChatList chats={chats} onOpen={onOpen} />}
      {chats?.length === 0 && (
        <EmptyState title="No chats">
          <p>Create one with “New chat”; the people you talk to create the same one with the same seed suffix.</p>
        </EmptyState>
      )}
    </div>
  );
}
