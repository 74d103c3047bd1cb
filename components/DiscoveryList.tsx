import { useState } from 'preact/hooks';
import type { PointerErrorCode } from '../lib/clm/errors.ts';
import { type MessageKey, plural, t } from '../lib/i18n/i18n.ts';
import type { DiscoveryResultView, MessageView } from '../lib/wire/views.ts';
import { BackgroundDetail, ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { formatWhen, isoTime, OPENED_WITH_LABELS } from './format.ts';

/** What went wrong, as a heading a person can act on. */
export const FAILURE_TITLES: Record<PointerErrorCode | 'other', MessageKey> = {
  'too-long': 'failure_too_long',
  'not-a-pointer': 'failure_not_a_pointer',
  'bad-chat-id': 'failure_bad_chat_id',
  'bad-epoch': 'failure_bad_epoch',
  'bad-ciphertext': 'failure_bad_ciphertext',
  'not-for-this-phrase': 'failure_not_for_this_phrase',
  'unsupported-version': 'failure_unsupported_version',
  other: 'failure_unknown',
};

export type AddChat = (clmId: string, name: string, seedSuffix: string) => Promise<boolean>;

/** Adding the chat a pointer names: its name, and the seed suffix it has in CLM. */
function AddChatForm({ clmId, onAdd }: { readonly clmId: string; readonly onAdd: AddChat }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(() => t('add_chat_default_name', clmId));
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
        {t('add_chat_n', clmId)}
      </button>
    );
  }
  return (
    <div class="stack" role="group" aria-label={t('add_chat_n', clmId)}>
      <Field label={t('new_chat_name')} value={name} onInput={setName} disabled={busy} autoFocus />
      <Field label={t('add_chat_suffix')} hint={t('add_chat_suffix_hint')} value={suffix} onInput={setSuffix} disabled={busy} />
      <div class="actions">
        <button
          type="button"
          class="button button--small"
          onClick={() => {
            setOpen(false);
          }}
        >
          {t('cancel')}
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
          {t('invite_add_chat')}
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
          {result.status === 'duplicate' ? t('found_duplicate') : t('found_discovered')}
          {currentChatId !== message.chatId && ` — ${t('found_in_chat', message.chatName)}`}
        </p>
        <p class="discover__message">
          <strong>{t('sender_with_colon', message.sender)}</strong> {message.text}
        </p>
        <p class="small muted">
          <time dateTime={isoTime(when)}>{formatWhen(when)}</time> · {t(OPENED_WITH_LABELS[message.openedWith])}
          {!message.integrityProtected && ` · ${t('found_unprotected')}`}
        </p>
        {message.stranded && <p class="small">{t('found_stranded', message.chatId)}</p>}
        <div class="actions actions--start">
          {onOpenMessage && (
            <button
              type="button"
              class="button button--small"
              onClick={() => {
                onOpenMessage(message.id);
              }}
            >
              {t('details')}
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
        <p class="muted small">{t('result_waiting')}</p>
        <code class="pointer__text">{result.pointer}</code>
      </li>
    );
  }
  if (result.message) return <Found {...props} message={result.message} />;
  return (
    <li class="result">
      <div class="notice notice--error" role="alert">
        <p class="notice__title">{t(FAILURE_TITLES[result.pointerCode ?? 'other'])}</p>
        {result.error !== undefined && <BackgroundDetail text={result.error} />}
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
        <ol class="results" aria-label={t('results_list_label')}>
          {results.map((r, i) => (
            <Result key={i} result={r} {...rest} />
          ))}
        </ol>
      )}
      {unreadable.length > 0 && (
        <section class="stack" aria-label={t('unreadable_label')}>
          <h3>{plural('unreadable_count', unreadable.length)}</h3>
          <ul class="results" aria-label={t('unreadable_label')}>
            {unreadable.map((u, i) => (
              <li key={i} class="result">
                <div class="notice notice--error" role="alert">
                  <p class="notice__title">{t('unreadable_title')}</p>
                  <BackgroundDetail text={u.reason} />
                  <code class="pointer__text">{u.excerpt}</code>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {truncated && <p class="muted small">{t('results_truncated')}</p>}
      {results.length === 0 && unreadable.length === 0 && <ErrorNotice message={t('results_no_pointer', '{"c": "1", "e": 1736854567, "d": "…"}')} />}
    </div>
  );
}
