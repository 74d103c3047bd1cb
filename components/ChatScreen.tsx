import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatView, MessageView } from '../lib/protocol.ts';
import { FORMAT_LABELS, PHRASE_LABELS } from './format.ts';
import { Composer } from './Composer.tsx';
import { ChatSettings, type ChatSettingsProps } from './ChatSettings.tsx';
import { DiscoverPanel, type DiscoverPanelProps } from './DiscoverPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { PointerBox } from './PointerBox.tsx';

interface ChatScreenProps {
  readonly chat: ChatView | undefined;
  readonly messages: readonly MessageView[] | null;
  readonly earlier: number;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onLoadEarlier: () => void;
  readonly onOpenMessage: (id: number) => void;
  readonly composer: { readonly busy: boolean; readonly error: string | null; readonly onSend: (text: string) => Promise<boolean> };
  readonly lastPointer: string | null;
  /** `clm-terminal`: the pointer is longer than CLM 2.0.1 can read from its terminal. */
  readonly lastPointerWarning: 'clm-terminal' | null;
  readonly pointerCopied: boolean;
  readonly onCopyPointer: (pointer: string) => void;
  readonly copyError: string | null;
  readonly discover: DiscoverPanelProps;
  readonly manage: Omit<ChatSettingsProps, 'chat'>;
}

/** One chat: its messages, writing one (and the pointer to publish), and receiving. */
export function ChatScreen(props: ChatScreenProps) {
  const { chat, messages, earlier, error, onBack, onLoadEarlier, onOpenMessage, composer, lastPointer, discover, manage } = props;
  const [tools, setTools] = useState<'none' | 'discover' | 'manage'>('none');
  const end = useRef<HTMLDivElement>(null);
  const count = messages?.length ?? 0;
  useEffect(() => {
    // Newest at the bottom, as in any messenger; after a send, the pointer to publish.
    end.current?.scrollIntoView({ block: 'end' });
  }, [count, lastPointer]);
  if (!chat) {
    return (
      <div class="stack">
        <button type="button" class="button button--small back" onClick={onBack}>
          ← Chats
        </button>
        <EmptyState title="This chat no longer exists." />
      </div>
    );
  }
  return (
    <div class="stack">
      <div class="chat-head">
        <button type="button" class="button button--small back" onClick={onBack} aria-label="Back to chats">
          ←
        </button>
        <div class="chat-head__title">
          <h2>{chat.name}</h2>
          <p class="muted small">
            CLM no. {chat.clmId} · suffix <code>{chat.seedSuffix}</code> · {FORMAT_LABELS[chat.format]} · {PHRASE_LABELS[chat.phrase]}
          </p>
        </div>
        <button
          type="button"
          class="button button--small"
          aria-expanded={tools === 'discover'}
          onClick={() => {
            setTools(tools === 'discover' ? 'none' : 'discover');
          }}
        >
          Receive
        </button>
        <button
          type="button"
          class="button button--small"
          aria-expanded={tools === 'manage'}
          onClick={() => {
            setTools(tools === 'manage' ? 'none' : 'manage');
          }}
        >
          Manage
        </button>
      </div>
      {tools === 'discover' && <DiscoverPanel {...discover} currentChatId={chat.id} />}
      {tools === 'manage' && <ChatSettings key={chat.id} chat={chat} {...manage} />}
      {error && <ErrorNotice message={error} />}
      {messages !== null && messages.length === 0 && (
        <EmptyState title="No messages yet">
          <p>Write one below: you get a pointer to publish anywhere. To read a pointer someone posted, use “Receive”.</p>
        </EmptyState>
      )}
      {messages !== null && messages.length > 0 && (
        <ol class="conversation" aria-label={`Messages in ${chat.name}`}>
          {earlier > 0 && (
            <li class="conversation__earlier">
              <button type="button" class="button button--small" onClick={onLoadEarlier}>
                Show {earlier} earlier
              </button>
            </li>
          )}
          {messages.map((m) => (
            <MessageBubble
              key={m.id}
              message={m}
              onOpen={() => {
                onOpenMessage(m.id);
              }}
            />
          ))}
        </ol>
      )}
      {lastPointer && (
        <div class="stack">
          <PointerBox
            label="Publish this pointer"
            pointer={lastPointer}
            copied={props.pointerCopied}
            onCopy={() => {
              props.onCopyPointer(lastPointer);
            }}
          />
          {props.lastPointerWarning === 'clm-terminal' && (
            <p class="warning" role="note">
              This pointer is {lastPointer.length.toLocaleString()} characters long. CLM 2.0.1 reads pointers from one terminal line, which holds about
              4,000: a CLM user may not be able to paste it. Shorter messages are safe; this extension reads it either way.
            </p>
          )}
          {props.copyError && <ErrorNotice message={props.copyError} />}
        </div>
      )}
      <div ref={end} class="scroll-anchor" aria-hidden="true" />
      <Composer {...composer} />
    </div>
  );
}
