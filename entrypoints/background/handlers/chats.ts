/** Requests about chats: list (also while locked), create, rename, set the format, clear, delete. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export function chatHandlers(vault: Vault): Pick<Handlers, 'listChats' | 'createChat' | 'renameChat' | 'setChatFormat' | 'clearChatHistory' | 'deleteChat'> {
  return {
    listChats: () => vault.listChats(),
    createChat: (p) => vault.createChat(p),
    renameChat: (p) => vault.renameChat(p),
    setChatFormat: (p) => vault.setChatFormat(p),
    clearChatHistory: (p) => vault.clearChatHistory(p),
    deleteChat: (p) => vault.deleteChat(p),
  };
}
