/**
 * Pasting pointers: every pointer in the text found as the menus find them (mangled, several at
 * once, prose around), each with its own result; and adding the chat a pointer names when none
 * of the person's chats has its CLM number.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, ChatView, DiscoveryView } from '../lib/wire/protocol.ts';
import { newestWins, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface DiscoverModel {
  readonly busy: ReadonlySignal<boolean>;
  /** What the last paste found, pointer by pointer. */
  readonly result: ReadonlySignal<DiscoveryView | null>;
  /** Why the last paste could not be looked at at all (locked, say). */
  readonly error: ReadonlySignal<string | null>;
  readonly discover: (text: string) => Promise<boolean>;
  /** Adds the chat a pointer names, then reads the last paste again. */
  readonly addChat: (clmId: string, name: string, seedSuffix: string) => Promise<ChatView | undefined>;
  readonly reset: () => void;
}

export function createDiscoverModel(api: Api, onDiscovered: () => void = () => undefined): DiscoverModel {
  const busy = signal(false);
  const result = signal<DiscoveryView | null>(null);
  const error = signal<string | null>(null);
  let lastText = '';
  // A second paste before the first was read shows what the second found.
  const pastes = newestWins();

  const discover = async (text: string) => {
    lastText = text;
    const isNewest = pastes.start();
    result.value = null;
    const done = await runAction({ busy, error }, () => api('discoverText', { text }), t('error_not_discovered'));
    if (!done.ok) return false;
    if (isNewest()) result.value = done.value;
    // Even an older paste's finds are saved: the chats and conversation show them.
    if (done.value.results.some((r) => r.message && r.status === 'discovered')) onDiscovered();
    return done.value.results.length > 0;
  };

  return {
    busy,
    result,
    error,
    discover,
    async addChat(clmId, name, seedSuffix) {
      const done = await runAction({ busy, error }, () =>
        api('addChatForPointer', { clmId, name, ...(seedSuffix.trim() !== '' && { seedSuffix }) }),
      );
      if (!done.ok) return undefined;
      onDiscovered();
      if (lastText !== '') await discover(lastText);
      return done.value.chat;
    },
    reset() {
      result.value = null;
      error.value = null;
    },
  };
}

