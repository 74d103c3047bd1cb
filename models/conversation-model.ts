/** One chat's messages, oldest at the top, and sending into it. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, MessageView, SentView } from '../lib/wire/protocol.ts';
import { errorMessage, newestWins, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

const PAGE = 50;

export interface ConversationModel {
  readonly chatId: ReadonlySignal<string | null>;
  /** Oldest first; null while loading. */
  readonly messages: ReadonlySignal<readonly MessageView[] | null>;
  /** Messages older than the oldest shown. */
  readonly earlier: ReadonlySignal<number>;
  readonly error: ReadonlySignal<string | null>;
  readonly sending: ReadonlySignal<boolean>;
  readonly sendError: ReadonlySignal<string | null>;
  /** The pointer of the message just sent, to copy and publish (with a warning if CLM cannot take it). */
  readonly lastPointer: ReadonlySignal<SentView | null>;
  readonly open: (chatId: string) => Promise<void>;
  readonly reload: () => Promise<void>;
  readonly loadEarlier: () => Promise<void>;
  readonly send: (text: string) => Promise<boolean>;
  readonly trash: (id: number) => Promise<void>;
}

export function createConversationModel(api: Api): ConversationModel {
  const chatId = signal<string | null>(null);
  const messages = signal<readonly MessageView[] | null>(null);
  const earlier = signal(0);
  const error = signal<string | null>(null);
  const sending = signal(false);
  const sendError = signal<string | null>(null);
  const lastPointer = signal<SentView | null>(null);
  let shown = PAGE;
  const reads = newestWins();

  const load = async () => {
    const id = chatId.value;
    if (id === null) return;
    const isNewest = reads.start();
    try {
      const page = await api('listMessages', { chatId: id, order: 'newest-first', limit: shown });
      // A later read (another chat opened, a send, a discovery) has the fresher answer.
      if (!isNewest()) return;
      messages.value = [...page.messages].reverse();
      earlier.value = page.total - page.messages.length;
      error.value = null;
    } catch (e) {
      if (isNewest()) error.value = errorMessage(e, t('error_load_messages'));
    }
  };

  return {
    chatId,
    messages,
    earlier,
    error,
    sending,
    sendError,
    lastPointer,
    async open(id) {
      if (chatId.value !== id) {
        chatId.value = id;
        messages.value = null;
        lastPointer.value = null;
        sendError.value = null;
        shown = PAGE;
      }
      await load();
    },
    reload: load,
    async loadEarlier() {
      shown += PAGE;
      await load();
    },
    async send(text) {
      const id = chatId.value;
      if (id === null) return false;
      const done = await runAction(
        { busy: sending, error: sendError },
        async () => {
          lastPointer.value = await api('sendMessage', { chatId: id, text });
          await load();
        },
        t('error_not_sent'),
      );
      return done.ok;
    },
    async trash(id) {
      try {
        await api('trashMessage', { id });
        await load();
      } catch (e) {
        error.value = errorMessage(e, t('error_not_trashed'));
      }
    },
  };
}
