/** Requests about chats: list (also while locked), create, rename, format, own phrase, invites, clear, delete. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export function chatHandlers(
  vault: Vault,
): Pick<
  Handlers,
  | 'listChats'
  | 'createChat'
  | 'renameChat'
  | 'setChatFormat'
  | 'setChatPhrase'
  | 'revealChatPhrase'
  | 'getChatInvite'
  | 'addChatFromInvite'
  | 'clearChatHistory'
  | 'deleteChat'
> {
  return {
    listChats: () => vault.listChats(),
    createChat: (p) => vault.createChat(p),
    renameChat: (p) => vault.renameChat(p),
    setChatFormat: (p) => vault.setChatFormat(p),
    setChatPhrase: (p) => vault.setChatPhrase(p),
    revealChatPhrase: (p) => vault.revealChatPhrase(p),
    getChatInvite: (p) => vault.chatInvite(p),
    addChatFromInvite: (p) => vault.addChatFromInvite(p),
    clearChatHistory: (p) => vault.clearChatHistory(p),
    deleteChat: (p) => vault.deleteChat(p),
  };
}
