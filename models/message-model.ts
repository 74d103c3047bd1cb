/** One message, opened by id: its details, and moving it to or from the trash, or deleting it. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, MessageView } from '../lib/wire/protocol.ts';
import { newestWins, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface MessageModel {
  readonly message: ReadonlySignal<MessageView | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly busy: ReadonlySignal<boolean>;
  readonly load: (id: number) => Promise<boolean>;
  readonly trash: () => Promise<boolean>;
  readonly restore: () => Promise<boolean>;
  readonly deleteForever: () => Promise<boolean>;
}

export function createMessageModel(api: Api): MessageModel {
  const message = signal<MessageView | null>(null);
  const error = signal<string | null>(null);
  const busy = signal(false);
  // Opening one message, then another before the first answered, shows the second.
  const opens = newestWins();
  const act = async (task: () => Promise<unknown>): Promise<boolean> => (await runAction({ busy, error }, task)).ok;
  const current = () => {
    const m = message.value;
    if (!m) throw new Error(t('error_no_message_open'));
    return m;
  };
  return {
    message,
    error,
    busy,
    load: (id) =>
      act(async () => {
        const isNewest = opens.start();
        message.value = null;
        const found = await api('getMessage', { id });
        if (isNewest()) message.value = found;
      }),
    trash: () =>
      act(async () => {
        message.value = await api('trashMessage', { id: current().id });
      }),
    restore: () =>
      act(async () => {
        message.value = await api('restoreMessage', { id: current().id });
      }),
    deleteForever: () =>
      act(async () => {
        await api('deleteMessageForever', { id: current().id });
        message.value = null;
      }),
  };
}
