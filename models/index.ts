/** Every model of the popup, created once over the typed client. */
import type { Api, StatusView } from '../lib/wire/protocol.ts';
import { type ChatsModel, createChatsModel } from './chats-model.ts';
import { type ContactsModel, createContactsModel } from './contacts-model.ts';
import { type ConversationModel, createConversationModel } from './conversation-model.ts';
import { type CopyModel, createCopyModel } from './copy-model.ts';
import { createDiscoverModel, type DiscoverModel } from './discover-model.ts';
import { createMessageListModel, type MessageListModel } from './history-model.ts';
import { createMessageModel, type MessageModel } from './message-model.ts';
import { createNavigationModel, type NavigationModel } from './navigation-model.ts';
import { createProfileModel, type ProfileModel } from './profile-model.ts';
import { createSessionModel, type SessionModel } from './session-model.ts';
import { createTrashActions, type TrashActions } from './trash-actions.ts';

export interface Models {
  readonly session: SessionModel;
  readonly navigation: NavigationModel;
  readonly chats: ChatsModel;
  /** This profile's card, adding contacts, safety numbers, "New identity". */
  readonly contacts: ContactsModel;
  readonly conversation: ConversationModel;
  /** "Paste a pointer" on the Chats screen. */
  readonly discover: DiscoverModel;
  /** "Receive" inside a chat: its own results, so each screen shows only what it made. */
  readonly receive: DiscoverModel;
  readonly history: MessageListModel;
  readonly trash: MessageListModel;
  readonly trashActions: TrashActions;
  readonly message: MessageModel;
  readonly profile: ProfileModel;
  readonly copy: CopyModel;
  /** Opens "Import and backup" (a full page: files are chosen and saved there). */
  readonly openImportPage: () => void;
}

/** What the popup's models need besides the Api: the clipboard, opening a page, an early answer. */
export interface PopupDeps {
  readonly writeText: (text: string) => Promise<void>;
  readonly openImportPage: () => void;
  /** The lock state already asked while the popup loaded, if it was. */
  readonly firstStatus?: Promise<StatusView> | undefined;
}

export function createModels(api: Api, { writeText, openImportPage, firstStatus }: PopupDeps): Models {
  const session = createSessionModel(api, Date, firstStatus);
  const chats = createChatsModel(api);
  const conversation = createConversationModel(api);
  const refreshAfterDiscovery = () => {
    void chats.refresh();
    if (conversation.chatId.value !== null) void conversation.reload();
  };
  const discover = createDiscoverModel(api, refreshAfterDiscovery);
  const receive = createDiscoverModel(api, refreshAfterDiscovery);
  const trash = createMessageListModel(api, { trashed: true });
  return {
    session,
    navigation: createNavigationModel(),
    chats,
    contacts: createContactsModel(api, () => chats.refresh()),
    conversation,
    discover,
    receive,
    history: createMessageListModel(api, { trashed: false }),
    trash,
    trashActions: createTrashActions(api, async () => {
      await Promise.all([trash.reload(), chats.refresh()]);
    }),
    message: createMessageModel(api),
    profile: createProfileModel(api, () => session.refresh()),
    copy: createCopyModel(writeText),
    openImportPage,
  };
}
