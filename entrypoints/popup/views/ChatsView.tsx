import { ChatsScreen } from '../../../components/ChatsScreen.tsx';
import type { Models } from '../../../models/index.ts';
import { discoverProps } from './discover-props.ts';

export function ChatsView({ m }: { readonly m: Models }) {
  return (
    <ChatsScreen
      chats={m.chats.chats.value}
      error={m.chats.error.value}
      onOpen={(chatId) => {
        m.navigation.go({ screen: 'chat', chatId });
      }}
      creating={{
        busy: m.chats.busy.value,
        error: m.chats.actionError.value,
        onCreate: async (spec) => {
          const chat = await m.chats.create(spec);
          if (chat) m.navigation.go({ screen: 'chat', chatId: chat.id });
          return chat !== undefined;
        },
        onAddFromInvite: async (invite, phrase) => {
          const chat = await m.chats.addFromInvite(invite, phrase);
          if (chat) m.navigation.go({ screen: 'chat', chatId: chat.id });
          return chat !== undefined;
        },
      }}
      addContact={{
        busy: m.contacts.adding.value,
        error: m.contacts.addError.value,
        onAdd: async (card, name) => {
          const chat = await m.contacts.add(card, name);
          if (chat) m.navigation.go({ screen: 'chat', chatId: chat.id });
          return chat !== undefined;
        },
        onCancel: m.contacts.clearAddError,
      }}
      discover={discoverProps(m, m.discover)}
    />
  );
}
