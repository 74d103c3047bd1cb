import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatView, MessageView } from '../lib/protocol.ts';
import type { ChatFormat } from '../lib/vault/schema.ts';
import { FORMAT_LABELS } from './format.ts';
import { Composer } from './Composer.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DiscoverPanel, type DiscoverPanelProps } from './DiscoverPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
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
  readonly pointerCopied: boolean;
  readonly onCopyPointer: (pointer: string) => void;
  readonly copyError: string | null;
  readonly discover: DiscoverPanelProps;
  readonly manage: {
    readonly busy: boolean;
    readonly error: string | null;
    readonly onRename: (name: string) => Promise<boolean>;
    readonly onSetFormat: (format: ChatFormat) => void;
    readonly onClear: () => void;
    readonly onDelete: () => void;
  };
}

/** One chat: its messages, writing one (and the pointer to publish), and receiving. */
export function ChatScreen(props: ChatScreenProps) {
  const { chat, messages, earlier, error, onBack, onLoadEarlier, onOpenMessage, composer, lastPointer, discover, manage } = props;
  const [tools, setTools] = useState<'none' | 'discover' | 'manage'>('none');
  const [name, setName] = useState(chat?.name ?? '');
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
            id {chat.id} · suffix <code>{chat.seedSuffix}</code> · {FORMAT_LABELS[chat.format]}
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
            setName(chat.name);
            setTools(tools === 'manage' ? 'none' : 'manage');
          }}
        >
          Manage
        </button>
      </div>
      {tools === 'discover' && <DiscoverPanel {...discover} currentChatId={chat.id} />}
      {tools === 'manage' && (
        <div class="panel stack" aria-label="Manage this chat">
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void manage.onRename(name);
            }}
          >
            <Field label="Chat name" value={name} onInput={setName} maxLength={80} disabled={manage.busy} />
            <button type="submit" class="button" disabled={manage.busy || name.trim() === '' || name === chat.name}>
              Rename
            </button>
          </form>
          <label class="field">
            <span class="field__label">Pointers</span>
            <select
              value={chat.format}
              disabled={manage.busy}
              onChange={(e) => {
                manage.onSetFormat(e.currentTarget.value === 'clm' ? 'clm' : 'sealed');
              }}
            >
              <option value="sealed">Sealed (tamper-proof; needs this extension)</option>
              <option value="clm">CLM-compatible (readable by CLM 2.0.1; not integrity-protected)</option>
            </select>
          </label>
          <div class="actions actions--start">
            <ConfirmButton
              label="Clear history"
              question={`Delete all ${chat.messageCount + chat.trashedCount} messages for good?`}
              confirmLabel="Clear"
              danger
              disabled={manage.busy}
              onConfirm={manage.onClear}
            />
            <ConfirmButton label="Delete chat" question="Delete the chat and its messages?" confirmLabel="Delete" danger disabled={manage.busy} onConfirm={manage.onDelete} />
          </div>
          {manage.error && <ErrorNotice message={manage.error} />}
        </div>
      )}
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
          {props.copyError && <ErrorNotice message={props.copyError} />}
        </div>
      )}
      <div ref={end} class="scroll-anchor" aria-hidden="true" />
      <Composer {...composer} />
    </div>
  );
}
