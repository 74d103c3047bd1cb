/** Requests about chats: list, create, rename, format, CLM number, own phrase, invites, clear, delete. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export function chatHandlers(
  vault: Vault,
): Pick<
  Handlers,
  | 'listChats'
  | 'listChatNames'
  | 'createChat'
  | 'renameChat'
  | 'setChatFormat'
  | 'setChatClmId'
  | 'setChatPhrase'
  | 'revealChatPhrase'
  | 'getChatInvite'
  | 'addChatFromInvite'
  | 'addChatForPointer'
  | 'clearChatHistory'
  | 'deleteChat'
> {
  return {
    listChats: () => vault.listChats(),
    listChatNames: () => vault.listChatNames(),
    createChat: (p) => vault.createChat(p),
    renameChat: (p) => vault.renameChat(p),
    setChatFormat: (p) => vault.setChatFormat(p),
    setChatClmId: (p) => vault.setChatClmId(p),
    setChatPhrase: (p) => vault.setChatPhrase(p),
    revealChatPhrase: (p) => vault.revealChatPhrase(p),
    getChatInvite: (p) => vault.chatInvite(p),
    addChatFromInvite: (p) => vault.addChatFromInvite(p),
    addChatForPointer: (p) => vault.addChatForPointer(p),
    clearChatHistory: (p) => vault.clearChatHistory(p),
    deleteChat: (p) => vault.deleteChat(p),
  };
}
