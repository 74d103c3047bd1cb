/** The chat list (names and counts are readable while locked; texts never are). */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { ChatView } from '../../../lib/protocol.ts';
import type { Api } from '../../../platform/client.ts';

export interface ChatsModel {
  readonly chats: ReadonlySignal<readonly ChatView[] | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly refresh: () => Promise<void>;
}

export function createChatsModel(api: Api): ChatsModel {
  const chats = signal<readonly ChatView[] | null>(null);
  const error = signal<string | null>(null);
  return {
    chats,
    error,
    refresh: async () => {
      try {
        chats.value = await api('listChats', {});
        error.value = null;
      } catch (e) {
        error.value = e instanceof Error ? e.message : 'Could not load the chats.';
      }
    },
  };
}
