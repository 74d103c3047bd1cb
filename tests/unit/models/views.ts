/**
 * Sample views as the background sends them, for model tests: each builder gives a complete,
 * type-correct view that a test changes only where it matters.
 */
import type { ChatView, DiscoveryResultView, DiscoveryView, MessagePage, MessageView, ProfileView, SentView, StatusView } from '../../../lib/wire/protocol.ts';

export const SAFETY_NUMBER = '12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890';

export function chatView(over: Partial<ChatView> = {}): ChatView {
  return {
    id: '1',
    clmId: '1',
    name: 'General',
    seedSuffix: '',
    format: 'sealed',
    phrase: 'master',
    messageCount: 0,
    trashedCount: 0,
    lastMessageAt: null,
    contact: null,
    ...over,
  };
}

export function messageView(over: Partial<MessageView> = {}): MessageView {
  const id = over.id ?? 1;
  return {
    id,
    chatId: '1',
    chatName: 'General',
    stranded: false,
    kind: 'received',
    sender: 'bob',
    text: `message ${id}`,
    epoch: 1_736_854_567 + id,
    savedAt: 1_736_854_567_000 + id * 1000,
    trashed: false,
    pointer: `CLM1:pointer-${id}`,
    format: 'sealed',
    integrityProtected: true,
    openedWith: 'profile-phrase',
    ...over,
  };
}

/** Messages with the ids `from`, `from + 1`, … (`count` of them), the rest as `over` says. */
export function messageRun(from: number, count: number, over: Partial<MessageView> = {}): MessageView[] {
  return Array.from({ length: count }, (_, i) => messageView({ ...over, id: from + i }));
}

export function messagePage(messages: readonly MessageView[], total = messages.length): MessagePage {
  return { total, messages: [...messages], damaged: 0 };
}

export function sentView(message: MessageView = messageView({ kind: 'sent', sender: 'alice' })): SentView {
  return { message, pointer: message.pointer, warning: null };
}

export function profileView(over: Partial<ProfileView> = {}): ProfileView {
  return {
    username: 'alice',
    clmPublicKey: 'ab'.repeat(32),
    createdAt: 1_736_854_567_000,
    autoLockMinutes: 15,
    chatNamesWhenLocked: false,
    kdf: { name: 'scrypt', N: 131_072, r: 8, p: 1 },
    ...over,
  };
}

export function discoveryView(results: readonly DiscoveryResultView[]): DiscoveryView {
  return { results: [...results], unreadable: [], truncated: false };
}

export const LOCKED: StatusView = { state: 'locked', username: 'alice' };
export const UNLOCKED: StatusView = { state: 'unlocked', username: 'alice' };
