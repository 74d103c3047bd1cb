import { useEffect } from 'preact/hooks';
import { ChatScreen } from '../../../components/ChatScreen.tsx';
import type { Models } from '../../../models/index.ts';
import { discoverProps } from './discover-props.ts';

export function ChatView({ m, chatId }: { readonly m: Models; readonly chatId: string }) {
  useEffect(() => {
    void m.conversation.open(chatId);
    // What Receive found in another chat, or why marking another contact failed, is not this chat's to show.
    m.receive.reset();
    m.contacts.clearVerifyError();
  }, [m, chatId]);
  const chat = m.chats.chats.value?.find((c) => c.id === chatId);
  const last = m.conversation.lastPointer.value;
  const back = () => {
    m.navigation.go({ screen: 'chats' });
  };
  return (
    <ChatScreen
      chat={chat}
      messages={m.conversation.messages.value}
      earlier={m.conversation.earlier.value}
      error={m.conversation.error.value}
      onBack={back}
      onLoadEarlier={() => void m.conversation.loadEarlier()}
      onOpenMessage={(id) => {
        m.navigation.go({ screen: 'message', id, back: { screen: 'chat', chatId } });
      }}
      composer={{
        busy: m.conversation.sending.value,
        error: m.conversation.sendError.value,
        onSend: async (text) => {
          const ok = await m.conversation.send(text);
          if (ok) void m.chats.refresh();
          return ok;
        },
      }}
      lastPointer={last?.pointer ?? null}
      lastPointerWarning={last?.warning ?? null}
      pointerCopied={last !== null && m.copy.copied.value === `sent:${last.message.id}`}
      onCopyPointer={(pointer) => {
        if (last) void m.copy.copy(`sent:${last.message.id}`, pointer);
      }}
      copyError={m.copy.error.value}
      discover={discoverProps(m, m.receive)}
      manage={{
        busy: m.chats.busy.value,
        error: m.chats.actionError.value,
        onRename: (name) => m.chats.rename(chatId, name),
        onSetClmId: (clmId) => m.chats.setClmId(chatId, clmId),
        onSetFormat: (format) => void m.chats.setFormat(chatId, format),
        onSetPhrase: (phrase, weakPhraseAccepted) => m.chats.setPhrase(chatId, phrase, weakPhraseAccepted),
        onReveal: (masterPhrase) => m.chats.reveal(chatId, masterPhrase),
        onInvite: () => m.chats.invite(chatId),
        inviteCopied: m.copy.copied.value === `invite:${chatId}`,
        onCopyInvite: (invite) => void m.copy.copy(`invite:${chatId}`, invite),
        onClear: () => {
          void m.chats.clearHistory(chatId).then(() => m.conversation.reload());
        },
        verify: {
          busy: m.contacts.verifying.value,
          pending: m.contacts.verifyingTo.value,
          error: m.contacts.verifyError.value,
          onSetVerified: (verified) => void m.contacts.setVerified(chatId, verified, chat?.contact?.safetyNumber ?? ''),
        },
        onDelete: () => {
          void m.chats.remove(chatId).then((ok) => {
            if (ok) back();
          });
        },
      }}
    />
  );
}
