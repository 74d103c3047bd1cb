import { useState } from 'preact/hooks';
import type { PointerErrorCode } from '../lib/errors.ts';
import type { DiscoveryResultView, MessageView } from '../lib/views.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { formatWhen, isoTime, OPENED_WITH_LABELS, plural } from './format.ts';

/** What went wrong, as a heading a person can act on. */
export const FAILURE_TITLES: Record<PointerErrorCode | 'other', string> = {
  'too-long': 'Too long to be a pointer',
  'not-a-pointer': 'That is not a pointer',
  'bad-chat-id': 'The chat id ("c") is wrong',
  'bad-epoch': 'The time ("e") is wrong',
  'bad-ciphertext': 'The ciphertext ("d") is damaged',
  'not-for-this-phrase': 'Altered, or not for this phrase',
  'unsupported-version': 'A newer kind of pointer',
  other: 'Could not discover this pointer',
};

export type AddChat = (clmId: string, name: string, seedSuffix: string) => Promise<boolean>;

/** Adding the chat a pointer names: its name, and the seed suffix it has in CLM. */
function AddChatForm({ clmId, onAdd }: { readonly clmId: string; readonly onAdd: AddChat }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(`Chat ${clmId}`);
  const [suffix, setSuffix] = useState(`chat_${clmId}`);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        class="button button--small"
        onClick={() => {
          setOpen(true);
        }}
      >
        Add chat {clmId}
      </button>
    );
  }
  return (
    <div class="stack" role="group" aria-label={`Add chat ${clmId}`}>
      <Field label="Chat name" value={name} onInput={setName} disabled={busy} autoFocus />
      <Field label="Seed suffix" hint="As it is in CLM. CLM's own rule for a chat it made: chat_<number>." value={suffix} onInput={setSuffix} disabled={busy} />
      <div class="actions">
        <button
          type="button"
          class="button button--small"
          onClick={() => {
            setOpen(false);
          }}
        >
          Cancel
        </button>
        <button
          type="button"
          class="button button--small button--primary"
          disabled={busy || name.trim() === ''}
          onClick={() => {
            setBusy(true);
            void onAdd(clmId, name, suffix).finally(() => {
              setBusy(false);
            });
          }}
        >
          Add chat
        </button>
      </div>
    </div>
  );
}

function Found({ result, message, currentChatId, onOpenMessage, onAddChat }: ResultProps & { readonly message: MessageView }) {
  const when = message.epoch * 1000;
  return (
    <li class="result">
      <div class="notice notice--ok" role="status">
        <p class="notice__title">
          {result.status === 'duplicate' ? 'Already in your history' : 'Message discovered'}
          {currentChatId !== message.chatId && ` — in ${message.chatName}`}
        </p>
        <p class="discover__message">
          <strong>{message.sender}:</strong> {message.text}
        </p>
        <p class="small muted">
          <time dateTime={isoTime(when)}>{formatWhen(when)}</time> · {OPENED_WITH_LABELS[message.openedWith]}
          {!message.integrityProtected && ' · CLM 2.0.1 pointer: not integrity-protected.'}
        </p>
        {message.stranded && <p class="small">Chat {message.chatId} is not in your list; the message is kept apart until you add it.</p>}
        <div class="actions actions--start">
          {onOpenMessage && (
            <button
              type="button"
              class="button button--small"
              onClick={() => {
                onOpenMessage(message.id);
              }}
            >
              Details
            </button>
          )}
          {message.stranded && onAddChat && <AddChatForm clmId={message.chatId} onAdd={onAddChat} />}
        </div>
      </div>
    </li>
  );
}

interface ResultProps {
  readonly result: DiscoveryResultView;
  readonly currentChatId?: string | undefined;
  readonly onOpenMessage?: ((id: number) => void) | undefined;
  readonly onAddChat?: AddChat | undefined;
}

function Result(props: ResultProps) {
  const { result } = props;
  if (result.status === 'pending') {
    return (
      <li class="result">
        <p class="muted small">Waiting for you to unlock…</p>
        <code class="pointer__text">{result.pointer}</code>
      </li>
    );
  }
  if (result.message) return <Found {...props} message={result.message} />;
  return (
    <li class="result">
      <div class="notice notice--error" role="alert">
        <p class="notice__title">{FAILURE_TITLES[result.pointerCode ?? 'other']}</p>
        <p>{result.error}</p>
        <code class="pointer__text">{result.pointer}</code>
        {result.unknownChatId !== undefined && props.onAddChat && <AddChatForm clmId={result.unknownChatId} onAdd={props.onAddChat} />}
      </div>
    </li>
  );
}

interface DiscoveryListProps {
  readonly results: readonly DiscoveryResultView[];
  readonly unreadable: readonly { readonly reason: string; readonly excerpt: string }[];
  readonly truncated: boolean;
  readonly currentChatId?: string | undefined;
  readonly onOpenMessage?: ((id: number) => void) | undefined;
  readonly onAddChat?: AddChat | undefined;
}

/** What a discovery found: each pointer's message or why it failed, and what looked like a pointer but could not be read. */
export function DiscoveryList({ results, unreadable, truncated, ...rest }: DiscoveryListProps) {
  return (
    <div class="stack">
      {results.length > 0 && (
        <ol class="results" aria-label="Discovered messages">
          {results.map((r, i) => (
            <Result key={i} result={r} {...rest} />
          ))}
        </ol>
      )}
      {unreadable.length > 0 && (
        <section class="stack" aria-label="Unreadable pointers">
          <h3>{plural(unreadable.length, 'pointer', 'pointers')} could not be read</h3>
          <ul class="results" aria-label="Unreadable pointers">
            {unreadable.map((u, i) => (
              <li key={i} class="result">
                <div class="notice notice--error" role="alert">
                  <p class="notice__title">Could not read this pointer</p>
                  <p>{u.reason}</p>
                  <code class="pointer__text">{u.excerpt}</code>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {truncated && <p class="muted small">The text is very long; only its first two million characters (and at most 1,000 pointers) were read.</p>}
      {results.length === 0 && unreadable.length === 0 && <ErrorNotice message={'No pointer found. A pointer looks like {"c": "1", "e": 1736854567, "d": "…"}, or starts with CLM1: or CLM2:'} />}
    </div>
  );
}
