import type { ChatView } from '../lib/protocol.ts';

/** The chats with their message counts. */
export function ChatList({ chats }: { readonly chats: readonly ChatView[] }) {
  if (chats.length === 0) return <p class="muted">No chats yet.</p>;
  return (
    <ul class="chat-list" aria-label="Chats">
      {chats.map((chat) => (
        <li key={chat.id} class="chat-list__item">
          <span class="chat-list__name">{chat.name}</span>
          <span class="chat-list__count">
            {chat.messageCount} {chat.messageCount === 1 ? 'message' : 'messages'}
          </span>
        </li>
      ))}
    </ul>
  );
}
